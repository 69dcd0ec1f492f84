// run:<id>, one run's record, written once when the run ends and kept a week: its report
// (what /api/status shows), the counters it observed on each day it wrote or read, and what it
// could not finish (cache tags a refused purge left, papers a failed WebSub ping did not
// announce). Each run writes a key of its own, so no other run can overwrite it: the next
// runs merge what it observed into any day where a slower run undid it (store/runs.ts),
// put back in the index the versions of the days it saved where a slower run's index write
// undid them (store/days.ts), and take up what it left.
import { compileCheck } from "../../core/check";
import { FIRST_LIST_DAY, isIsoTime } from "../../core/dates";
import {
  ARXIV_ID_RE,
  type Counters,
  type IsoDate,
  isCalendarDate,
  LIMITS,
  PaperContent,
} from "../../core/paper";
import { RunReport } from "../../core/runReport";
import { asciiJson } from "../ascii";
import { isContentHash } from "../content";
import { logInvalid, parseStored } from "../kv";
import { countedBefore, countedSeenAt, countedTimeOf, starsBefore } from "./countedTimes";
import { MAX_LISTINGS } from "./paperRecord";

export const RUN_RECORD_PREFIX = "run:";
export const runRecordKey = (id: string) => `${RUN_RECORD_PREFIX}${id}`;
export const runIdOfKey = (key: string) => key.slice(RUN_RECORD_PREFIX.length);
/** A run's id: its start, which orders the keys in time, and a random part, which keeps two apart. */
export const newRunId = (startedAt: string) =>
  `${startedAt}:${[...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
/** When a run started (ms since the epoch), from its id (newRunId); NaN for an id of another form. */
export const runStartOf = (id: string) => Date.parse(id.slice(0, id.lastIndexOf(":")));
const RUN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z:[0-9a-f]{8}$/;
export const isRunId = (s: string) => RUN_ID.test(s);

/** A week: /api/status shows the last run even after the cron has stopped for days. */
export const RUN_RECORD_TTL_S = 7 * 86_400;
/** 8 days of 300 papers' counters, and the report: well under this. */
export const RUN_RECORD_MAX_BYTES = 1024 * 1024;

/** What a run observed of one day's counters, and when. */
export interface Observation {
  date: IsoDate;
  /** Unix seconds: the run's time. */
  at: number;
  ids: string[];
  counters: Counters[];
  /**
   * The content hash of the day the run wrote with these counters (the summary's), where it wrote
   * one: a run folding them where another run's summary landed over it learns what content they
   * were observed with; of a confirmation or of a read kept at its own time (older than the counters
   * its run wrote), the content that read found. Absent in records written before.
   */
  content?: string;
  /**
   * Unix seconds: when that content was last read, where before `at` (the summary's content_at):
   * counters a run merged from a read of other content, whose day record a slower, older run's
   * landed over, were written with the older content it kept, not read with it at `at`. 0 where the
   * stored one is damaged: it dates no content.
   */
  content_at?: number;
  /**
   * When each paper's counters were observed (unix seconds, in the order of `ids`; 0 where no read
   * counted it), where before `at` (absent: every one at `at`): the counters a run wrote of papers its
   * read did not count (kept, or a card without a count) are older values', and merged as observed at
   * `at` they would win over a slower, older read's newer count, and add a history point no read made.
   */
  counted_at?: number[];
  /**
   * When each paper's comments and stars were observed (unix seconds, in the order of `ids`; 0 where
   * no read observed them), where before its counters' time (absent: at it). A read through the cards
   * counts upvotes alone: the comments and stars it wrote are an older value's, and merged as observed
   * with its upvotes they would win over a slower, older read's newer ones.
   */
  stars_at?: number[];
  /**
   * The content of the papers this run's fresh read wrote other than it found them stored (a rename),
   * read at `at`: a slower, older run may write over every other value holding it, and a summary that
   * takes this run in while naming the older content would leave no value saying the rename was read
   * after it. A run folding this observation restores it where no value holds a newer read of the paper
   * (docs/overlapping-runs.md, "Run records keep the renames"). Renames are rare: at most
   * MAX_RENAMED_KEPT papers, RENAMED_MAX_BYTES in all; past either, none is kept (`renamedLost`). Also,
   * where there is room beside them, the papers the read found new to the day as their own record,
   * listing another day, holds them: a rename read there may be held by nothing else on this day.
   */
  renamed?: PaperContent[];
  /**
   * Unix seconds: when the read that found `renamed` was made, where before `at` (absent: at `at`). A
   * read that merged a newer read's counters writes its summary, and this observation, at that newer
   * read's time: dated there, an older read's rename would count as made with the newer read.
   */
  renamed_at?: number;
  /** The read renamed more than its record keeps: none of them is (`renamed` is absent). */
  renamedLost?: true;
}

const checkContent = compileCheck(PaperContent);

/** Papers an observation keeps the renamed content of, at most (Observation.renamed). */
export const MAX_RENAMED_KEPT = 20;
/** What an observation's renamed content may take, encoded, at most: 8 days of it stay far under the record's cap. */
export const RENAMED_MAX_BYTES = 64 * 1024;

/** What an observation keeps of the papers a read renamed: all of them, or none where past the caps. */
export const renamedKept = (renamed: PaperContent[]): Pick<Observation, "renamed" | "renamedLost"> =>
  renamed.length === 0
    ? {}
    : renamed.length > MAX_RENAMED_KEPT ||
        new TextEncoder().encode(JSON.stringify(renamed)).length > RENAMED_MAX_BYTES
      ? { renamedLost: true }
      : { renamed };

/** When an observation's renames were read (Observation.renamed_at). */
export const renamedSeenAt = (o: Pick<Observation, "at" | "renamed_at">) => o.renamed_at ?? o.at;

/** When an observation's content was read: its own time where it keeps one, else its counters'. */
export const contentSeenAt = (o: Pick<Observation, "at" | "content_at">) => o.content_at ?? o.at;

/** A day a run saved, as the index lists it (dayIndex.ts). */
export interface SavedDay {
  date: IsoDate;
  count: number;
  /** The day's data version the run wrote. */
  updated_at?: string;
}

export interface RunRecord {
  id: string;
  report: RunReport;
  observed: Observation[];
  /**
   * What the run read of each day it found with the counters as stored, and so wrote nothing of:
   * a run stamped before it may write older counts after it, and the next runs merge these back
   * where they are newer than the summary's and differ (store/counters.ts, confirmedNewer).
   */
  confirmed: Observation[];
  saved: SavedDay[];
  /** The cache tags of what this run changed: the next run invalidates them once more. */
  changed: string[];
  /** Cache tags whose invalidation was refused or failed: the next run tries them again. */
  unpurged: string[];
  /** Papers were added but the WebSub hub did not take the ping: the next run pings again. */
  unannounced: boolean;
  /**
   * The days whose word index the run found or built current, with the content hash it is
   * of: the next runs name them in the index where a slower run's index write left them out.
   */
  wordIndexes: [IsoDate, string][];
  /**
   * The papers whose record the run wrote, with the days it wrote: where two recent runs wrote
   * one, the next runs put back a day the slower run's write left out.
   */
  listings: [string, IsoDate[]][];
}

const encodeObservation = (o: Observation) => ({
  date: o.date,
  at: o.at,
  ids: o.ids.join(" "),
  counters: o.counters.map((c) => [c.upvotes, c.num_comments ?? null, c.github_stars ?? null]),
  ...(o.content ? { content: o.content } : {}),
  ...(o.content && o.content_at !== undefined && o.content_at < o.at ? { content_at: o.content_at } : {}),
  // Undefined where every paper is at `at`: JSON leaves the key out.
  counted_at: countedBefore(o.counted_at, o.at),
  stars_at: starsBefore(
    o.stars_at,
    o.ids.map((_id, i) => Math.min(countedSeenAt(o, i), o.at)),
  ),
  ...renamedOut(o),
});

/** An observation's renamed papers as stored, re-checked against the caps (renamedKept). */
const renamedOut = (o: Observation) => {
  const kept = o.renamed ? renamedKept(o.renamed) : {};
  if (kept.renamed)
    return {
      renamed: kept.renamed,
      ...(o.renamed_at !== undefined && o.renamed_at < o.at ? { renamed_at: o.renamed_at } : {}),
    };
  return kept.renamedLost || o.renamedLost ? { renamed_lost: true } : {};
};

export const encodeRunRecord = (r: RunRecord) =>
  asciiJson({
    v: 1,
    id: r.id,
    report: r.report,
    observed: r.observed.map(encodeObservation),
    ...(r.confirmed.length ? { confirmed: r.confirmed.map(encodeObservation) } : {}),
    saved: r.saved.map((d) => [d.date, d.count, d.updated_at ?? null]),
    changed: r.changed,
    unpurged: r.unpurged,
    unannounced: r.unannounced,
    ...(r.wordIndexes.length ? { word_indexes: r.wordIndexes } : {}),
    ...(r.listings.length ? { listings: r.listings } : {}),
  });

const count = (v: unknown): number | undefined =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= LIMITS.count ? (v as number) : undefined;

/** Unix seconds from the first Daily Papers list to the end of 9999 (what an ISO time can write). */
const isObservationTime = (at: unknown): at is number =>
  Number.isSafeInteger(at) &&
  (at as number) >= Date.parse(`${FIRST_LIST_DAY}T00:00:00Z`) / 1000 &&
  (at as number) <= Date.parse("9999-12-31T23:59:59Z") / 1000;

function observationOf(v: unknown): Observation | null {
  const o = v as {
    date?: unknown;
    at?: unknown;
    ids?: unknown;
    counters?: unknown;
    content?: unknown;
    content_at?: unknown;
    counted_at?: unknown;
    stars_at?: unknown;
    renamed?: unknown;
    renamed_at?: unknown;
    renamed_lost?: unknown;
  } | null;
  if (!o || typeof o.date !== "string" || !isCalendarDate(o.date) || !isObservationTime(o.at)) return null;
  if (typeof o.ids !== "string" || !Array.isArray(o.counters)) return null;
  const ids = o.ids === "" ? [] : o.ids.split(" ");
  const out: Observation = { date: o.date, at: o.at as number, ids: [], counters: [] };
  // A hash that is not one says nothing of the content: left out, as in records written before.
  if (typeof o.content === "string" && isContentHash(o.content)) out.content = o.content;
  // A content time that is no time, or not before the counters' (none is written so), is damaged: the
  // observation no longer says when its content was read, and read as absent it would date that content
  // at its counters' time, which may be a newer read's of other content (a fold's, that kept older
  // lines). It dates no content (0): it moves no content time, and takes no paper's record as newer.
  if (out.content && isObservationTime(o.content_at) && (o.content_at as number) < out.at)
    out.content_at = o.content_at as number;
  else if (out.content && o.content_at !== undefined) out.content_at = 0;
  const countedAt = Array.isArray(o.counted_at) ? o.counted_at : undefined;
  const starsAt = Array.isArray(o.stars_at) ? o.stars_at : undefined;
  for (const [i, id] of ids.entries()) {
    const c = o.counters[i] as unknown[] | undefined;
    const upvotes = count(c?.[0]);
    if (out.ids.length >= LIMITS.papersPerDay) break;
    if (!ARXIV_ID_RE.test(id) || upvotes === undefined) continue;
    const counters: Counters = { upvotes };
    if (count(c?.[1]) !== undefined) counters.num_comments = count(c?.[1]);
    if (count(c?.[2]) !== undefined) counters.github_stars = count(c?.[2]);
    out.ids.push(id);
    out.counters.push(counters);
    const counted = countedAt ? countedTimeOf(countedAt[i], out.at) : out.at;
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
  // Each paper's content checked on its own: one that does not validate, or a second of one paper, is
  // left out, and the rest still restore what they hold.
  if (Array.isArray(o.renamed)) {
    const renamed: PaperContent[] = [];
    for (const v of o.renamed.slice(0, MAX_RENAMED_KEPT)) {
      const c = checkContent(v);
      if (c && !renamed.some((p) => p.id === c.id)) renamed.push(c);
    }
    // A read time that is no time, or not before `at` (none is written so), is damaged: the renames
    // can no longer be dated, and are left out (an observation without them folds as before).
    const at = o.renamed_at;
    const dated = at === undefined || (isObservationTime(at) && at < out.at);
    if (renamed.length && dated) {
      out.renamed = renamed;
      if (at !== undefined) out.renamed_at = at as number;
    }
  }
  if (o.renamed_lost === true) out.renamedLost = true;
  return out;
}

/** A saved day as stored, [date, count, version]; null when it does not validate. */
function savedDayOf(v: unknown): SavedDay | null {
  if (!Array.isArray(v)) return null;
  const [date, n, version] = v as unknown[];
  if (typeof date !== "string" || !isCalendarDate(date)) return null;
  if (!Number.isSafeInteger(n) || (n as number) < 1 || (n as number) > LIMITS.papersPerDay) return null;
  if (typeof version === "string" && isIsoTime(version))
    return { date, count: n as number, updated_at: version };
  return version === null ? { date, count: n as number } : null;
}

/** Word indexes as stored, [date, content hash]: those that do not validate are left out. */
const storedWordIndexes = (v: unknown): [IsoDate, string][] =>
  (Array.isArray(v) ? v.slice(0, 1000) : []).filter(
    (e): e is [IsoDate, string] =>
      Array.isArray(e) &&
      e.length === 2 &&
      typeof e[0] === "string" &&
      isCalendarDate(e[0]) &&
      typeof e[1] === "string" &&
      isContentHash(e[1]),
  );

/** Papers' listings as stored, [id, days]: those that do not validate are left out. */
const storedListings = (v: unknown): [string, IsoDate[]][] =>
  (Array.isArray(v) ? v.slice(0, 1000) : []).filter(
    (e): e is [string, IsoDate[]] =>
      Array.isArray(e) &&
      e.length === 2 &&
      typeof e[0] === "string" &&
      ARXIV_ID_RE.test(e[0]) &&
      Array.isArray(e[1]) &&
      e[1].length <= MAX_LISTINGS &&
      e[1].every((d) => typeof d === "string" && isCalendarDate(d)),
  );

/** Cache tags as stored: printable, at most 100 of them (what one purge call takes). */
const tagsOf = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((t): t is string => typeof t === "string" && /^[\x21-\x7e]{1,256}$/.test(t)).slice(0, 1000)
    : [];

/** A run record read back and checked; null (logged) when it is not one. Observations that do not validate are left out. */
export function decodeRunRecord(text: string, key: string): RunRecord | null {
  const raw = parseStored(text, key) as Record<string, unknown> | undefined;
  if (raw === undefined) return null;
  const report = RunReport.safeParse(raw?.report);
  if (raw?.v !== 1 || typeof raw.id !== "string" || runRecordKey(raw.id) !== key || !report.success) {
    logInvalid(key, "not a run record of an accepted version");
    return null;
  }
  const observations = (v: unknown) =>
    (Array.isArray(v) ? v : []).map(observationOf).filter((o): o is Observation => o !== null);
  return {
    id: raw.id,
    report: report.data,
    observed: observations(raw.observed),
    confirmed: observations(raw.confirmed),
    saved: (Array.isArray(raw.saved) ? raw.saved.slice(0, 1000) : [])
      .map(savedDayOf)
      .filter((d): d is SavedDay => d !== null),
    changed: tagsOf(raw.changed),
    unpurged: tagsOf(raw.unpurged),
    unannounced: raw.unannounced === true,
    wordIndexes: storedWordIndexes(raw.word_indexes),
    listings: storedListings(raw.listings),
  };
}
