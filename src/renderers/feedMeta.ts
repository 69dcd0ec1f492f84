// What every feed format shares: a title that says what the feed is filtered on, its
// self link, and the per-paper text. Pure functions of the selection.
import type { Paper } from "../model";
import type { ListQuery } from "../query";

export const FEED_TITLE = "Hugging Face Daily Papers";
export const HF_PAPERS = "https://huggingface.co/papers";
/** Where the JSON Feed extension object `_daily_papers` is described. */
export const EXTENSION_DOC = "https://github.com/daily-papers-feed/daily-papers-feed#json-feed-extension";

export interface FeedContext {
  /** The canonical URL of this page of the feed (its self link and id). */
  selfUrl: string;
  /** The first page, and the next one when there is one (RFC 5005 section 3). */
  firstUrl: string;
  nextUrl?: string;
  query: ListQuery;
  /** Newest content change behind the feed (ISO), if any day is covered. */
  updated?: string;
}

/** Says what the feed is filtered on, e.g. "Hugging Face Daily Papers, 20+ upvotes". */
export function feedTitle(q: ListQuery): string {
  const parts: string[] = [];
  if (q.date) parts.push(q.date);
  if (q.from && q.to) parts.push(`${q.from} to ${q.to}`);
  if (q.week) parts.push(`week ${q.week}`);
  if (q.month) parts.push(q.month);
  if (q.min_upvotes) parts.push(`${q.min_upvotes}+ upvotes`);
  if (q.q) parts.push(`matching "${q.q}"`);
  if (q.sort === "upvotes") parts.push("most upvoted first");
  return parts.length ? `${FEED_TITLE}, ${parts.join(", ")}` : FEED_TITLE;
}

/** The listed day as a timestamp: the entry's publication time, stable across scrapes. */
export const listedAt = (p: Paper) => `${p.date}T00:00:00Z`;

// XML 1.0 (section 2.2) cannot carry C0 controls; stored text never has them (model.ts),
// but the renderers must not depend on that to produce well-formed feeds.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/** Text for XML element content and attribute values. */
export const escapeXml = (s: string) =>
  s.replace(XML_INVALID, "").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&apos;");

export const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

const upvoteLine = (p: Paper) => `${p.upvotes} upvote${p.upvotes === 1 ? "" : "s"}`;

/** The entry body as HTML: upvotes, authors, abstract, links. */
export function paperHtml(p: Paper): string {
  const links = [
    `<a href="${escapeHtml(p.url)}">Hugging Face</a>`,
    `<a href="${escapeHtml(p.arxiv_url)}">arXiv</a>`,
    `<a href="${escapeHtml(p.pdf_url)}">PDF</a>`,
    p.github_repo && `<a href="${escapeHtml(p.github_repo)}">GitHub</a>`,
    p.project_page && `<a href="${escapeHtml(p.project_page)}">Project page</a>`,
  ].filter(Boolean);
  return [
    `<p><strong>${upvoteLine(p)}</strong> · listed ${p.date}${p.authors.length ? ` · ${escapeHtml(p.authors.join(", "))}` : ""}</p>`,
    p.summary && `<p>${escapeHtml(p.summary)}</p>`,
    p.ai_summary && `<p><em>AI summary:</em> ${escapeHtml(p.ai_summary)}</p>`,
    `<p>${links.join(" · ")}</p>`,
  ]
    .filter(Boolean)
    .join("\n");
}

/** The entry body as plain text. */
export function paperText(p: Paper): string {
  return [`${upvoteLine(p)} · listed ${p.date}${p.authors.length ? ` · ${p.authors.join(", ")}` : ""}`, p.summary, p.url].filter(Boolean).join("\n\n");
}
