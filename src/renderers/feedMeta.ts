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

// Escaping runs over every title and abstract of a feed (a 7-day Atom feed has about 300),
// so each function first tests whether there is anything to do (most strings have
// nothing) and then makes one pass (README, "Performance").

// Paper text never holds characters XML cannot carry: the model strips them where papers
// are made (normalizeText in model.ts), so the renderers only escape.

// All attribute values are double-quoted, so apostrophes need no escaping.
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const SPECIAL_G = /[&<>"]/g;
const toEntity = (c: string) => ENTITY[c]!;

/**
 * Text for HTML and XML element content and double-quoted attribute values. Four
 * `includes` scans (vectorised) cost less than one regex scan, and most strings need
 * no escaping at all (README, "Performance").
 */
export const escapeHtml = (s: string) =>
  s.includes("&") || s.includes("<") || s.includes(">") || s.includes('"') ? s.replace(SPECIAL_G, toEntity) : s;
export const escapeXml = escapeHtml;

/**
 * An escaper for a paper's many short strings (title, authors, keywords): one regex test
 * over all of them, and when none needs escaping (most papers), no per-string work.
 */
export function escaperFor(p: Paper): (s: string) => string {
  const joined = `${p.title}\u0000${p.authors.join("\u0000")}\u0000${p.ai_keywords?.join("\u0000") ?? ""}`;
  return /[&<>"]/.test(joined) ? escapeHtml : (s) => s;
}

/** Markup carried as character data: one CDATA section, split where the text has "]]>". */
export const cdata = (s: string) => `<![CDATA[${s.includes("]]>") ? s.replaceAll("]]>", "]]]]><![CDATA[>") : s}]]>`;

const upvoteLine = (p: Paper) => `${p.upvotes} upvote${p.upvotes === 1 ? "" : "s"}`;

/**
 * The entry body as HTML: upvotes, authors, abstract, links. Pushed as pieces onto `out`,
 * so a whole feed is joined once (a 7-day feed is about 1 MB of text).
 */
export function pushPaperHtml(p: Paper, out: string[], esc = escaperFor(p)): void {
  out.push("<p><strong>", upvoteLine(p), "</strong> · listed ", p.date);
  if (p.authors.length) out.push(" · ", esc(p.authors.join(", ")));
  out.push("</p>");
  if (p.summary) out.push("\n<p>", escapeHtml(p.summary), "</p>");
  if (p.ai_summary) out.push("\n<p><em>AI summary:</em> ", escapeHtml(p.ai_summary), "</p>");
  out.push('\n<p><a href="', escapeHtml(p.url), '">Hugging Face</a> · <a href="', escapeHtml(p.arxiv_url), '">arXiv</a> · <a href="', escapeHtml(p.pdf_url), '">PDF</a>');
  if (p.github_repo) out.push(' · <a href="', escapeHtml(p.github_repo), '">GitHub</a>');
  if (p.project_page) out.push(' · <a href="', escapeHtml(p.project_page), '">Project page</a>');
  out.push("</p>");
}

export function paperHtml(p: Paper): string {
  const out: string[] = [];
  pushPaperHtml(p, out);
  return out.join("");
}
