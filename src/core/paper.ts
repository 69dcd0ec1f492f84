// The paper as this project stores and serves it, and the identifiers and days it is
// keyed by. Both pipelines share it: scrape makes papers, serve renders them.
import * as z from "zod";

/** Public Hugging Face origin: links always point here, whatever HF_ORIGIN says. */
export const PUBLIC_HF = "https://huggingface.co";

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

export const IsoDate = z.string().refine(isCalendarDate, "must be a real date written YYYY-MM-DD");
export type IsoDate = z.infer<typeof IsoDate>;

/** arXiv identifiers as Hugging Face uses them: new-style `2605.13301`, optionally versioned. */
export const ARXIV_ID_RE = /^\d{4}\.\d{4,5}(v\d+)?$/;

/** The three links every paper has, all derived from its arXiv id. */
export const paperLinks = (id: string) => ({
  url: `${PUBLIC_HF}/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
});

/**
 * The id, then what a listing gives the paper (upvotes and day), then its content: answers
 * carry the keys in this order, so that stored JSON takes a listing right after its id
 * without being searched (store/records.ts, listedPaperJson).
 */
export const Paper = z.object({
  id: z.string(),
  upvotes: z.number().int().nonnegative(),
  /** The Daily Papers day it was listed on. */
  date: IsoDate,
  title: z.string(),
  summary: z.string(),
  authors: z.array(z.string()),
  url: z.string(),
  arxiv_url: z.string(),
  pdf_url: z.string(),
  published_at: z.string().optional(),
  num_comments: z.number().int().optional(),
  github_repo: z.string().optional(),
  github_stars: z.number().int().optional(),
  project_page: z.string().optional(),
  thumbnail: z.string().optional(),
  ai_summary: z.string().optional(),
  ai_keywords: z.array(z.string()).optional(),
  organization: z.object({ name: z.string(), fullname: z.string().optional() }).optional(),
});
export type Paper = z.infer<typeof Paper>;

/**
 * A paper as JSON text: the value JSON.stringify writes for it (characters beyond ASCII
 * may be escaped). The JSON API takes papers in this form, so that a paper read from
 * storage is carried into the answer as it was stored, not parsed and written again.
 */
export class PaperJson {
  constructor(
    readonly id: string,
    readonly date: IsoDate,
    readonly json: string,
  ) {}
  static of = (paper: Paper) => new PaperJson(paper.id, paper.date, JSON.stringify(paper));
}

/** What a daily digest shows of a paper. */
export type DigestPaper = Pick<Paper, "id" | "title" | "authors" | "upvotes" | "url">;

/** One point of a paper's upvote history: [unix seconds, upvotes from then on]. */
export type HistoryPoint = [number, number];
