// What runs leave for the runs after them: each run's record (store/values/runRecord.ts),
// read back by the next runs for what a slower run may have undone and for what a run could
// not finish.
import { CLOCK_MARGIN_S, isClaimableDay, newestDays, nextVersion, stampedByNoRun } from "../core/dates";
import { type IsoDate, type PaperContent, sameContent } from "../core/paper";
import { RUN_SLOT_MS } from "../core/schedule";
import { confirmedNewer } from "./counters";
import { readTexts } from "./kv";
import { renamedSinceSummary } from "./renamesKept";
import { confirmedOther, type Settled, settleDay } from "./settle";
import { DAY_MAX_BYTES, dayRecordKey, paperLine } from "./values/dayRecord";
import {
  decodePaperRecord,
  encodePaperRecord,
  listingsOf,
  PAPER_RECORD_MAX_BYTES,
  type PaperRecord,
  paperRecordKey,
  readStampOf,
} from "./values/paperRecord";
import {
  decodeRunRecord,
  encodeRunRecord,
  isRunId,
  type Observation,
  RUN_RECORD_MAX_BYTES,
  RUN_RECORD_PREFIX,
  RUN_RECORD_TTL_S,
  type RunRecord,
  runIdOfKey,
  runRecordKey,
  runStartOf,
} from "./values/runRecord";
import { STAGED_READ_MAX_AGE_MS } from "./values/stagedRead";
import { decodeSummary, SUMMARY_MAX_BYTES, summaryKey } from "./values/summary";

export { newRunId, runRecordKey } from "./values/runRecord";
export type { Observation, RunRecord };

/** How far back a run looks at other runs' records: several runs, longer than KV takes to agree (60 s). */
export const RECENT_RUNS_MS = 3 * 3600_000;

/**
 * The records of the runs that started within RECENT_RUNS_MS before `now`, oldest first,
 * from one list of the run keys (their names start with the run's start time). A record
 * that cannot be read is left out.
 */
