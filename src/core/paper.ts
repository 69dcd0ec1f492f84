// The paper as this project stores and serves it, and the identifiers and days it is
// keyed by. Both pipelines share it: scrape makes papers, the store keeps them, serve
// renders them. A paper is its content (title, abstract, authors, links: what changes
// rarely) and its counters (upvotes, GitHub stars, comments: what moves by the hour); the
// store keeps the two apart, so a counter never rewrites a day's content.
import * as z from "zod";
import { isIsoTime, isRealDay } from "./dates";

/** Public Hugging Face origin: links always point here, whatever HF_ORIGIN says. */
export const PUBLIC_HF = "https://huggingface.co";

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2025-02-30). */
export const isCalendarDate = (s: string): boolean => DATE_RE.test(s) && isRealDay(s);

export const IsoDate = z.string().refine(isCalendarDate, "must be a real date written YYYY-MM-DD");
export type IsoDate = z.infer<typeof IsoDate>;

/** A moment as JSON dates write it (Date.toISOString), in UTC, between 2000 and 9999. */
export const IsoTime = z.string().refine(isIsoTime, "must be a UTC time written YYYY-MM-DDTHH:MM:SS.sssZ");

/**
 * arXiv identifiers as Hugging Face uses them: new-style `2605.13301`, optionally versioned; as a
 * pattern to build others from (ARXIV_ID), and whole (ARXIV_ID_RE).
 */
export const ARXIV_ID = String.raw`\d{4}\.\d{4,5}(?:v\d+)?`;
export const ARXIV_ID_RE = new RegExp(`^${ARXIV_ID}$`);

