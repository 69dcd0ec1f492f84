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

function parseDay(text: string): DayRecord | null {
  try {
    const r = DayRecord.safeParse(JSON.parse(text));
    if (r.success) return r.data;
  } catch {}
  console.error(JSON.stringify({ event: "kv-invalid", key: "day" }));
  return null;
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
  if (read.papers.length === 0) return { outcome: "empty", count: metadata?.count ?? (oldText ? (parseDay(oldText)?.papers.length ?? 0) : 0) };

  let papers = read.papers;
  let kept = 0;
  let known = new Set(papers.map((p) => p.id));
  const sameSet = oldText !== null && read.via !== "cards" && metadata?.ids === idsHash(read.papers);
  if (oldText !== null && !sameSet) {
    const old = parseDay(oldText);
    const fresh = new Set(read.papers.map((p) => p.id));
    const stored = new Map(old?.papers.map((p) => [p.id, p]));
    const keep = old?.papers.filter((p) => !fresh.has(p.id)) ?? [];
    papers = [...read.papers.map((p) => mergePaper(stored.get(p.id), p, read.via)), ...keep];
    kept = keep.length;
    known = new Set(old?.papers.map((p) => p.id));
  } else if (oldText === null) {
    known = new Set();
  }

  const papersJson = JSON.stringify(papers);
  if (oldText !== null && papersText(oldText) === papersJson) return { outcome: "unchanged", count: papers.length };
  await kv.put(key, recordText(read.date, read.via, now.toISOString(), papersJson), { metadata: { ids: idsHash(papers), count: papers.length } satisfies DayMeta });

  await Promise.all(papers.filter((p) => !known.has(p.id)).map((p) => addPaperDate(kv, p.id, read.date)));
  return { outcome: kept > 0 ? "merged" : "stored", count: papers.length };
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
