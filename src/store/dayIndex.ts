// The index under keys.index: the stored days with their counts, newest first, and the
// data version (when any day's content last changed). List routes read it instead of
// listing keys, and its version keys caches and ETags.
import type { IsoDate } from "../core/paper";
import { keys } from "./keys";
import { getJson } from "./kvJson";
import { type DayIndex, EMPTY_INDEX, Index } from "./records";

export const getIndex = async (kv: KVNamespace): Promise<Index> =>
  (await getJson(kv, keys.index, Index)) ?? EMPTY_INDEX;

/**
 * The index as this isolate last read it, if that was under `maxAgeMs` ago. The list
 * routes use it to find their cache key without a KV read on every request. KV itself
 * serves a read from the edge for up to 60 s after a write elsewhere, so a few seconds
 * here do not change how soon other places see a scrape; in the isolate that ran the
 * scrape, updateIndex forgets it at once.
 */
let memo: { kv: KVNamespace; at: number; index: Index } | undefined;
export async function getIndexRecent(kv: KVNamespace, now: number, maxAgeMs: number): Promise<Index> {
  if (memo && memo.kv === kv && now - memo.at >= 0 && now - memo.at < maxAgeMs) return memo.index;
  const index = await getIndex(kv);
  memo = { kv, at: now, index };
  return index;
}
export const forgetIndex = () => {
  memo = undefined;
};

/**
 * Brings the index in line with the days a run saw, and moves its version when a day's
 * content changed. Rewrites it only then.
 */
export async function updateIndex(
  kv: KVNamespace,
  seen: { date: IsoDate; count: number }[],
  changedAt?: string,
): Promise<boolean> {
  forgetIndex();
  const index = await getIndex(kv);
  const byDate = new Map(index.days.map((e) => [e.date, e.count]));
  let changed = changedAt !== undefined && changedAt !== index.updated_at;
  for (const { date, count } of seen) {
    if (count > 0 && byDate.get(date) !== count) {
      byDate.set(date, count);
      changed = true;
    }
  }
  if (!changed) return false;
  const days: DayIndex = [...byDate]
    .map(([date, count]) => ({ date, count }))
    .sort((a, b) => (a.date < b.date ? 1 : -1));
  await kv.put(
    keys.index,
    JSON.stringify({ updated_at: changedAt ?? index.updated_at, days } satisfies Index),
  );
  forgetIndex();
  return true;
}
