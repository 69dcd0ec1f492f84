// Day records: one listed day and its papers under keys.day(date), with KV metadata that
// lets a save decide what to do without parsing the stored day.
import type { IsoDate, Paper } from "../core/paper";
import type { ReadVia, SaveOutcome } from "../core/runReport";
import { keys } from "./keys";
import { getJson, validated } from "./kvJson";
import { addPaperDate } from "./paperDates";
import { DayRecord } from "./records";

export const getDay = (kv: KVNamespace, date: IsoDate) => getJson(kv, keys.day(date), DayRecord);
export const getDays = (kv: KVNamespace, dates: IsoDate[]) => Promise.all(dates.map((d) => getDay(kv, d)));

/** KV metadata of a day: what saving needs to know without reading the value. */
export interface DayMeta {
  /** A hash of the day's sorted arXiv ids: equal for the same set of papers. */
  ids: string;
  count: number;
  /** SHA-256 of the papers' JSON: equal for the same content (absent on older records). */
  papers?: string;
}

/** FNV-1a over the sorted ids: equal for the same set of papers in any order. */
export function idsHash(papers: Paper[]): string {
  let h = 0x811c9dc5;
  for (const ch of papers
    .map((p) => p.id)
    .sort()
    .join(","))
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0).toString(16);
}

async function contentHash(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The stored text of a day: plain JSON of the record, read back through DayRecord. */
export const encodeDay = (record: DayRecord): string => JSON.stringify(record);

function decodeDay(text: string, key: string): DayRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined; // not JSON: fails validation below, and is logged there
  }
  return validated(DayRecord, raw, key);
}

/** What a save needs of a read (scrape's DayRead has more). */
export interface DayToSave {
  date: IsoDate;
  via: ReadVia;
  papers: Paper[];
  /** The papers carry only id, title, links and upvotes: keep what is stored of the rest. */
  partial: boolean;
}

/**
 * Saves one freshly read day. Never deletes or shrinks: papers already stored that the
 * fresh read lacks stay (a list read mid-update), the fresh read wins for the papers it
 * has, and an empty read writes nothing. Nothing is written when the content is unchanged.
 *
 * The common case, a re-read of the same papers, neither parses nor validates the stored
 * day: the ids' hash in its metadata says nothing needs merging, and the content hash says
 * whether anything changed (README, "Performance").
 */
export async function saveDay(
  kv: KVNamespace,
  read: DayToSave,
  now: Date,
): Promise<{ outcome: SaveOutcome; count: number }> {
  const key = keys.day(read.date);
  const { value: oldText, metadata } = await kv.getWithMetadata<DayMeta>(key, "text");
  const stored = (): DayRecord | null => (oldText === null ? null : decodeDay(oldText, key));
  if (read.papers.length === 0)
    return { outcome: "empty", count: metadata?.count ?? stored()?.papers.length ?? 0 };

  // The same set of papers as stored, read in full, needs no merge: the fresh read replaces
  // the stored one, and no paper is new to the day.
  const sameSet = oldText !== null && !read.partial && metadata?.ids === idsHash(read.papers);
  const old = sameSet ? null : stored();
  const fresh = new Set(read.papers.map((p) => p.id));
  const byId = new Map(old?.papers.map((p) => [p.id, p]));
  const kept = old?.papers.filter((p) => !fresh.has(p.id)) ?? [];
  const papers = old
    ? [...read.papers.map((p) => mergePaper(byId.get(p.id), p, read.partial)), ...kept]
    : read.papers;
  const added = sameSet ? [] : papers.filter((p) => !byId.has(p.id));

  const papersJson = JSON.stringify(papers);
  const hash = await contentHash(papersJson);
  if (oldText !== null) {
    const same = metadata?.papers
      ? metadata.papers === hash
      : JSON.stringify((old ?? stored())?.papers) === papersJson;
    if (same) return { outcome: "unchanged", count: papers.length };
  }
  const record: DayRecord = { date: read.date, via: read.via, updated_at: now.toISOString(), papers };
  const meta: DayMeta = { ids: idsHash(papers), count: papers.length, papers: hash };
  await kv.put(key, encodeDay(record), { metadata: meta });

  await Promise.all(added.map((p) => addPaperDate(kv, p.id, read.date)));
  return { outcome: kept.length > 0 ? "merged" : "stored", count: papers.length };
}

/** The fresh read wins for a paper it has; a partial read changes only the title and upvotes. */
export function mergePaper(old: Paper | undefined, fresh: Paper, partial: boolean): Paper {
  if (!old || !partial) return fresh;
  return { ...old, title: fresh.title, upvotes: fresh.upvotes };
}
