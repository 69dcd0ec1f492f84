// The stored days: reading the index (with the day keys' listing standing in when it
// cannot be read), keeping it in line with the days a run saved and with the day keys, and
// the last runs it points to. Every run lists the day keys (one KV list operation) and adds
// any stored day the index lacks, so an index update lost to two runs racing, or an index
// that was damaged, is repaired by the next run.
import { CLOCK_MARGIN_S, latestClaimableDay, newestFirst, nextVersion } from "../core/dates";
import { type IsoDate, isCalendarDate } from "../core/paper";
import type { RunReport } from "../core/runReport";
import { readTexts } from "./kv";
import {
  DAY_INDEX_KEY,
  DAY_INDEX_MAX_BYTES,
  type DayIndex,
  decodeDayIndex,
  EMPTY_INDEX,
  encodeDayIndex,
  type IndexEntry,
  wordsFlag,
} from "./values/dayIndex";
import { DAY_RECORD_PREFIX, type DayMeta, dateOfDayRecordKey } from "./values/dayRecord";
import { decodeRunRecord, RUN_RECORD_MAX_BYTES, type RunRecord } from "./values/runRecord";
import { STAGED_READ_MAX_AGE_MS } from "./values/stagedRead";

export type { DayIndex, IndexEntry };

/**
 * The index. One that cannot be read at all is replaced by what the day keys say, until
 * the next run writes it again: a damaged index hides nothing.
 */
export async function readIndex(kv: KVNamespace): Promise<DayIndex> {
  const text = (await readTexts(kv, [DAY_INDEX_KEY], DAY_INDEX_MAX_BYTES)).get(DAY_INDEX_KEY) ?? null;
  if (text === null) return EMPTY_INDEX;
  const index = decodeDayIndex(text);
  if (index) return index;
  return { updated_at: null, days: (await listStoredDays(kv)).sort(newestFirst) };
}

/**
 * The index as this isolate last read it, if that was under `maxAgeMs` ago. The list
 * routes use it to find their cache keys without a KV read on every request. KV itself
 * serves a read from the edge for up to 60 s after a write elsewhere, so a few seconds
 * here do not change how soon other places see a run; in the isolate that ran the run,
 * updateIndex forgets it at once.
 */
let memo: { kv: KVNamespace; at: number; index: DayIndex } | undefined;
export async function readIndexRecent(kv: KVNamespace, now: number, maxAgeMs: number): Promise<DayIndex> {
  if (memo && memo.kv === kv && now - memo.at >= 0 && now - memo.at < maxAgeMs) return memo.index;
  const index = servedIndex(await readIndex(kv), now);
  memo = { kv, at: now, index };
  return index;
}
/**
 * The index as answers see it at `now`: without days after tomorrow, which no run stores (a
 * page claiming one is refused). An entry naming one was damaged, not written: taken as the
 * newest days, such entries would push every stored day out of a default feed until the
 * next run drops them.
 */
export function servedIndex(index: DayIndex, now: number): DayIndex {
  const latest = latestClaimableDay(now);
  if (index.days.every((e) => e.date <= latest)) return index;
  return { ...index, days: index.days.filter((e) => e.date <= latest) };
}

export const forgetIndex = () => {
  memo = undefined;
};

