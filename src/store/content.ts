// The content hash of a day: what says whether a day's record and the values made from it
// (search text, brief, word index) are current, without reading them. Counters are not in
// it, so a counter never makes a day's content look changed.
import { sha256Hex } from "../core/hash";
import type { Counters, PaperContent } from "../core/paper";

const byId = <T extends { id: string }>(papers: T[]) => [...papers].sort((a, b) => (a.id < b.id ? -1 : 1));

/** What contentHash gives: a value naming another form is damaged. */
export const isContentHash = (s: string) => /^[0-9a-f]{32}$/.test(s);

/** SHA-256 (hex, first 16 bytes) of the papers' content, in id order. */
export const contentHash = (papers: PaperContent[]): Promise<string> =>
  sha256Hex(JSON.stringify(byId(papers)));

/**
 * The hash an earlier release stored in summaries of version 2: the papers' content with
 * their comments and stars, in the key order that release wrote. A fresh read whose legacy
 * hash matches such a summary has the content that summary describes, so migrating the
 * summary rewrites nothing else.
 */
export function legacyContentHash(papers: (PaperContent & Omit<Counters, "upvotes">)[]): Promise<string> {
  const ORDER = [
    "id",
    "title",
    "summary",
    "authors",
    "url",
    "arxiv_url",
    "pdf_url",
    "published_at",
    "num_comments",
    "github_repo",
    "github_stars",
    "project_page",
    "thumbnail",
    "ai_summary",
    "ai_keywords",
    "organization",
  ] as const;
  const inOrder = byId(papers).map((p) => {
    const out: Record<string, unknown> = {};
    for (const k of ORDER) if (p[k] !== undefined) out[k] = p[k];
    return out;
  });
  return sha256Hex(JSON.stringify(inOrder));
}
