// Checking one stored day and putting right what can be put right from KV alone. Each
// scheduled run checks one day of the index in rotation, so damage anywhere in the
// archive (a value cut short, a summary or a paper's listing lost to two runs racing) is
// found and repaired within one pass over the index.
import type { IsoDate } from "../core/paper";
import { type DayMeta, saveDay, withVotes } from "./days";
import { keys } from "./keys";
import { readJson } from "./kvJson";
import { updatePaperRecords } from "./paperRecords";
import { asSummary, encodeDayRecord, readDayRecord, STORE_VERSION } from "./records";
import { briefOf, isCurrent, searchTextOf } from "./searchText";

export type RepairOutcome =
  /** Nothing was wrong. */
  | "sound"
  /** Something was rebuilt from the day record (its summary, search texts or paper records), or rewritten in the current layout. */
  | "repaired"
  /** The day record itself cannot be read: only a fresh read of the day can restore it. */
  | "unreadable";

export async function repairDay(kv: KVNamespace, date: IsoDate, now: Date): Promise<RepairOutcome> {
  const [rawDay, rawSummary, text, brief] = await Promise.all([
    readJson(kv, keys.day(date)),
    readJson(kv, keys.summary(date)),
    kv.get(keys.text(date), "text"),
    kv.get(keys.brief(date), "text"),
  ]);
  const day = readDayRecord(rawDay, keys.day(date));
  if (!day || day.record.papers.length === 0) return "unreadable";
  const { record } = day;
  // A record of the first format is served as it is (selection reads it whole); a fresh read
  // of the day migrates it. Migrating here would write every paper's record, which, for a
  // whole archive, the free plan's 1,000 writes a day cannot pay for.
  if (record.v === undefined) return "sound";
  const summary = asSummary(rawSummary, date);
  if (!summary || text === null) {
    // The upvotes in the summary are newer than the record's, when there is one.
    const papers = withVotes(record.papers, summary);
    // Without a summary, saving the record as a fresh read rewrites every derived key.
    if (summary) await kv.delete(keys.summary(date));
    await saveDay(kv, { date, via: record.via, papers, partial: false }, now);
    return "repaired";
  }
  // What serving reads, in an older layout, is rewritten in the current one: at most three
  // writes a run, and once per day of the archive (README, "KV budget").
  const rewrites: Promise<void>[] = [];
  if (record.v !== STORE_VERSION) {
    const metadata: DayMeta = { count: record.papers.length };
    rewrites.push(kv.put(keys.day(date), encodeDayRecord(record, day.invalid), { metadata }));
  }
  if (!isCurrent("text", text)) rewrites.push(kv.put(keys.text(date), searchTextOf(record.papers)));
  if (!isCurrent("brief", brief)) rewrites.push(kv.put(keys.brief(date), briefOf(record.papers)));
  await Promise.all(rewrites);
  const fixed = await updatePaperRecords(kv, date, record.papers);
  return fixed + rewrites.length > 0 ? "repaired" : "sound";
}
