// The upstream contract: one `dailyPapers[i]` of the page's embedded data, which is also
// one element of /api/daily_papers (SOURCE-NOTES.md), validated at the boundary, and how
// it becomes our Paper.
import * as z from "zod";
import { toIsoTime } from "../core/dates";
import {
  ARXIV_ID_RE,
  type IsoDate,
  isCalendarDate,
  LIMITS,
  linkable,
  type Paper,
  paperLinks,
} from "../core/paper";
import { normalizeText, safeUrl } from "../core/text";

// Every string that reaches a Paper is normalised once, in toPaper: what XML forbids (NUL,
// U+FFFE) never reaches a stored value, a JSON answer or a feed. Not as a zod transform: in
// workerd zod cannot compile its parsers (no eval), and a transform runs its pipe machinery
// for every author of every paper, a sixth of a run's validation (npm run bench:profile).
const Text = z.string();
const OptText = Text.nullish();
const norm = (s?: string | null) => (s ? normalizeText(s) : undefined);
/**
 * A date-time with an offset (RFC 3339) on a real calendar day. Anything else is dropped,
 * not the paper: it is an optional field.
 */
const OptDateTime = z.iso
  .datetime({ offset: true })
  .refine((s) => isCalendarDate(s.slice(0, 10)))
  .nullish()
  .catch(undefined);

/**
 * A counter within the bounds every stored value is read with (LIMITS.count): one past them
 * would be written, then refused by each reader as damage.
 */
const Count = z.number().int().min(0).max(LIMITS.count);
/** An optional counter of another kind (negative, a fraction, a string) is dropped, not the paper. */
const OptCount = Count.nullish().catch(undefined);

/**
 * An id is part of KV keys (`paper:<id>`), which take at most 512 bytes
 * (developers.cloudflare.com/kv/platform/limits): one longer would fail its day's every write.
 * arXiv ids are 9 or 10 characters, with a version of a few digits at most.
 */
const ID_MAX = 20;

const UpstreamAuthor = z.object({ name: Text, hidden: z.boolean().nullish() });
const UpstreamOrg = z.object({ name: Text, fullname: OptText });

export const UpstreamItem = z.object({
  paper: z.object({
    id: z.string().max(ID_MAX).regex(ARXIV_ID_RE),
    title: Text.refine((s) => normalizeText(s) !== "", "title is empty"),
    summary: Text.default(""),
    authors: z.array(UpstreamAuthor).default([]),
    publishedAt: OptDateTime,
    submittedOnDailyAt: z.string().nullish(),
    upvotes: Count,
    projectPage: OptText,
    githubRepo: OptText,
    githubStars: OptCount,
    ai_summary: OptText,
    ai_keywords: z.array(Text).nullish(),
    organization: UpstreamOrg.nullish(),
  }),
  publishedAt: OptDateTime,
  thumbnail: OptText,
  numComments: OptCount,
  organization: UpstreamOrg.nullish(),
});
export type UpstreamItem = z.infer<typeof UpstreamItem>;

/** The props of the page's `DailyPapers` element. Items are checked one by one later. */
export const PageProps = z.object({
  dailyPapers: z.array(z.unknown()),
  /** The day shown, in the current template. */
  dateString: z.string().nullish(),
  /** The day shown as a timestamp, in the older template (SOURCE-NOTES.md, "Shapes over time"). */
  date: z.string().nullish(),
  prevDate: z.string().nullish(),
  nextDate: z.string().nullish(),
  periodType: z.string().nullish(),
});

const orgOf = (name?: string | null, fullname?: string | null) =>
  name ? (fullname ? { name, fullname } : { name }) : undefined;

/**
 * A link the store can keep (core/paper.ts, isHttpUrl), else none: an apostrophe or a space
 * the URL parser takes would fail the stored paper's check and drop the whole paper.
 */
const link = (s?: string | null) => linkable(safeUrl(norm(s)));

/** Upstream sends null or "" for a missing optional value; we leave the key out. */
const absentIfEmpty = <T>(v: T | null | undefined): T | undefined => (v === null || v === "" ? undefined : v);

/** Turns one validated upstream item into our Paper, listed on `date`. */
export function toPaper(item: UpstreamItem, date: IsoDate): Paper {
  const p = item.paper;
  const org = p.organization ?? item.organization;
  const keywords = p.ai_keywords?.map(normalizeText).filter(Boolean);
  const paper: Paper = {
    id: p.id,
    title: normalizeText(p.title),
    summary: normalizeText(p.summary),
    authors: p.authors.filter((a) => !a.hidden).flatMap((a) => norm(a.name) || []),
    upvotes: p.upvotes,
    date,
    ...paperLinks(p.id),
  };
  // Absent optionals are left out (not set to undefined), so stored JSON, and change
  // detection on it, stays canonical.
  const optional = {
    // RFC 3339 allows an offset and any number of fraction digits; the store keeps UTC with milliseconds.
    published_at: toIsoTime(p.publishedAt),
    num_comments: absentIfEmpty(item.numComments),
    github_repo: link(p.githubRepo),
    github_stars: absentIfEmpty(p.githubStars),
    project_page: link(p.projectPage),
    thumbnail: link(item.thumbnail),
    ai_summary: absentIfEmpty(norm(p.ai_summary)),
    ai_keywords: keywords?.length ? keywords : undefined,
    organization: orgOf(norm(org?.name), norm(org?.fullname)),
  };
  for (const [k, v] of Object.entries(optional))
    if (v !== undefined) (paper as Record<string, unknown>)[k] = v;
  return paper;
}
