// Saving and reading listed days. A day is kept in four keys (keys.ts): the full record
// (day:D), a small summary that selection reads (list:D), and what the searches scan and a
// digest shows (text:D and brief:D); each paper's content also goes to its own record
// (paper:ID). An upvote change, which is what most runs see, rewrites only the
// summary; the rest is rewritten when content changes.
import type { IsoDate, Paper } from "../core/paper";
import type { ReadVia, SaveOutcome } from "../core/runReport";
import { recordUpvotes } from "./history";
import { keys } from "./keys";
import { getTexts, parseStored, readJson } from "./kvJson";
import { getPaperRecords, updatePaperRecords } from "./paperRecords";
import {
  asSummary,
  contentOf,
  type DayRead,
  type DayRecord,
  type DaySummary,
  encodeDayRecord,
  encodeSummary,
  listedPaper,
  paperLinesOfDayText,
  readDayRecord,
  STORE_VERSION,
  SUMMARY_VERSION,
  trustDayRecord,
} from "./records";
import { briefOf, searchTextOf } from "./searchText";

/** What a save needs of a read (scrape's DayRead has more). */
export interface DayToSave {
  date: IsoDate;
  via: ReadVia;
  papers: Paper[];
  /** The papers carry only id, title, links and upvotes: keep what is stored of the rest. */
  partial: boolean;
}

export interface SaveResult {
  outcome: SaveOutcome;
  count: number;
  /** The day's data version after the save (its summary's updated_at). */
  updated_at?: string;
  /** Papers new to the day. */
  added?: number;
  /** Whether the day's content was written (its record, texts and paper records), not only its upvotes. */
  rewritten?: boolean;
}

/** KV metadata of a day record: what listing the day keys tells without reading them. */
export interface DayMeta {
  count: number;
}

/** A day as stored now: its record, with the upvotes of its summary (which moves more often). */
export async function getDay(kv: KVNamespace, date: IsoDate): Promise<DayRecord | null> {
  const [raw, rawSummary] = await Promise.all([
    readJson(kv, keys.day(date)),
    readJson(kv, keys.summary(date)),
  ]);
  const record = readDayRecord(raw, keys.day(date))?.record;
  const summary = asSummary(rawSummary, date);
  if (!record || !summary) return record ?? null;
  const papers = withVotes(record.papers, summary);
  return { ...record, updated_at: summary.updated_at, papers };
}

/** Days' summaries in bulk (list:D); a missing or unreadable one maps to null. */
export async function getSummaries(
  kv: KVNamespace,
  dates: IsoDate[],
): Promise<Map<IsoDate, DaySummary | null>> {
  const texts = await getTexts(kv, dates.map(keys.summary));
  return new Map(
    dates.map((d) => [d, asSummary(parseStored(texts.get(keys.summary(d)) ?? null, keys.summary(d)), d)]),
  );
}

/** Day records in bulk, for serving (trustDayRecord); a missing or unreadable one maps to null. */
export async function getDays(kv: KVNamespace, dates: IsoDate[]): Promise<Map<IsoDate, DayRecord | null>> {
  const texts = await getTexts(kv, dates.map(keys.day));
  return new Map(dates.map((d) => [d, wholeDay(texts.get(keys.day(d)) ?? null, d)]));
}

/** A day record's stored text, parsed whole, for serving; null when missing or unreadable. */
export const wholeDay = (text: string | null, date: IsoDate): DayRecord | null =>
  trustDayRecord(parseStored(text, keys.day(date)), keys.day(date));

/**
 * The wanted papers of a day from its record's stored text: in the current format each
 * one's line, its JSON not yet parsed; an older record is parsed whole.
 */
export function storedPapersOfDay(
  text: string | null,
  date: IsoDate,
  wanted: Set<string>,
): Map<string, string | Paper> {
  if (text === null) return new Map();
  const lines = paperLinesOfDayText(text, date, wanted);
  if (lines) return lines;
  const papers = wholeDay(text, date)?.papers ?? [];
  return new Map(papers.filter((p) => wanted.has(p.id)).map((p) => [p.id, p]));
}