/** The three links every paper has, all derived from its arXiv id. */
export const paperLinks = (id: string) => ({
  url: `${PUBLIC_HF}/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
});

/**
 * An absolute http(s) URL: no javascript:, data: or others, no white space or characters
 * that would end an attribute. By pattern, not `new URL`: a page checks some 300 of these.
 */
export const isHttpUrl = (value: string): boolean => HTTP_URL.test(value);
const HTTP_URL = /^https?:\/\/[^\s"'<>\\^`{|}]+$/i;

/** The value when it is such a URL, else undefined: what a renderer may put in a link. */
export const linkable = (value: string | undefined): string | undefined =>
  value !== undefined && isHttpUrl(value) ? value : undefined;

/**
 * How much one paper may hold. Real papers are far below (arXiv caps an abstract at 1,920
 * characters: info.arxiv.org/help/prep.html); the bounds keep one hostile or damaged
 * paper from filling a day's values or a search's CPU. Ingest cuts text to them; a stored
 * paper beyond them does not validate.
 */
export const LIMITS = {
  title: 1_000,
  summary: 10_000,
  aiSummary: 5_000,
  name: 300,
  authors: 2_000,
  keyword: 200,
  keywords: 100,
  url: 2_000,
  count: 100_000_000,
  /** Papers one day keeps, after merging every read: real days list at most about 60 (SOURCE-NOTES.md). */
  papersPerDay: 300,
} as const;

const Text = (max: number) => z.string().max(max);
const Url = z.string().max(LIMITS.url).refine(isHttpUrl, "must be an absolute http(s) URL");
const Count = z.number().int().min(0).max(LIMITS.count);

/** What a paper is, whatever day lists it: what a day record and a paper record store. */
export const PaperContent = z.object({
  id: z.string().regex(ARXIV_ID_RE),
  title: Text(LIMITS.title),
  summary: Text(LIMITS.summary),
  authors: z.array(Text(LIMITS.name)).max(LIMITS.authors),
  url: Url,
  arxiv_url: Url,
  pdf_url: Url,
  published_at: IsoTime.optional(),
  github_repo: Url.optional(),
  project_page: Url.optional(),
  thumbnail: Url.optional(),
  ai_summary: Text(LIMITS.aiSummary).optional(),
  ai_keywords: z.array(Text(LIMITS.keyword)).max(LIMITS.keywords).optional(),
  organization: z.object({ name: Text(LIMITS.name), fullname: Text(LIMITS.name).optional() }).optional(),
});
export type PaperContent = z.infer<typeof PaperContent>;

/** What moves by the hour: what a summary and the upvote history store. */
export const Counters = z.object({
  upvotes: Count,
  num_comments: Count.optional(),
  github_stars: Count.optional(),
});
export type Counters = z.infer<typeof Counters>;

const { id, ...rest } = PaperContent.shape;
/**
 * A paper as listed on one day: its content and counters. Answers carry the keys in this
 * order: id, the listing (its counters and day), then what the paper is in PaperContent's
 * order, so the JSON API can write a paper around its stored content (listedPaperJson).
 */
export const Paper = z.object({
  id,
  upvotes: Counters.shape.upvotes,
  /** The Daily Papers day it was listed on. */
  date: IsoDate,
  num_comments: Counters.shape.num_comments,
  github_stars: Counters.shape.github_stars,
  ...rest,
});
export type Paper = z.infer<typeof Paper>;

const PAPER_KEYS = Object.keys(Paper.shape) as (keyof Paper)[];

/** A paper from its content, its counters and the day that lists it, keys in Paper's order. */
export function listedPaper(content: PaperContent, counters: Counters, date: IsoDate): Paper {
  // A loop over the declared keys, not a spread: a page builds 200 of these.
  const from = content as Partial<Record<keyof Paper, unknown>>;
  const out: Partial<Record<keyof Paper, unknown>> = {};
  for (const k of PAPER_KEYS) {
    const v =
      k === "date"
        ? date
        : k === "upvotes" || k === "num_comments" || k === "github_stars"
          ? counters[k]
          : from[k];
    if (v !== undefined) out[k] = v;
  }
  return out as Paper;
}

/**
 * What JSON.stringify(listedPaper(content, counters, date)) means, written around the
 * content's stored JSON: `afterId` is that JSON's members after its id (`"title":…}`), as
 * the store gives it only once it has checked them (store/values/dayRecord.ts). A page of
 * 200 papers is then copied, not serialized again (npm run bench:profile).
 */
export function listedPaperJson(id: string, counters: Counters, date: IsoDate, afterId: string): string {
  // No escaping needed: an id matches ARXIV_ID_RE, a date is YYYY-MM-DD, counters are integers.
  const comments = counters.num_comments === undefined ? "" : `,"num_comments":${counters.num_comments}`;
  const stars = counters.github_stars === undefined ? "" : `,"github_stars":${counters.github_stars}`;
  return `{"id":"${id}","upvotes":${counters.upvotes},"date":"${date}"${comments}${stars},${afterId}`;
}

const CONTENT_KEYS = Object.keys(PaperContent.shape) as (keyof PaperContent)[];

/**
 * Whether two checked contents are the same paper, field by field: what comparing their
 * JSON would say, without writing 50 papers' JSON twice in a repair pass.
 */
export function sameContent(a: PaperContent, b: PaperContent): boolean {
  for (const k of CONTENT_KEYS) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x === undefined || y === undefined || typeof x !== "object" || typeof y !== "object") return false;
    if (Array.isArray(x) || Array.isArray(y)) {
      const [xs, ys] = [x as readonly string[], y as readonly string[]];
      if (!Array.isArray(x) || !Array.isArray(y) || xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i]) return false;
      continue;
    }
    const [ox, oy] = [x as { name: string; fullname?: string }, y as { name: string; fullname?: string }];
    if (ox.name !== oy.name || ox.fullname !== oy.fullname) return false;
  }
  return true;
}

/** A paper's content: the paper without its listing and counters. */
export function contentOf(p: Paper): PaperContent {
  const { upvotes: _u, date: _d, num_comments: _c, github_stars: _s, ...content } = p;
  return content;
}

/** A paper's counters. */
export function countersOf(p: Pick<Paper, "upvotes" | "num_comments" | "github_stars">): Counters {
  const out: Counters = { upvotes: p.upvotes };
  if (p.num_comments !== undefined) out.num_comments = p.num_comments;
  if (p.github_stars !== undefined) out.github_stars = p.github_stars;
  return out;
}

/** What a daily digest shows of a paper. */
export type DigestPaper = Pick<Paper, "id" | "title" | "authors" | "upvotes" | "url">;

/** One point of a paper's upvote history: [unix seconds, upvotes from then on]. */
export type HistoryPoint = [number, number];
