// list:D, the day's summary: which papers day D lists, their counters (upvotes, comments,
// GitHub stars), and the day's versions. Small, because selection reads it for every day a
// query covers; written whenever a counter or the content moves.
import { isIsoTime } from "../../core/dates";
import { ARXIV_ID, ARXIV_ID_RE, type Counters, type IsoDate, LIMITS } from "../../core/paper";
import { asciiJson } from "../ascii";
import { isContentHash } from "../content";
import { logInvalid, parseStored } from "../kv";
import { deepFreeze, TextMemo } from "../memo";
import { countedBefore, countedTimeOf, starsBefore } from "./countedTimes";

export const summaryKey = (date: IsoDate) => `list:${date}`;
/** 300 papers of three counters each, and the day's versions: far under this. */
export const SUMMARY_MAX_BYTES = 64 * 1024;

/**
 * Version 3 carries comments and stars beside upvotes, the time its counters were observed
 * and the runs it includes. Version 2 (upvotes only) is still read.
 */
export const SUMMARY_VERSION = 3;
/** The runs a summary remembers including (store/runRecord.ts): more than a run record lives. */
export const REMEMBERED_RUNS = 24;

export interface Summary {
  date: IsoDate;
  /** When anything about the day last changed, counters included: its data version. */
  updated_at: string;
  /** When its counters were read from upstream: a counter observed earlier never replaces them. */
  observed_at: string;
  /**
   * When its content was last read, where that is before its counters were (absent: as they were).
   * A run that merges counters a newer read observed with other content, whose day record a slower,
   * older run's landed over, keeps the older content it finds stored: dated at that read, the older
   * lines would count as read after a rename read in between on the paper's other day.
   */
  content_at?: string;
  /** When the day last gained a paper: what a daily digest shows as updated. */
  added_at: string;
  /** The content hash of the day's papers (store/content.ts): says whether the other values are current. */
  content: string;
  /** The runs whose observations it includes (newest last). */
  runs: string[];
  ids: string[];
  /** Each paper's counters, in the order of `ids`. */
  counters: Counters[];
  /**
   * When each paper's counters were observed (unix seconds, in the order of `ids`; 0 where no read
   * counted the paper), where that is before `observed_at` (absent: every one then). A read keeps
   * papers its page did not show, and a card may show no count: their counters are older values'.
   * Said to be observed with the read, they would win over a slower, older read's newer count when
   * its observation is merged, and put in the history a point no read made.
   */
  counted_at?: number[];
  /**
   * When each paper's comments and stars were observed (unix seconds, in the order of `ids`; 0 where
   * no read observed them), where that is before its counters' time (absent: every one then). A read
   * through the cards shows upvotes alone and keeps the comments and stars some older value held:
   * dated with its upvotes, they would win over a slower, older read's newer ones.
   */
  stars_at?: number[];
}

/** A summary read back, and how many of its entries did not validate (each hid only itself). */
export interface StoredSummary extends Summary {
  version: number;
  damaged: number;
  /**
   * The summary keeps a content time that is no real one, or not before its counters' (none is written
   * so): damaged, it no longer says when its content was read, and read as absent it would date that
   * content at its counters' time, which may be a newer read's of other content.
   */
  contentUnknown?: true;
}

const SEPARATOR = " ";
/** The ids as encodeSummary writes them: valid ids, one space apart (one pass for all of them). */
const WELL_FORMED_IDS = new RegExp(`^${ARXIV_ID}(?:${SEPARATOR}${ARXIV_ID})*$`);

/** Whether no id is written twice: a sorted copy's neighbours, cheaper than a Set for 50 ids. */
function distinct(ids: string[]): boolean {
  const sorted = [...ids].sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
}

export function encodeSummary(s: Summary): string {
  const optional = (k: "num_comments" | "github_stars") => {
    const values = s.counters.map((c) => c[k] ?? null);
    return values.some((v) => v !== null) ? values : undefined;
  };
  const observedSeconds = Math.floor(Date.parse(s.observed_at) / 1000);
  const counted = countedBefore(s.counted_at, observedSeconds);
  return asciiJson({
    v: SUMMARY_VERSION,
    date: s.date,
    updated_at: s.updated_at,
    observed_at: s.observed_at,
    ...(s.content_at && Date.parse(s.content_at) < Date.parse(s.observed_at)
      ? { content_at: s.content_at }
      : {}),
    added_at: s.added_at,
    content: s.content,
    runs: s.runs.slice(-REMEMBERED_RUNS).join(SEPARATOR),
    ids: s.ids.join(SEPARATOR),
    upvotes: s.counters.map((c) => c.upvotes),
    comments: optional("num_comments"),
    stars: optional("github_stars"),
    counted_at: counted,
    stars_at: starsBefore(
      s.stars_at,
      s.counters.map((_c, i) => counted?.[i] ?? observedSeconds),
    ),
  });
}

const isCount = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= LIMITS.count;
const time = (v: unknown): string | undefined => (typeof v === "string" && isIsoTime(v) ? v : undefined);

/**
 * A summary read back and checked. A time that is not a real one reads as unknown (""),
 * an entry whose id or counter does not validate is left out and counted in `damaged`;
 * null (logged) for what is not a summary of this day at all.
 */
