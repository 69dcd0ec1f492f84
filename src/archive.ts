// Reading the archive: which stored days a query covers, and the papers on them.
// One neutral list of papers; the renderers decide how it looks.
import type { IsoDate, Paper } from "./model";
import { MAX_LIMIT, type ListQuery } from "./query";
import { getDays, getIndex } from "./store";

export interface Selection {
  papers: Paper[];
  /** Papers matching the filters before `limit` cut them. */
  total: number;
  /** The stored days the answer covers, newest first. */
  days: IsoDate[];
  /** When the newest change to any covered day was stored (ISO), if any. */
  updated?: string;
  /** Whether the archive has no day at all (a fresh deployment). */
  empty: boolean;
}

/**
 * Papers for a query: one day (`date`), a range (`from`..`to`) or, with neither, the
 * newest `defaultDays` stored days. Newest day first, most upvoted first within a day.
 * KV reads: the index plus one per covered day (at most 92).
 */
export async function selectPapers(kv: KVNamespace, q: ListQuery, defaultDays: number): Promise<Selection> {
  const index = await getIndex(kv);
  const stored = index.map((e) => e.date);
  const days = q.date
    ? stored.filter((d) => d === q.date)
    : q.from && q.to
      ? stored.filter((d) => d >= q.from! && d <= q.to!)
      : stored.slice(0, defaultDays);
  const records = await getDays(kv, days);
  const min = q.min_upvotes ?? 0;
  const matching = records
    .flatMap((r) => (r ? [...r.papers].sort((a, b) => b.upvotes - a.upvotes) : []))
    .filter((p) => p.upvotes >= min);
  const updated = records.map((r) => r?.updated_at ?? "").sort().at(-1) || undefined;
  return { papers: matching.slice(0, q.limit ?? MAX_LIMIT), total: matching.length, days, updated, empty: index.length === 0 };
}
