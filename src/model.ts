// The data contract: what the source gives us (validated at the boundary), what we store
// and serve (Paper, DayRecord), in zod schemas with their inferred types.
import { z } from "zod";

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

// Text from the page: old titles and abstracts carry hard line wraps (SOURCE-NOTES.md),
// and XML 1.0 (section 2.2) cannot carry C0 controls or lone surrogates, so they go here,
// once, where papers are made. Every string of a Paper passes through this, so the
// renderers can rely on it.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// One cheap scan says whether a string needs any of the work below: most do not, and this
// runs on every title and abstract of every page (issue 5: a run has 10 ms of CPU).
const ODD_CHARS = /[\u0000-\u001F\u007F\uD800-\uDFFF\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/;
export function normalizeText(s: string): string {
  if (!ODD_CHARS.test(s) && !s.includes("  ") && s[0] !== " " && s.at(-1) !== " ") return s;
  return s.replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD").replace(/\s+/g, " ").trim();
}

const Text = z.string().transform(normalizeText);
const OptText = Text.nullish();
const OptUrl = Text.nullish();

// ---- upstream: one `dailyPapers[i]` (same as one /api/daily_papers element) ----
const UpstreamAuthor = z.object({ name: z.string(), hidden: z.boolean().nullish() });
const UpstreamOrg = z.object({ name: z.string(), fullname: z.string().nullish() });

export const UpstreamItem = z.object({
  paper: z.object({
    id: z.string().regex(ARXIV_ID_RE),
    title: Text.pipe(z.string().min(1)),
    summary: Text.default(""),
    authors: z.array(UpstreamAuthor).default([]),
    publishedAt: z.string().nullish(),
    submittedOnDailyAt: z.string().nullish(),
    upvotes: z.number().int().nonnegative(),
    projectPage: OptUrl,
    githubRepo: OptUrl,
    githubStars: z.number().int().nullish(),
    ai_summary: OptText,
    ai_keywords: z.array(z.string()).nullish(),
    organization: UpstreamOrg.nullish(),
  }),
  publishedAt: z.string().nullish(),
  thumbnail: OptUrl,
  numComments: z.number().int().nullish(),
  organization: UpstreamOrg.nullish(),
});
export type UpstreamItem = z.infer<typeof UpstreamItem>;

/** The props of the page's `DailyPapers` element. Items are checked one by one later. */
export const PageProps = z.object({
  dailyPapers: z.array(z.unknown()),
  dateString: z.string().nullish(),
  periodType: z.string().nullish(),
});

// ---- ours: one paper as stored and served ----
export const Paper = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  authors: z.array(z.string()),
  upvotes: z.number().int().nonnegative(),
  /** The Daily Papers day it was listed on. */
  date: IsoDate,
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

/** Which way a day was read from the source. */
export const ReadVia = z.enum(["page", "api", "cards"]);
export type ReadVia = z.infer<typeof ReadVia>;

export const DayRecord = z.object({
  date: IsoDate,
  via: ReadVia,
  /** When this record's content last changed (not when it was last checked). */
  updated_at: z.string(),
  papers: z.array(Paper),
});
export type DayRecord = z.infer<typeof DayRecord>;

export const DayIndex = z.array(z.object({ date: IsoDate, count: z.number().int().nonnegative() }));
export type DayIndex = z.infer<typeof DayIndex>;

/** The stored days, and when any day's content last changed (the data version). */
export interface Index {
  updated_at: string | null;
  days: DayIndex;
}
export const Index: z.ZodType<Index> = z.union([
  z.object({ updated_at: z.string().nullable(), days: DayIndex }),
  // The first release stored the bare array.
  DayIndex.transform((days): Index => ({ updated_at: null, days })),
]);

const dropEmpty = <T>(v: T | null | undefined): T | undefined => (v === null || v === "" ? undefined : v);

/** Turns one validated upstream item into our Paper, listed on `date`. */
export function toPaper(item: UpstreamItem, date: IsoDate): Paper {
  const p = item.paper;
  const org = p.organization ?? item.organization;
  const keywords = p.ai_keywords?.map(normalizeText).filter(Boolean);
  const paper: Paper = {
    id: p.id,
    title: p.title,
    summary: p.summary,
    authors: p.authors.filter((a) => !a.hidden).map((a) => normalizeText(a.name)),
    upvotes: p.upvotes,
    date,
    url: `${PUBLIC_HF}/papers/${p.id}`,
    arxiv_url: `https://arxiv.org/abs/${p.id}`,
    pdf_url: `https://arxiv.org/pdf/${p.id}`,
  };
  // Absent optionals are left out (not set to undefined), so stored JSON, and change
  // detection on it, stays canonical.
  const optional = {
    published_at: dropEmpty(p.publishedAt),
    num_comments: dropEmpty(item.numComments),
    github_repo: dropEmpty(p.githubRepo),
    github_stars: dropEmpty(p.githubStars),
    project_page: dropEmpty(p.projectPage),
    thumbnail: dropEmpty(item.thumbnail),
    ai_summary: dropEmpty(p.ai_summary),
    ai_keywords: keywords?.length ? keywords : undefined,
    organization: org ? (org.fullname ? { name: org.name, fullname: org.fullname } : { name: org.name }) : undefined,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (paper as Record<string, unknown>)[k] = v;
  return paper;
}

// ---- what the API answers (also the source of /openapi.json) ----
export const SaveOutcome = z.enum(["stored", "merged", "unchanged", "empty"]);
export type SaveOutcome = z.infer<typeof SaveOutcome>;

export const DayReport = z.object({
  asked: z.string().describe('"latest" or the date asked for'),
  date: IsoDate.optional().describe("The day the page showed (absent when the read failed)"),
  outcome: z.union([SaveOutcome, z.enum(["repeat", "failed"])]),
  count: z.number().int().optional(),
  via: ReadVia.optional().describe("How the day was read: the page's JSON, the JSON API or the cards"),
  fallbacks: z.array(z.string()).optional().describe("Why the ways tried before `via` did not work"),
  dropped: z.number().int().optional().describe("Items dropped by validation"),
  error: z.string().optional(),
});
export type DayReport = z.infer<typeof DayReport>;

export const RunReport = z.object({
  trigger: z.enum(["cron", "admin", "bootstrap"]),
  started_at: z.string(),
  duration_ms: z.number(),
  ok: z.boolean().describe("Every read worked and none was empty"),
  requests: z.number().int(),
  days: z.array(DayReport),
});
export type RunReport = z.infer<typeof RunReport>;

export const StatusAnswer = z.object({
  last_run: RunReport.nullable(),
  last_success_at: z.string().nullable().describe("The last run in which at least one day was read"),
  newest_day: IsoDate.nullable(),
  days_stored: z.number().int(),
  stale: z.boolean().describe("No run has read anything for longer than stale_after_minutes, or none ever did"),
  stale_after_minutes: z.number().int(),
});
export type StatusAnswer = z.infer<typeof StatusAnswer>;

export const PapersAnswer = z.object({
  count: z.number().int().describe("Papers in this page"),
  total: z.number().int().describe("Papers matching the filters, over all pages"),
  days: z.array(IsoDate).describe("The stored days the answer covers, newest first"),
  filters: z.record(z.string(), z.unknown()).describe("The known parameters applied"),
  next: z.string().nullable().describe("The next page, or null"),
  papers: z.array(Paper),
});

export const PaperAnswer = z.object({ paper: Paper, listed_on: z.array(IsoDate) });
export const DaysAnswer = z.object({ count: z.number().int(), days: DayIndex });

/** RFC 9457 problem details. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  parameter: z.string().optional().describe("For invalid-parameter: the parameter"),
  rule: z.string().optional().describe("For invalid-parameter: the rule it broke"),
});
