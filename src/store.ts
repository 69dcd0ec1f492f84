// The store: KV keys and values. Layout (also in README, "KV layout"):
//   day:YYYY-MM-DD  -> DayRecord JSON: one listed day and its papers
//   days            -> Index JSON: {updated_at, days: [{date, count}] newest first}; no KV
//                      list calls, and updated_at versions the data (edge cache keys, ETags)
//   paper:<arXiv id> -> JSON array of the days the paper was listed on
import { DayRecord, Index, type DayIndex, type IsoDate, type Paper, type ReadVia, type SaveOutcome } from "./model";

export type { Index };

export const dayKey = (date: IsoDate) => `day:${date}`;
export const INDEX_KEY = "days";
export const paperKey = (id: string) => `paper:${id}`;

/** Reads and validates a JSON value; a value that no longer fits reads as absent. */
async function getJson<T>(kv: KVNamespace, key: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): Promise<T | null> {
  const raw = await kv.get(key, "json");
  if (raw === null) return null;
  const r = schema.safeParse(raw);
  if (!r.success) {
    console.error(JSON.stringify({ event: "kv-invalid", key }));
    return null;
  }
  return r.data;
}

export const getDay = (kv: KVNamespace, date: IsoDate) => getJson(kv, dayKey(date), DayRecord);
export const getDays = (kv: KVNamespace, dates: IsoDate[]) => Promise.all(dates.map((d) => getDay(kv, d)));
export const getIndex = async (kv: KVNamespace): Promise<Index> => (await getJson(kv, INDEX_KEY, Index)) ?? { updated_at: null, days: [] };

export async function getPaperDates(kv: KVNamespace, id: string): Promise<IsoDate[]> {
  const raw = await kv.get(paperKey(id), "json");
  return Array.isArray(raw) ? raw.filter((d): d is string => typeof d === "string") : [];
}


/**
 * Saves one freshly read day. Never deletes or shrinks: papers already stored that the
 * fresh read lacks stay (a list read mid-update), fresh fields win for the rest, and an
 * empty read writes nothing. Nothing is written when the content is unchanged.
 */
export async function saveDay(
  kv: KVNamespace,
  read: { date: IsoDate; via: ReadVia; papers: Paper[] },
  now: Date,
): Promise<{ outcome: SaveOutcome; count: number }> {
  const old = await getDay(kv, read.date);
  if (read.papers.length === 0) return { outcome: "empty", count: old?.papers.length ?? 0 };

  const fresh = new Set(read.papers.map((p) => p.id));
  const stored = new Map(old?.papers.map((p) => [p.id, p]));
  const kept = old?.papers.filter((p) => !fresh.has(p.id)) ?? [];
  const papers = [...read.papers.map((p) => mergePaper(stored.get(p.id), p)), ...kept];
  if (old && JSON.stringify(old.papers) === JSON.stringify(papers)) return { outcome: "unchanged", count: papers.length };

  const record: DayRecord = { date: read.date, via: read.via, updated_at: now.toISOString(), papers };
  await kv.put(dayKey(read.date), JSON.stringify(record));

  const known = new Set(old?.papers.map((p) => p.id));
  await Promise.all(papers.filter((p) => !known.has(p.id)).map((p) => addPaperDate(kv, p.id, read.date)));
  return { outcome: kept.length > 0 ? "merged" : "stored", count: papers.length };
}

/**
 * Fresh fields win; a field the fresh read lacks keeps its stored value (the card
 * fall-back has no abstract or authors, and a fresh read never erases what we know).
 */
export function mergePaper(old: Paper | undefined, fresh: Paper): Paper {
  if (!old) return fresh;
  const merged: Paper = { ...old, ...fresh };
  if (!fresh.summary) merged.summary = old.summary;
  if (fresh.authors.length === 0) merged.authors = old.authors;
  return merged;
}

async function addPaperDate(kv: KVNamespace, id: string, date: IsoDate): Promise<void> {
  const dates = await getPaperDates(kv, id);
  if (dates.includes(date)) return;
  await kv.put(paperKey(id), JSON.stringify([...dates, date].sort().reverse()));
}

/**
 * Brings the index in line with the days a run saw, and moves its version when a day's
 * content changed. Rewrites it only then; as every run re-states the days it saw, an entry
 * lost to two runs racing on this key is restored by the next run.
 */
export async function updateIndex(kv: KVNamespace, seen: { date: IsoDate; count: number }[], changedAt?: string): Promise<boolean> {
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
  const days: DayIndex = [...byDate].map(([date, count]) => ({ date, count })).sort((a, b) => (a.date < b.date ? 1 : -1));
  await kv.put(INDEX_KEY, JSON.stringify({ updated_at: changedAt ?? index.updated_at, days } satisfies Index));
  return true;
}
