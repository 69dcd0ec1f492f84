// The index under keys.index: the stored days with their counts and data versions, newest
// first, and the archive's data version (when any day last changed). List routes read it
// instead of listing keys. Every run also lists the day keys (one KV list operation) and
// adds any stored day the index lacks, so an index update lost to two runs racing, or an
// index that was damaged, is repaired by the next run.
import type { IsoDate } from "../core/paper";
import { nextVersion } from "./days";
import { DAY_PREFIX, dateOfDayKey, keys } from "./keys";
import { parseStored } from "./kvJson";
import { EMPTY_INDEX, type Index, type IndexEntry, readIndex } from "./records";

/**
 * The index. One that cannot be read at all (not JSON, not an index) is replaced by what
 * the day keys say, until the next run writes it again: a damaged index hides nothing.
 */
export async function getIndex(kv: KVNamespace): Promise<Index> {
  const text = await kv.get(keys.index, "text");
  if (text === null) return EMPTY_INDEX;
  const index = readIndex(parseStored(text, keys.index), keys.index);
  if (index) return index;
  const days = (await listStoredDays(kv)).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return { updated_at: null, days };
}

/**
 * The index as this isolate last read it, if that was under `maxAgeMs` ago. The list
 * routes use it to find their cache keys without a KV read on every request. KV itself
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

/** Every stored day, from the day keys and their metadata (one list operation per 1,000 days). */
export async function listStoredDays(kv: KVNamespace): Promise<{ date: IsoDate; count: number }[]> {
  const out: { date: IsoDate; count: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await kv.list<{ count?: unknown }>({ prefix: DAY_PREFIX, cursor });
    for (const k of page.keys) {
      const count = typeof k.metadata?.count === "number" ? k.metadata.count : 0;
      out.push({ date: dateOfDayKey(k.name), count });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return out;
}

export interface IndexUpdate {
  /** The index was rewritten. */
  written: boolean;
  /** Days the index did not have before. */
  added: IsoDate[];
  index: Index;
}

/**
 * Brings the index in line with the days a run saved and with the day keys in KV, and
 * moves the data version when a day's content changed. Rewrites it only when it differs.
 */
export async function updateIndex(kv: KVNamespace, seen: IndexEntry[], now: Date): Promise<IndexUpdate> {
  forgetIndex();
  const [index, stored] = await Promise.all([getIndex(kv), listStoredDays(kv)]);
  const byDate = new Map(index.days.map((e) => [e.date, e]));
  const added: IsoDate[] = [];
  for (const { date, count } of stored) {
    if (byDate.has(date) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    byDate.set(date, { date, count });
    added.push(date);
  }
  let versionMoved = false;
  for (const e of seen) {
    const before = byDate.get(e.date);
    if (e.count <= 0) continue;
    if (!before) added.push(e.date);
    if (before?.count !== e.count || before?.updated_at !== e.updated_at) {
      byDate.set(e.date, { ...before, ...e });
      versionMoved ||= before?.updated_at !== e.updated_at;
    }
  }
  const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const same = days.length === index.days.length && days.every((e, i) => sameEntry(e, index.days[i]));
  if (same && !versionMoved) return { written: false, added: [], index };
  const next: Index = { updated_at: nextVersion(now, index.updated_at), days };
  await kv.put(keys.index, JSON.stringify(next));
  forgetIndex();
  return { written: true, added: [...new Set(added)], index: next };
}

const sameEntry = (a: IndexEntry, b: IndexEntry | undefined) =>
  !!b && a.date === b.date && a.count === b.count && a.updated_at === b.updated_at;
