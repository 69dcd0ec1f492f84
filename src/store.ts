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

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false } };

/** Validates a stored JSON value; a value that no longer fits reads as absent, and is logged. */
function validated<T>(schema: Schema<T>, raw: unknown, key: string): T | null {
  if (raw === null) return null;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  console.error(JSON.stringify({ event: "kv-invalid", key }));
  return null;
}

const getJson = async <T>(kv: KVNamespace, key: string, schema: Schema<T>) => validated(schema, await kv.get(key, "json"), key);

function parseDay(text: string, key: string): DayRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined; // not JSON: fails validation below, and is logged there
  }
  return validated(DayRecord, raw, key);
}

export const getDay = (kv: KVNamespace, date: IsoDate) => getJson(kv, dayKey(date), DayRecord);
export const getDays = (kv: KVNamespace, dates: IsoDate[]) => Promise.all(dates.map((d) => getDay(kv, d)));
export const getIndex = async (kv: KVNamespace): Promise<Index> => (await getJson(kv, INDEX_KEY, Index)) ?? { updated_at: null, days: [] };

/**
 * The index as this isolate last read it, if that was under `maxAgeMs` ago. The list
 * routes use it to find their edge-cache key without a KV read on every request. KV
 * itself serves a read from the edge for up to 60 s after a write elsewhere, so a few
 * seconds here do not change how soon other places see a scrape; in the isolate that
 * ran the scrape, updateIndex forgets it at once.
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

export async function getPaperDates(kv: KVNamespace, id: string): Promise<IsoDate[]> {
  const raw = await kv.get(paperKey(id), "json");
  return Array.isArray(raw) ? raw.filter((d): d is string => typeof d === "string") : [];
}


/** KV metadata of a day: what saving needs to know without parsing the day. */
interface DayMeta {
  /** A hash of the day's sorted arXiv ids. */
  ids: string;
  count: number;
}

/** FNV-1a over the sorted ids: equal for the same set of papers in any order. */
export function idsHash(papers: Paper[]): string {
  let h = 0x811c9dc5;
  for (const ch of papers.map((p) => p.id).sort().join(",")) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0).toString(16);
}

// A day's JSON is written with `papers` last, so the papers' JSON can be compared as text.
const recordText = (date: IsoDate, via: ReadVia, updatedAt: string, papersJson: string) =>
  `{"date":"${date}","via":"${via}","updated_at":"${updatedAt}","papers":${papersJson}}`;
const papersText = (recordJson: string) => {
  const at = recordJson.indexOf(',"papers":');
  return at < 0 ? undefined : recordJson.slice(at + 10, -1);
};

/**
 * Saves one freshly read day. Never deletes or shrinks: papers already stored that the
 * fresh read lacks stay (a list read mid-update), the fresh read wins for the papers it
 * has, and an empty read writes nothing. Nothing is written when the content is unchanged.
 *
 * The common case, a re-read of the same papers, neither parses nor validates the stored
 * day: the ids' hash in its metadata says nothing needs merging, and the papers' JSON is
 * compared as text (README, "Performance").
 */
export async function saveDay(
  kv: KVNamespace,
  read: { date: IsoDate; via: ReadVia; papers: Paper[] },
  now: Date,
): Promise<{ outcome: SaveOutcome; count: number }> {
  const key = dayKey(read.date);
  const { value: oldText, metadata } = await kv.getWithMetadata<DayMeta>(key, "text");
  if (read.papers.length === 0) return { outcome: "empty", count: metadata?.count ?? (oldText ? (parseDay(oldText, key)?.papers.length ?? 0) : 0) };

  // The same set of papers as stored (and not a card read) needs no merge: the fresh read
  // replaces the stored one, and no paper is new to the day.
  const sameSet = oldText !== null && read.via !== "cards" && metadata?.ids === idsHash(read.papers);
  const old = oldText === null || sameSet ? null : parseDay(oldText, key);
  const fresh = new Set(read.papers.map((p) => p.id));
  const stored = new Map(old?.papers.map((p) => [p.id, p]));
  const kept = old?.papers.filter((p) => !fresh.has(p.id)) ?? [];
  const papers = old ? [...read.papers.map((p) => mergePaper(stored.get(p.id), p, read.via)), ...kept] : read.papers;
  const added = sameSet ? [] : papers.filter((p) => !stored.has(p.id));

  const papersJson = JSON.stringify(papers);
  if (oldText !== null && papersText(oldText) === papersJson) return { outcome: "unchanged", count: papers.length };
  await kv.put(key, recordText(read.date, read.via, now.toISOString(), papersJson), { metadata: { ids: idsHash(papers), count: papers.length } satisfies DayMeta });

  await Promise.all(added.map((p) => addPaperDate(kv, p.id, read.date)));
  return { outcome: kept.length > 0 ? "merged" : "stored", count: papers.length };
}

/**
 * The fresh read wins for a paper it has, except a card read: cards carry only id, title
 * and upvotes, so the stored abstract, authors and the rest stay.
 */
export function mergePaper(old: Paper | undefined, fresh: Paper, via: ReadVia): Paper {
  if (!old || via !== "cards") return fresh;
  return { ...old, title: fresh.title, upvotes: fresh.upvotes };
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
  const days: DayIndex = [...byDate].map(([date, count]) => ({ date, count })).sort((a, b) => (a.date < b.date ? 1 : -1));
  await kv.put(INDEX_KEY, JSON.stringify({ updated_at: changedAt ?? index.updated_at, days } satisfies Index));
  forgetIndex();
  return true;
}
