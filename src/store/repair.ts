// Checking one stored day and putting right what can be put right from KV alone. Each
// scheduled run checks one day of the index in rotation, so damage anywhere in the
// archive (a value cut short, a summary or a paper's listing lost to two runs racing) is
// found and repaired within one pass over the index.
import type { IsoDate } from "../core/paper";
import { saveDay, withVotes } from "./days";
import { keys } from "./keys";
import { readJson } from "./kvJson";
import { updatePaperRecords } from "./paperRecords";
import { asSummary, readDayRecord, STORE_VERSION } from "./records";

export type RepairOutcome =
  /** Nothing was wrong. */
  | "sound"
  /** Something was rebuilt from the day record (its summary, search text or paper records). */
  | "repaired"
  /** The day record itself cannot be read: only a fresh read of the day can restore it. */
  | "unreadable";

export async function repairDay(kv: KVNamespace, date: IsoDate, now: Date): Promise<RepairOutcome> {
  const [rawDay, rawSummary, text] = await Promise.all([
    readJson(kv, keys.day(date)),
    readJson(kv, keys.summary(date)),
    kv.get(keys.text(date), "text"),
  ]);
  const day = readDayRecord(rawDay, keys.day(date));
  if (!day || day.record.papers.length === 0) return "unreadable";
  const { record } = day;
  // A record from before the current format is served as it is (selection reads it whole);
  // a fresh read of the day migrates it. Migrating here would write every paper's record,
  // which, for a whole archive, the free plan's 1,000 writes a day cannot pay for.
  if (record.v !== STORE_VERSION) return "sound";
  const summary = asSummary(rawSummary, date);
  if (!summary || text === null) {
    // The upvotes in the summary are newer than the record's, when there is one.
    const papers = withVotes(record.papers, summary);
    // Without a summary, saving the record as a fresh read rewrites every derived key.
    if (summary) await kv.delete(keys.summary(date));
    await saveDay(kv, { date, via: record.via, papers, partial: false }, now);
    return "repaired";
  }
  const fixed = await updatePaperRecords(kv, date, record.papers);
  return fixed > 0 ? "repaired" : "sound";
}