/** Every stored day, from the day keys and their metadata (one list operation per 1,000 days). */
export async function listStoredDays(kv: KVNamespace): Promise<IndexEntry[]> {
  const out: IndexEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list<Partial<DayMeta>>({ prefix: DAY_RECORD_PREFIX, cursor });
    for (const k of page.keys) {
      const date = dateOfDayRecordKey(k.name);
      const count = Number.isSafeInteger(k.metadata?.count) ? (k.metadata!.count as number) : 0;
      if (isCalendarDate(date)) out.push({ date, count });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

/** What a run tells the index about itself. */
export interface RunPointer {
  key: string;
  started_at: string;
  ok: boolean;
  /** At least one day was read. */
  readSomething: boolean;
}

export interface IndexUpdate {
  /** Days the index did not have before. */
  added: IsoDate[];
  /** The set of stored days or their counts moved (answers by the newest days change). */
  daysMoved: boolean;
  index: DayIndex;
}

/**
 * How long a day just saved may be missing from a listing of the keys: KV takes up to 60 s to
 * agree (developers.cloudflare.com/kv/concepts/how-kv-works/).
 */
const LISTING_LAG_MS = 5 * 60_000;

/**
 * Brings the index in line with the days a run saved, with what recent runs saved (a slower
 * run's index write may have put back an older version of a day, or left a day out) and with
 * the day keys in KV; moves the data version when a day changed, and points to the run.
 * Written once a run, after the days' own values. Of two versions of a day the newer wins.
 * An entry whose day keys are gone, or whose day is after tomorrow, is dropped, unless a
 * run saved the day so recently that the listing may not show it yet. `wordIndexes`: the
 * days whose word index the run found or built current, with the content hash it is of.
 */
export async function updateIndex(
  kv: KVNamespace,
  seen: IndexEntry[],
  now: number,
  run: RunPointer,
  recent: Pick<RunRecord, "report" | "saved" | "wordIndexes">[] = [],
  wordIndexes: ReadonlyMap<IsoDate, string> = new Map(),
): Promise<IndexUpdate> {
  forgetIndex();
  const [index, stored] = await Promise.all([readIndex(kv), listStoredDays(kv)]);
  const latest = latestClaimableDay(now);
  const listed = new Set(stored.map((e) => e.date));
  const lately = new Set(seen.map((e) => e.date));
  // A run that settled a staged read wrote its days when it settled it, not at its start (the read's time).
  for (const r of recent)
    if (Date.parse(r.report.staged?.settled_at ?? r.report.started_at) >= now - LISTING_LAG_MS)
      for (const d of r.saved) lately.add(d.date);
  // A listing that shows no day at all is not trusted to drop any.
  const kept = (date: IsoDate) =>
    date <= latest && (listed.has(date) || lately.has(date) || listed.size === 0);

  const byDate = new Map(index.days.filter((e) => kept(e.date)).map((e) => [e.date, e]));
  let daysMoved = byDate.size !== index.days.length;
  const added: IsoDate[] = [];
  for (const { date, count } of stored) {
    if (byDate.has(date) || date > latest) continue;
    byDate.set(date, { date, count });
    added.push(date);
  }
  let versionMoved = false;
  const future = new Date(now + CLOCK_MARGIN_S * 1000).toISOString();
  for (const e of [...recent.flatMap((r) => r.saved), ...seen]) {
    const before = byDate.get(e.date);
    if (e.count <= 0 || !kept(e.date)) continue;
    // No run writes a version from after tomorrow: a record claiming one would pin the day's
    // version, and so the ETags of its answers, through every change until it expires.
    if (e.updated_at && e.updated_at > future) continue;
    // The newer version wins; one the index claims from after tomorrow was damaged, not written.
    const newer =
      !before?.updated_at ||
      before.updated_at > future ||
      (!!e.updated_at && e.updated_at >= before.updated_at);
    if (!newer) continue;
    if (!before) added.push(e.date);
    if (before?.count !== e.count) daysMoved = true;
    if (before?.count !== e.count || before?.updated_at !== e.updated_at) {
      byDate.set(e.date, { ...before, ...e });
      versionMoved ||= before?.updated_at !== e.updated_at;
    }
  }
  // The word indexes recent runs named (a slower run's index write may have left one out, or
  // put back an older name), oldest first, then this run's: the newest name of a day wins.
  for (const [date, content] of [...recent.flatMap((r) => r.wordIndexes), ...wordIndexes]) {
    const e = byDate.get(date);
    if (e) byDate.set(date, { ...e, words: wordsFlag(content) });
  }
  daysMoved ||= added.length > 0;
  const next: DayIndex = {
    updated_at: versionMoved || daysMoved ? nextVersion(now, index.updated_at) : index.updated_at,
    days: [...byDate.values()].sort(newestFirst),
    last_run: {
      key: run.key,
      started_at: run.started_at,
      ok: run.ok,
      version: nextVersion(now, index.last_run?.version),
    },
    ...(index.last_run ? { previous_run_key: index.last_run.key } : {}),
    ...(run.readSomething
      ? { last_success_at: lastSuccess(index.last_success_at, run.started_at) }
      : index.last_success_at
        ? { last_success_at: index.last_success_at }
        : {}),
  };
  await kv.put(DAY_INDEX_KEY, encodeDayIndex(next));
  forgetIndex();
  return { added: [...new Set(added)], daysMoved, index: next };
}

/**
 * When a run last read a day: this run's start, unless the index names a later one a run could
 * have written before this one (a run settling a staged read starts at that read's time, up to
 * STAGED_READ_MAX_AGE_MS before it settles, after runs that read since); one later than that was
 * damaged, and would keep /api/status from saying the data is stale.
 */
function lastSuccess(stored: string | undefined, started: string): string {
  const at = stored ? Date.parse(stored) : Number.NaN;
  const from = Date.parse(started);
  return at > from && at <= from + STAGED_READ_MAX_AGE_MS ? stored! : started;
}

/** Whether the index does not yet say of one of these days that its word index is of that content. */
export const lacksWordIndexes = (index: DayIndex, wordIndexes: ReadonlyMap<IsoDate, string>) =>
  index.days.some((e) => {
    const content = wordIndexes.get(e.date);
    return content !== undefined && e.words !== wordsFlag(content);
  });

/** The last run's full report, from its record (or the run before, while the newest record is being written). */
export async function readLastReport(kv: KVNamespace, index: DayIndex): Promise<RunReport | null> {
  const keys = [index.last_run?.key, index.previous_run_key].filter((k): k is string => !!k);
  const texts = await readTexts(kv, keys, RUN_RECORD_MAX_BYTES);
  for (const key of keys) {
    const text = texts.get(key) ?? null;
    const record = text === null ? null : decodeRunRecord(text, key);
    if (record) return record.report;
  }
  return null;
}