/** The summary of a record: what list:D holds. */
export const summaryOf = (
  record: Pick<DayRecord, "date" | "papers">,
  content: string,
  updatedAt: string,
  addedAt: string = updatedAt,
): DaySummary => ({
  v: SUMMARY_VERSION,
  date: record.date,
  updated_at: updatedAt,
  content,
  ids: record.papers.map((p) => p.id),
  upvotes: record.papers.map((p) => p.upvotes),
  added_at: addedAt,
});

/** SHA-256 (hex, first 16 bytes) of the papers' content without upvotes, in id order. */
export async function contentHash(papers: Paper[]): Promise<string> {
  const text = JSON.stringify([...papers].sort((a, b) => (a.id < b.id ? -1 : 1)).map(contentOf));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The time a change is stamped with: now, but always at least a second after the last
 * change, so Last-Modified (one-second precision, RFC 9110 section 8.8.2) strictly grows.
 */
export function nextVersion(now: Date, previous?: string | null): string {
  const last = previous ? Date.parse(previous) : Number.NaN;
  const floor = Number.isNaN(last) ? 0 : Math.floor(last / 1000) * 1000 + 1000;
  return new Date(Math.max(now.getTime(), floor)).toISOString();
}

/**
 * Saves one freshly read day. Never deletes or shrinks: papers already stored that the
 * fresh read lacks stay (a list read mid-update), the fresh read wins for the papers it
 * has, stored entries that no longer validate are carried along untouched, and an empty
 * read writes nothing. Nothing is written when nothing changed.
 *
 * The common case, a re-read of the same papers with new upvotes, reads only the small
 * summary and writes only it: the content hash says the rest is current.
 */
export async function saveDay(kv: KVNamespace, read: DayToSave, now: Date): Promise<SaveResult> {
  const key = keys.day(read.date);
  const summary = asSummary(await readJson(kv, keys.summary(read.date)), read.date);
  if (read.papers.length === 0) {
    const count = summary?.ids.length ?? (await readStoredDay(kv, read.date))?.record.papers.length ?? 0;
    return { outcome: "empty", count };
  }

  const freshContent = await contentHash(read.papers);
  if (summary && !read.partial && summary.content === freshContent) {
    // Same papers, same content: at most the upvotes moved.
    const fresh = summaryOf(read, freshContent, summary.updated_at, summary.added_at ?? summary.updated_at);
    if (sameVotes(summary, fresh))
      return { outcome: "unchanged", count: fresh.ids.length, updated_at: summary.updated_at };
    fresh.updated_at = nextVersion(now, summary.updated_at);
    await kv.put(keys.summary(read.date), encodeSummary(fresh));
    await recordUpvotes(kv, read.date, votesOf(fresh), now);
    return { outcome: "stored", count: fresh.ids.length, updated_at: fresh.updated_at };
  }

  const stored = await readStoredDay(kv, read.date);
  const old = stored ?? (summary ? await rebuildFromRecords(kv, read.date, summary) : null);
  if (old && summary) {
    // The record's upvotes are as of its last content change; the summary's are current.
    old.record.papers = withVotes(old.record.papers, summary);
  }
  const byId = new Map(old?.record.papers.map((p) => [p.id, p]));
  const fresh = new Set(read.papers.map((p) => p.id));
  const kept = old?.record.papers.filter((p) => !fresh.has(p.id)) ?? [];
  const papers = [...read.papers.map((p) => mergePaper(byId.get(p.id), p, read.partial)), ...kept];
  // A full read that kept nothing else is the fresh papers themselves: their hash is known.
  const content = kept.length || read.partial ? await contentHash(papers) : freshContent;
  const merged: Pick<DayRecord, "date" | "papers"> = { date: read.date, papers };
  const previousVersion = summary?.updated_at ?? old?.record.updated_at;
  const nextSummary = summaryOf(merged, content, previousVersion ?? "");
  // An unreadable or older-format record is rewritten even when its papers did not change.
  const contentChanged =
    !stored || !summary || summary.content !== content || stored.record.v !== STORE_VERSION;
  if (!contentChanged && summary && sameVotes(summary, nextSummary)) {
    return { outcome: "unchanged", count: papers.length, updated_at: summary.updated_at };
  }

  const version = nextVersion(now, previousVersion);
  nextSummary.updated_at = version;
  const grew = !old || papers.some((p) => !byId.has(p.id));
  nextSummary.added_at = grew ? version : (summary?.added_at ?? version);
  if (contentChanged) {
    const stored = encodeDayRecord(
      { date: read.date, via: read.via, updated_at: version, papers },
      old?.invalid,
    );
    await kv.put(key, stored, { metadata: { count: papers.length } satisfies DayMeta });
    await kv.put(keys.text(read.date), searchTextOf(papers));
    await kv.put(keys.brief(read.date), briefOf(papers));
    await updatePaperRecords(kv, read.date, papers);
  }
  await kv.put(keys.summary(read.date), encodeSummary(nextSummary));
  await recordUpvotes(kv, read.date, votesOf(nextSummary), now);
  const added = papers.filter((p) => !byId.has(p.id)).length;
  return {
    outcome: kept.length > 0 ? "merged" : "stored",
    count: papers.length,
    updated_at: version,
    added,
    rewritten: contentChanged,
  };
}

const votesOf = (s: DaySummary) => new Map(s.ids.map((id, i) => [id, s.upvotes[i]!]));

/**
 * A record's papers with the summary's upvotes: the record keeps the counts of its last
 * content change, the summary the current ones.
 */
export function withVotes(papers: Paper[], summary: DaySummary | null | undefined): Paper[] {
  if (!summary) return papers;
  const votes = votesOf(summary);
  return papers.map((p) => ({ ...p, upvotes: votes.get(p.id) ?? p.upvotes }));
}

/** The same papers with the same upvotes, in any order (the page orders by upvotes). */
function sameVotes(a: DaySummary, b: DaySummary): boolean {
  if (a.ids.length !== b.ids.length) return false;
  const votes = new Map(a.ids.map((id, i) => [id, a.upvotes[i]]));
  return b.ids.every((id, i) => votes.get(id) === b.upvotes[i]);
}

/** The stored day record, read paper by paper. */
async function readStoredDay(kv: KVNamespace, date: IsoDate): Promise<DayRead | null> {
  return readDayRecord(await readJson(kv, keys.day(date)), keys.day(date));
}

/**
 * A day whose record cannot be read, put together again from its summary and its papers'
 * records, so that a save merges with what was stored instead of forgetting it.
 */
async function rebuildFromRecords(
  kv: KVNamespace,
  date: IsoDate,
  summary: DaySummary,
): Promise<DayRead | null> {
  const records = await getPaperRecords(kv, summary.ids);
  const papers = summary.ids.flatMap((id, i) => {
    const content = records.get(id)?.paper;
    return content ? [listedPaper(content, summary.upvotes[i]!, date)] : [];
  });
  if (papers.length === 0) return null;
  console.error(JSON.stringify({ event: "day-rebuilt", date, papers: papers.length }));
  return {
    record: { v: STORE_VERSION, date, via: "page", updated_at: summary.updated_at, papers },
    invalid: [],
  };
}

/** The fresh read wins for a paper it has; a partial read changes only the title and upvotes. */
export function mergePaper(old: Paper | undefined, fresh: Paper, partial: boolean): Paper {
  if (!old || !partial) return fresh;
  return { ...old, title: fresh.title, upvotes: fresh.upvotes };
}