export async function readRecentRuns(kv: KVNamespace, now: number): Promise<RunRecord[]> {
  const since = new Date(now - RECENT_RUNS_MS).toISOString();
  // A run's id starts at its schedule's time, which can be behind another run's clock by a
  // little, never by a day: a record from after that was not written by a run, and would
  // stay recent for as long as it is kept.
  const until = new Date(now + CLOCK_MARGIN_S * 1000).toISOString();
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list({ prefix: RUN_RECORD_PREFIX, cursor });
    for (const k of page.keys) {
      const id = runIdOfKey(k.name);
      if (isRunId(id) && id >= since && id <= until) keys.push(k.name);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const texts = await readTexts(kv, keys, RUN_RECORD_MAX_BYTES);
  const out: RunRecord[] = [];
  for (const key of keys.sort()) {
    const text = texts.get(key) ?? null;
    const record = text === null ? null : decodeRunRecord(text, key);
    if (record) out.push(record);
  }
  return out;
}

/**
 * An observation in another run's record, with the run that made it; `confirmed`, of
 * RunRecord.confirmed; `wrote`, the papers whose records that run wrote listing the day.
 */
export type Observed = {
  runId: string;
  observation: Observation;
  confirmed?: boolean;
  wrote?: string[];
};

/**
 * Each day's observations in other runs' records (the reads that found the counters as stored
 * among them, marked), with the run that made them. Only of days a page may claim at `now`
 * (from the first list to the run's day plus one): no run stores another, so an observation of
 * one was never made, and merging it would list its papers on a day that does not exist.
 */
export function observationsByDay(records: RunRecord[], now: number): Map<IsoDate, Observed[]> {
  const out = new Map<IsoDate, Observed[]>();
  for (const r of records)
    for (const [o, confirmed] of [
      ...r.observed.map((o) => [o, false] as const),
      ...r.confirmed.map((o) => [o, true] as const),
    ]) {
      if (!isClaimableDay(o.date, now)) continue;
      if (!out.has(o.date)) out.set(o.date, []);
      const wrote = r.listings.filter(([, days]) => days.includes(o.date)).map(([id]) => id);
      out.get(o.date)!.push({
        runId: r.id,
        observation: o,
        ...(confirmed ? { confirmed } : {}),
        ...(wrote.length ? { wrote } : {}),
      });
    }
  return out;
}

/**
 * The record of the run that wrote last, whose undone work (cache tags, a WebSub ping) the next
 * run takes up: the newest by when it wrote. A run settling a staged read starts at that read's
 * time, and writes at its settled_at (at most STAGED_READ_MAX_AGE_MS later), after the runs of
 * other tasks since the read, whose keys sort after its own.
 */
export function lastWrittenRun(records: RunRecord[]): RunRecord | undefined {
  const writtenAt = (r: RunRecord) => {
    const started = Date.parse(r.report.started_at);
    const settled = Date.parse(r.report.staged?.settled_at ?? "");
    return Number.isNaN(settled)
      ? started
      : started + Math.min(Math.max(settled - started, 0), STAGED_READ_MAX_AGE_MS);
  };
  let last: RunRecord | undefined;
  for (const r of records) if (!last || writtenAt(r) >= writtenAt(last)) last = r;
  return last;
}

/** The run's record, under a key of its own that no other run writes. */
export const writeRunRecord = (kv: KVNamespace, record: RunRecord) =>
  kv.put(runRecordKey(record.id), encodeRunRecord(record), { expirationTtl: RUN_RECORD_TTL_S });

/** Days a run merges other runs' observations into, at most: each costs two reads and two writes. */
export const MAX_FOLDS_PER_RUN = 4;
/** Days a run tries to merge, at most: one that cannot be merged costs its reads alone. */
const MAX_FOLD_TRIES_PER_RUN = 3 * MAX_FOLDS_PER_RUN;

/**
 * Merges into each day what other runs observed of it but its summary does not include: a
 * slower run that wrote the day after them undid it (KV has no transactions). Days in
 * `skip` are left out: the run settles them with the same observations anyway. Returns
 * the days merged, and what merging them did.
 */
export async function foldRecentRuns(
  kv: KVNamespace,
  byDay: Map<IsoDate, Observed[]>,
  skip: Set<IsoDate>,
  runId: string,
  now: number,
  versionAt = now,
): Promise<{ date: IsoDate; settled: Settled }[]> {
  const dates = [...byDay.keys()].filter((d) => !skip.has(d));
  const texts = await readTexts(kv, dates.map(summaryKey), SUMMARY_MAX_BYTES);
  const due = dates.filter((d) => {
    const text = texts.get(summaryKey(d)) ?? null;
    const summary = text === null ? null : decodeSummary(text, d);
    // A run the summary takes in is folded again where its record keeps a rename read after the
    // summary's content, which is other content (renamedSinceSummary): the summary may have taken the
    // run in while keeping older content a slower run wrote over the rename, and no other value may
    // hold the rename. Renames are rare: such a day costs the fold's reads until the summary names
    // content read after the rename, or the record leaves the recent runs.
    return byDay
      .get(d)!
      .some(
        (o) =>
          (!summary?.runs.includes(o.runId) &&
            (!o.confirmed ||
              confirmedNewer(o.observation, summary, Math.floor(now / 1000)) ||
              confirmedOther(o.observation, summary, Math.floor(now / 1000)))) ||
          (!o.confirmed && renamedSinceSummary(o.observation, summary)),
      );
  });
  // A day that cannot be merged (some of its papers' content is nowhere) writes nothing and
  // does not count: it must not hold back the days after it.
  const folded: { date: IsoDate; settled: Settled }[] = [];
  for (const date of due.slice(0, MAX_FOLD_TRIES_PER_RUN)) {
    if (folded.length >= MAX_FOLDS_PER_RUN) break;
    const settled = await settleDay({ kv, date, runId, now, versionAt, observed: byDay.get(date) });
    if (settled.wrote.length) folded.push({ date, settled });
  }
  return folded;
}

/** Papers whose listings a run checks against other runs' records, at most: each costs a read, and a write when one is missing. */
export const MAX_LISTING_CHECKS_PER_RUN = 20;

/** Days of one paper a run record names that are checked, at most (its newest). */
const MAX_LISTINGS_CHECKED = 4;

/** Day records a run reads, at most, for the content of paper records an older run's write landed on: one bulk read. */
const MAX_CONTENT_CHECKS_PER_RUN = 2;

/**
 * Puts back in each paper's record the days other recent runs wrote in it (RunRecord.listings)
 * where it lacks one: two runs settling two days of one paper each write its record from what
 * they read of it, and the slower run's write leaves out the faster one's day (KV has no
 * transactions). Later runs that find a day's content unchanged do not read its papers' records,
 * so without this only the repair pass, days later, would put it back. Only days a page may claim
 * at `now`, whose summary lists the paper, are put back. Returns each paper given back days, with every day it is now listed on.
 *
 * The same holds of the content: a run stamped before another that wrote the record, and that
 * did not see that write when it read the record, puts its older read in it over the newer one,
 * while the newer run's day record, landing after, holds the newer content, and the later reads
 * of that content write counters only. A run's writes of a record are stamped at or after its
 * start, so a record older than the start of a run that wrote it had a slower, older write land
 * on it: its content is taken from the days that run wrote, where their record's content changed
 * after the paper record's and differs from it (as a run settling the day would).
 */
export async function restoreListings(
  kv: KVNamespace,
  records: RunRecord[],
  now: number,
): Promise<[string, IsoDate[]][]> {
  // A record can have lost a day to a slower write where a run wrote it listing two days (the
  // slower run may have left no record) or two runs wrote it (each may have written one day of
  // a paper new to both). Consecutive runs check consecutive papers of those: were each to
  // check the first ones, a paper past them would never come round while it is named.
  const writers = new Map<string, number>();
  for (const r of records)
    for (const [id, days] of new Map(r.listings))
      writers.set(id, (writers.get(id) ?? 0) + (days.length > 1 ? 2 : 1));
  const ids = [...writers].filter(([, n]) => n > 1).map(([id]) => id);
  const start = (Math.floor(now / RUN_SLOT_MS) * MAX_LISTING_CHECKS_PER_RUN) % Math.max(1, ids.length);
  const wanted = new Map<string, Set<IsoDate>>();
  for (let i = 0; i < Math.min(ids.length, MAX_LISTING_CHECKS_PER_RUN); i++)
    wanted.set(ids[(start + i) % ids.length]!, new Set());
  // A paper is listed on one day, rarely two: a record naming more (damaged) costs a few summaries, not hundreds.
  for (const r of records)
    for (const [id, days] of r.listings)
      for (const d of wanted.has(id) ? newestDays(days, MAX_LISTINGS_CHECKED) : [])
        if (isClaimableDay(d, now)) wanted.get(id)!.add(d);
  const texts = await readTexts(kv, [...wanted.keys()].map(paperRecordKey), PAPER_RECORD_MAX_BYTES);
  const lacking = new Map<string, IsoDate[]>();
  const kept = new Map<string, PaperRecord & { paper: PaperContent }>();
  // Of each record an older write landed on, the days the newer runs that wrote it wrote.
  const overwritten = new Map<string, IsoDate[]>();
  for (const [id, days] of wanted) {
    const text = texts.get(paperRecordKey(id)) ?? null;
    const record = text === null ? null : decodePaperRecord(text, id);
    // A record without content is the repair pass's to rebuild: listings alone would lose none.
    if (!record?.paper) continue;
    kept.set(id, { ...record, paper: record.paper });
    const missing = [...days].filter((d) => !record.listed_on.includes(d));
    if (missing.length) lacking.set(id, missing);
    // When its content was read, not its version: a listing put back later keeps content as old.
    const at = Date.parse(readStampOf(record) ?? "");
    const newer = records
      .filter((r) => runStartOf(r.id) > at)
      .flatMap((r) => r.listings.filter(([paper]) => paper === id).flatMap(([, ds]) => ds))
      .filter((d) => record.listed_on.includes(d) && isClaimableDay(d, now));
    if (newer.length) overwritten.set(id, [...new Set(newer)]);
  }
  // A record an older write landed on with the same content is left as it is, and found again by
  // every run while the runs' records are recent: consecutive runs read consecutive days of those
  // found, so that days holding nothing newer do not keep the others from being read.
  const flagged = [...new Set([...overwritten.values()].flat())].sort();
  const first = (Math.floor(now / RUN_SLOT_MS) * MAX_CONTENT_CHECKS_PER_RUN) % Math.max(1, flagged.length);
  const contentDays = [...flagged.slice(first), ...flagged.slice(0, first)].slice(
    0,
    MAX_CONTENT_CHECKS_PER_RUN,
  );
  const dayTexts = await readTexts(kv, contentDays.map(dayRecordKey), DAY_MAX_BYTES);
  const newerContent = new Map<string, { at: number; content: PaperContent; on: IsoDate }>();
  for (const [id, days] of overwritten) {
    const record = kept.get(id)!;
    const at = Date.parse(readStampOf(record) ?? "");
    let newest: { at: number; content: PaperContent; on: IsoDate } | undefined;
    for (const d of days) {
      const text = dayTexts.get(dayRecordKey(d)) ?? null;
      const line = text === null ? undefined : paperLine(text, d, id);
      // When the line was read, not the record's stamp: a fold, the repair pass or a staged read
      // settled late writes lines read before a rename on the paper's other day stamped after it,
      // and taken for newer, the line's older title would go over the rename. A read time past the
      // stamp was written by no run (read_at is written only where it is before it): damaged, it says
      // nothing of when the lines were read, and neither does the stamp, a fold's perhaps. The line's
      // own read time, where the record keeps one (checked against the stamp as it is read), dates
      // it: read_at is the oldest line's, and a line taken from a rename read after it would be dated
      // before the rename and lose to an older title.
      const stamp = Date.parse(line?.updated_at ?? "");
      const read = Date.parse(line?.line_read_at ?? line?.read_at ?? "");
      const t = read > stamp ? Number.NaN : read || stamp;
      if (line?.content && t > at && !stampedByNoRun(t / 1000, now / 1000) && !(newest && newest.at >= t))
        newest = { at: t, content: line.content, on: d };
    }
    if (newest && !sameContent(newest.content, record.paper)) newerContent.set(id, newest);
  }
  // A day goes back only where its summary lists the paper: a record naming another was not a run's.
  const dates = [...new Set([...lacking.values()].flat())];
  const summaries = await readTexts(kv, dates.map(summaryKey), SUMMARY_MAX_BYTES);
  const listing = new Map(
    dates.map((d) => {
      const text = summaries.get(summaryKey(d)) ?? null;
      return [d, new Set((text === null ? null : decodeSummary(text, d))?.ids)] as const;
    }),
  );
  const restored: [string, IsoDate[]][] = [];
  for (const [id, record] of kept) {
    const listed = lacking.get(id)?.filter((d) => listing.get(d)?.has(id)) ?? [];
    const newest = newerContent.get(id);
    const paper = newest?.content;
    if (listed.length === 0 && !paper) continue;
    const listed_on = listingsOf([...record.listed_on, ...listed]);
    const updated_at = nextVersion(now, record.updated_at);
    // Listings put back keep the content as old as the record's read; a day's newer line is as old as
    // its read (its record's stamp, where the record does not say): dated at this write, a record
    // landing over a rename read meanwhile on the paper's other day would count as read after it,
    // and every run after would keep its older title.
    const read_at = newest ? [new Date(newest.at).toISOString(), updated_at].sort()[0]! : readStampOf(record);
    // The line's content was read from its day's page; the record's kept, from the page it says.
    const read_on = newest ? newest.on : record.read_on;
    await kv.put(
      paperRecordKey(id),
      encodePaperRecord({
        listed_on,
        paper: paper ?? record.paper,
        updated_at,
        read_at,
        ...(read_on ? { read_on } : {}),
      }),
    );
    restored.push([id, listed_on]);
  }
  return restored;
}
