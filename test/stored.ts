// Reading what the store holds, for tests: a day as serving sees it (its listing and full
// papers), the index, a paper's record, and every key of a day.
import { env } from "cloudflare:workers";
import { configOf } from "../src/core/config";
import type { IsoDate, Paper } from "../src/core/paper";
import { FORMATS } from "../src/serve/formats";
import { type ListPlan, planList } from "../src/serve/plan";
import { parseListQuery } from "../src/serve/query";
import { Archive } from "../src/store/archive";
import { forgetIndex, readIndex } from "../src/store/days";
import { repairOne } from "../src/store/repair";
import { newRunId } from "../src/store/runs";
import { briefKey } from "../src/store/values/brief";
import { DAY_INDEX_KEY, encodeDayIndex, wordsFlag } from "../src/store/values/dayIndex";
import { dayRecordKey } from "../src/store/values/dayRecord";
import { historyKey } from "../src/store/values/history";
import { decodePaperRecord, type PaperRecord, paperRecordKey } from "../src/store/values/paperRecord";
import { searchTextKey } from "../src/store/values/searchText";
import { summaryKey } from "../src/store/values/summary";
import { wordIndexKey } from "../src/store/values/wordIndex";
import { indexWords, type WordsOutcome } from "../src/store/words";

/** Every key a listed day keeps, by kind. */
export const dayKeys = (date: IsoDate) => ({
  day: dayRecordKey(date),
  summary: summaryKey(date),
  text: searchTextKey(date),
  brief: briefKey(date),
  words: wordIndexKey(date),
  history: historyKey(date),
});

/** A stored day as serving reads it: its papers with their counters; null when no value lists it. */
export async function storedDay(
  date: IsoDate,
  kv: KVNamespace = env.PAPERS,
): Promise<{ papers: Paper[]; updated_at: string } | null> {
  const archive = new Archive(kv);
  const listing = (await archive.listings([date])).get(date);
  if (!listing) return null;
  const papers = await archive.papers(
    listing.ids.map((id, i) => ({ id, date, counters: listing.counters[i]! })),
  );
  return { papers, updated_at: listing.updated_at };
}

export const storedIndex = (kv: KVNamespace = env.PAPERS) => readIndex(kv);

/**
 * Builds a day's word index and marks it in the index, as an upkeep run does (searches read
 * a word index only where the index names it): for days no upkeep run would pick at the time.
 */
export async function wordIndexBuilt(date: IsoDate, kv: KVNamespace = env.PAPERS): Promise<WordsOutcome> {
  const { outcome, content } = await indexWords(kv, date);
  if (content) {
    const index = await readIndex(kv);
    const days = index.days.map((e) => (e.date === date ? { ...e, words: wordsFlag(content) } : e));
    await kv.put(DAY_INDEX_KEY, encodeDayIndex({ ...index, days }));
    forgetIndex();
  }
  return outcome;
}

/**
 * The repair pass as a scheduled run at `now` makes it, over one stored day (or every one):
 * what it found, or undefined when it found nothing to check.
 */
export async function repairPass({
  date,
  now,
  kv = env.PAPERS,
  settledBefore,
}: {
  date?: IsoDate;
  now: number;
  kv?: KVNamespace;
  settledBefore: IsoDate;
}) {
  const index = await storedIndex(kv);
  return repairOne({
    kv,
    index: date ? { ...index, days: index.days.filter((e) => e.date === date) } : index,
    runId: newRunId(new Date(now).toISOString()),
    now,
    slot: 0,
    skip: new Set(),
    settledBefore,
  });
}

export async function paperRecord(id: string, kv: KVNamespace = env.PAPERS): Promise<PaperRecord | null> {
  const text = await kv.get(paperRecordKey(id));
  return text === null ? null : decodePaperRecord(text, id);
}

/** The plan a list route makes for a path and query, over the stored index. */
export async function planFor(path: string, qs = "", kv: KVNamespace = env.PAPERS): Promise<ListPlan> {
  const format = FORMATS.find((f) => f.path === path)!;
  return planList(
    format,
    parseListQuery(new URLSearchParams(qs)),
    await readIndex(kv),
    format.defaultDays(configOf(env)),
  );
}
