// GET /api/papers/:id: one paper, from its record (keys.paper), with the upvotes of its
// newest listing from that day's summary. Papers stored before records held their content
// are read from their day records.
import { newest } from "../core/dates";
import type { HistoryPoint, IsoDate, Paper } from "../core/paper";
import { getDays, getSummaries } from "../store/days";
import { getHistory } from "../store/history";
import { getPaperRecord } from "../store/paperRecords";
import { listedPaper } from "../store/records";

export interface FoundPaper {
  /** The paper as listed on the newest day it was listed on. */
  paper: Paper;
  listed_on: IsoDate[];
  updated?: string;
  /** Its upvotes over time on that day. */
  history: HistoryPoint[];
}

export async function paperById(kv: KVNamespace, id: string): Promise<FoundPaper | null> {
  const record = await getPaperRecord(kv, id);
  if (!record || record.listed_on.length === 0) return null;
  const byDay = await getSummaries(kv, record.listed_on);
  const summaries = record.listed_on.map((d) => byDay.get(d) ?? null);
  const votes = (i: number) => {
    const s = summaries[i];
    const at = s?.ids.indexOf(id) ?? -1;
    return at >= 0 ? s!.upvotes[at] : undefined;
  };
  const newestDay = record.listed_on[0]!;
  if (record.paper && votes(0) !== undefined) {
    return {
      paper: listedPaper(record.paper, votes(0)!, newestDay),
      listed_on: record.listed_on,
      updated: newest(summaries.map((s) => s?.updated_at)),
      history: (await getHistory(kv, newestDay))?.papers[id] ?? [],
    };
  }
  // Older data: the day records say which days really list it, and with what.
  const days = await getDays(kv, record.listed_on);
  const listings = record.listed_on.flatMap((d, i) => {
    const p = days.get(d)?.papers.find((x) => x.id === id);
    return p ? [listedPaper(p, votes(i) ?? p.upvotes, d)] : [];
  });
  if (!listings[0]) return null;
  return {
    paper: listings[0],
    listed_on: listings.map((p) => p.date),
    updated: newest([...days.values()].map((r) => r?.updated_at)),
    history: (await getHistory(kv, listings[0].date))?.papers[id] ?? [],
  };
}