export function decodeSummary(text: string, date: IsoDate): StoredSummary | null {
  const key = summaryKey(date);
  const raw = parseStored(text, key) as Record<string, unknown> | undefined;
  if (raw === undefined) return null;
  if (!raw || typeof raw !== "object" || raw.date !== date || (raw.v !== 2 && raw.v !== SUMMARY_VERSION)) {
    logInvalid(key, "not a summary of an accepted version");
    return null;
  }
  const idsText = typeof raw.ids === "string" ? raw.ids : null;
  const upvotes = Array.isArray(raw.upvotes) ? raw.upvotes : null;
  if (idsText === null || !upvotes) {
    logInvalid(key, "not a summary of an accepted version");
    return null;
  }
  const ids = idsText === "" ? [] : idsText.split(SEPARATOR);
  const comments = Array.isArray(raw.comments) ? raw.comments : [];
  const stars = Array.isArray(raw.stars) ? raw.stars : [];
  const countedAt = Array.isArray(raw.counted_at) ? raw.counted_at : undefined;
  const starsAt = Array.isArray(raw.stars_at) ? raw.stars_at : undefined;
  const updated = time(raw.updated_at) ?? "";
  const observed = time(raw.observed_at) ?? updated;
  const observedSeconds = observed ? Math.floor(Date.parse(observed) / 1000) : 0;
  // A content time that is not a real one, or not before the counters' (none is written so), is absent.
  const contentAt = time(raw.content_at);
  const out: StoredSummary = {
    version: raw.v as number,
    date,
    updated_at: updated,
    observed_at: observed,
    ...(contentAt && Date.parse(contentAt) < Date.parse(observed)
      ? { content_at: contentAt }
      : raw.content_at !== undefined
        ? { contentUnknown: true as const }
        : {}),
    added_at: time(raw.added_at) ?? updated,
    content: typeof raw.content === "string" && isContentHash(raw.content) ? raw.content : "",
    runs: typeof raw.runs === "string" && raw.runs !== "" ? raw.runs.split(SEPARATOR) : [],
    ids: [],
    counters: [],
    damaged: 0,
  };
  // An indexed loop and one object shape a paper: selection decodes 92 of these a request.
  // Ids as written (valid, distinct, within the cap) are checked once for all, not one by one.
  const asWritten = ids.length <= LIMITS.papersPerDay && WELL_FORMED_IDS.test(idsText) && distinct(ids);
  const seen = asWritten ? undefined : new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const votes = upvotes[i];
    if (
      !isCount(votes) ||
      (seen && (!ARXIV_ID_RE.test(id) || seen.has(id) || seen.size >= LIMITS.papersPerDay))
    ) {
      out.damaged++;
      continue;
    }
    seen?.add(id);
    const c: Counters = { upvotes: votes };
    if (isCount(comments[i])) c.num_comments = comments[i];
    if (isCount(stars[i])) c.github_stars = stars[i];
    out.ids.push(id);
    out.counters.push(c);
    const counted = countedAt ? countedTimeOf(countedAt[i], observedSeconds) : observedSeconds;
    if (countedAt) {
      out.counted_at ??= [];
      out.counted_at.push(counted);
    }
    // Before the paper's own counter time, as written; anything else reads as that time.
    if (starsAt) {
      out.stars_at ??= [];
      out.stars_at.push(countedTimeOf(starsAt[i], counted));
    }
  }
  if (upvotes.length > ids.length) out.damaged += upvotes.length - ids.length;
  if (out.damaged) logInvalid(key, `${out.damaged} entries do not validate`);
  return out;
}

/**
 * Summaries decoded from the texts this isolate read last (store/memo.ts), frozen: the default
 * answer reads the newest days' summaries on every request, and decoding them again was a
 * twentieth of its CPU under the profiler (bench/FINDINGS.md). For serving; a run, which
 * changes what it decodes, calls decodeSummary.
 */
const keptSummaries = new TextMemo<Readonly<StoredSummary> | null>(128, 4_000_000);

/** decodeSummary, kept for the same text (keptSummaries); frozen. */
export function decodeSummaryKept(text: string, date: IsoDate): Readonly<StoredSummary> | null {
  const texts = [text];
  const kept = keptSummaries.get(date, texts);
  if (kept !== undefined) return kept;
  const summary = deepFreeze(decodeSummary(text, date));
  keptSummaries.set(date, texts, summary);
  return summary;
}

/** When a summary's content was last read: its own time where it keeps one, else its counters'. */
export const contentReadAt = (s: Pick<Summary, "observed_at" | "content_at">) =>
  s.content_at ?? s.observed_at;

/**
 * When a summary's counters of each paper were observed (unix seconds), by the paper's place in `ids`:
 * the summary's time parsed once for all (a repair pass asks it of up to 300 papers).
 */
export function countedTimes(s: Pick<Summary, "observed_at" | "counted_at">): (i: number) => number {
  const at = s.observed_at ? Math.floor(Date.parse(s.observed_at) / 1000) : 0;
  return (i) => s.counted_at?.[i] ?? at;
}

/** When a summary's comments and stars of each paper were observed (unix seconds), by its place in `ids`. */
export function starsTimes(
  s: Pick<Summary, "observed_at" | "counted_at" | "stars_at">,
): (i: number) => number {
  const counted = countedTimes(s);
  return (i) => s.stars_at?.[i] ?? counted(i);
}

/** The counters of a summary by id. */
export const countersById = (s: Pick<Summary, "ids" | "counters">) =>
  new Map(s.ids.map((id, i) => [id, s.counters[i]!]));
