// `days`, the index: the stored days with their paper counts and data versions, newest
// first, the archive's data version, and where the last runs' records are. List routes read
// it (remembered for a few seconds) instead of listing keys; a run rewrites it once, after
// its data and before it invalidates cached answers, so a revalidation finds the new
// versions.
import { FIRST_LIST_DAY, isIsoTime, newestFirst } from "../../core/dates";
import { type IsoDate, isCalendarDate } from "../../core/paper";
import { asciiJson } from "../ascii";
import { logInvalid, parseStored } from "../kv";

export const DAY_INDEX_KEY = "days";
/** Ten years of days at 80 bytes each, and the last runs. */
export const DAY_INDEX_MAX_BYTES = 1024 * 1024;
/** Version 2 adds the last runs. Version 1 (no `v`) is still read. */
export const DAY_INDEX_VERSION = 2;

export interface IndexEntry {
  date: IsoDate;
  count: number;
  /** The day's data version (its summary's updated_at). */
  updated_at?: string;
  /**
   * The first digits of the content hash the day's word index was built from (words:D). A
   * search reads that index only where they begin the day's summary's content hash, and
   * the day's search text elsewhere: one key a day, never a miss and then the text. The
   * search then holds the word index's own content hash to the summary's, so a prefix is
   * enough: a mark of other content, or a collision, costs a read, not a wrong answer.
   */
  words?: string;
}

/** How much of a content hash a day's entry keeps for its word index. */
export const WORDS_FLAG_LENGTH = 8;
const WORDS_FLAG = new RegExp(`^[0-9a-f]{${WORDS_FLAG_LENGTH}}$`);
/** An entry's mark of a word index of this content (store/content.ts's hash). */
export const wordsFlag = (contentHash: string) => contentHash.slice(0, WORDS_FLAG_LENGTH);
/** Whether the entry names a word index of the content `contentHash` names. */
export const namesWordIndex = (entry: IndexEntry | undefined, contentHash: string) =>
  !!entry?.words && contentHash.length > WORDS_FLAG_LENGTH && contentHash.startsWith(entry.words);

/** What the index says of the newest run, so the front page needs no other read. */
export interface LastRun {
  /** Its run record (store/values/runRecord.ts), with the whole report. */
  key: string;
  started_at: string;
  ok: boolean;
  /** A stamp that only moves forward, whatever order runs start in: what Last-Modified shows. */
  version: string;
}

export interface DayIndex {
  /** When any day last changed: the archive's data version. */
  updated_at: string | null;
  days: IndexEntry[];
  /** The newest run, and the run before it (whose record stands in while the newest one's is written). */
  last_run?: LastRun;
  previous_run_key?: string;
  /** The last run in which at least one day was read. */
  last_success_at?: string;
}

export const EMPTY_INDEX: DayIndex = { updated_at: null, days: [] };

export const encodeDayIndex = (index: DayIndex) => asciiJson({ v: DAY_INDEX_VERSION, ...index });

const time = (v: unknown) => (typeof v === "string" && isIsoTime(v) ? v : undefined);
const RUN_KEY = /^run:[0-9A-Za-z:.-]{1,80}$/;

function lastRunOf(v: unknown): LastRun | undefined {
  const r = v as Partial<Record<keyof LastRun, unknown>> | null;
  if (!r || typeof r !== "object" || typeof r.key !== "string" || !RUN_KEY.test(r.key)) return undefined;
  const started = time(r.started_at);
  if (!started || typeof r.ok !== "boolean") return undefined;
  return { key: r.key, started_at: started, ok: r.ok, version: time(r.version) ?? started };
}

/**
 * The index read back entry by entry: an entry that does not validate (a date that is not
 * real or before the first list, a count that is not one, a repeated day) is dropped and
 * logged, the rest kept; a version that is not a real time reads as unknown. Null (logged)
 * when it is not an index at all.
 */
export function decodeDayIndex(text: string): DayIndex | null {
  const raw = parseStored(text, DAY_INDEX_KEY) as Record<string, unknown> | undefined;
  if (raw === undefined) return null;
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.days) || (raw.v !== undefined && raw.v !== 2)) {
    logInvalid(DAY_INDEX_KEY, "not an index of an accepted version");
    return null;
  }
  const days: IndexEntry[] = [];
  const seen = new Set<string>();
  let bad = 0;
  for (const e of raw.days as Record<string, unknown>[]) {
    const date = e?.date;
    if (typeof date !== "string" || !isCalendarDate(date) || date < FIRST_LIST_DAY || seen.has(date)) {
      bad++;
      continue;
    }
    if (!Number.isSafeInteger(e.count) || (e.count as number) < 0) {
      bad++;
      continue;
    }
    seen.add(date);
    const updated = time(e.updated_at);
    const words = typeof e.words === "string" && WORDS_FLAG.test(e.words) ? e.words : undefined;
    days.push({
      date,
      count: e.count as number,
      ...(updated ? { updated_at: updated } : {}),
      ...(words ? { words } : {}),
    });
  }
  if (bad) logInvalid(DAY_INDEX_KEY, `${bad} entries do not validate`);
  const out: DayIndex = { updated_at: time(raw.updated_at) ?? null, days: days.sort(newestFirst) };
  const last = lastRunOf(raw.last_run);
  if (last) out.last_run = last;
  if (typeof raw.previous_run_key === "string" && RUN_KEY.test(raw.previous_run_key))
    out.previous_run_key = raw.previous_run_key;
  const success = time(raw.last_success_at);
  if (success) out.last_success_at = success;
  return out;
}
