// The stored records: what each kind of key holds (keys.ts), how it is versioned, and how
// it is read back. Records this Worker wrote itself are checked by shape and version, not
// by zod, on the serving path (they are read on every uncached list answer); day records
// and the index, which the scrape reads to merge, are validated entry by entry, so one bad
// entry is dropped and logged instead of hiding the rest.
import * as z from "zod";
import { IsoDate, Paper } from "../core/paper";
import { ReadVia } from "../core/runReport";

/** The format every key is written in now. Version 1 (no `v`) is still read. */
export const STORE_VERSION = 2;

// ---- day:D ----

export const DayRecord = z.object({
  v: z.literal(STORE_VERSION).optional(),
  date: IsoDate,
  via: ReadVia,
  /** When this record's content last changed (not when it was last checked). */
  updated_at: z.string(),
  /** Validated one by one on reading (readDayRecord). */
  papers: z.array(z.unknown()),
  /** Entries that no longer validate, kept as they were: a save never loses data. */
  invalid: z.array(z.unknown()).optional(),
});
export type DayRecord = Omit<z.infer<typeof DayRecord>, "papers" | "invalid"> & { papers: Paper[] };

/** A day record read back: its valid papers, and what did not validate, kept as it was. */
export interface DayRead {
  record: DayRecord;
  /** Entries that fail validation: never served, never thrown away by a save. */
  invalid: unknown[];
}

/** Reads a day record: the record must fit, each paper is checked on its own. */
export function readDayRecord(raw: unknown, key: string): DayRead | null {
  const r = DayRecord.safeParse(raw);
  if (!r.success) {
    if (raw !== undefined && raw !== null)
      console.error(JSON.stringify({ event: "kv-invalid", key, why: "not a day record" }));
    return null;
  }
  const papers: Paper[] = [];
  const invalid: unknown[] = [...(r.data.invalid ?? [])];
  for (const entry of r.data.papers) {
    const p = Paper.safeParse(entry);
    if (p.success && p.data.date === r.data.date) papers.push(p.data);
    else invalid.push(entry);
  }
  if (invalid.length)
    console.error(JSON.stringify({ event: "kv-invalid-papers", key, invalid: invalid.length }));
  const { invalid: _kept, ...record } = r.data;
  return { record: { ...record, papers }, invalid };
}

/**
 * A day record on the serving path. One in the current format was validated paper by
 * paper when this Worker wrote it, so it is taken by its shape; an older one is validated.
 */
export function trustDayRecord(raw: unknown, key: string): DayRecord | null {
  const r = raw as Partial<DayRecord> | null | undefined;
  if (r && r.v === STORE_VERSION && typeof r.date === "string" && Array.isArray(r.papers))
    return r as DayRecord;
  return readDayRecord(raw, key)?.record ?? null;
}

// ---- list:D ----

/** What selection needs of a day, small enough to read for every day a query covers. */
export interface DaySummary {
  v: 1;
  date: IsoDate;
  /** When anything about the day last changed, upvotes included: the day's data version. */
  updated_at: string;
  /** A hash of the papers' content without upvotes: says whether day:D and text:D are current. */
  content: string;
  ids: string[];
  upvotes: number[];
  /** When the day last gained a paper (upvotes and edits aside): what a daily digest shows as updated. */
  added_at?: string;
}
export const SUMMARY_VERSION = 1;

/** The summary if the value is one this Worker wrote (shape and version), else null. */
export function asSummary(raw: unknown, date: string): DaySummary | null {
  const s = raw as Partial<DaySummary> | null | undefined;
  if (!s || s.v !== SUMMARY_VERSION || s.date !== date || typeof s.updated_at !== "string") return null;
  if (!Array.isArray(s.ids) || !Array.isArray(s.upvotes) || s.ids.length !== s.upvotes.length) return null;
  return s as DaySummary;
}

// ---- text:D ----

/** Case and accents set aside: "Zoë" and "ZOE" fold to "zoe" (Unicode NFD, then marks dropped). */
export const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** The columns of a search line, after the id. */
export const SEARCH_COLUMN = { text: 1, authors: 2, organization: 3 } as const;
export type SearchColumn = keyof typeof SEARCH_COLUMN;

/**
 * One line a paper, columns split by tabs: the id; its title, AI keywords and abstract,
 * lowercased (for `q=`); its authors' names, folded (for `author=`); its organisation's name
 * and full name, folded (for `org=`).
 */
export function searchLine(
  p: Pick<Paper, "id" | "title" | "summary" | "ai_keywords" | "authors" | "organization">,
): string {
  const clean = (s: string) => s.replace(/[\t\n]/g, " ");
  const text = clean([p.title, ...(p.ai_keywords ?? []), p.summary].join(" ")).toLowerCase();
  const authors = clean(fold(p.authors.join(" | ")));
  const org = clean(fold([p.organization?.name, p.organization?.fullname].filter(Boolean).join(" | ")));
  return `${p.id}\t${text}\t${authors}\t${org}`;
}

/** The ids of the lines whose `column` contains `needle` (lowercased for text, folded otherwise). */
export function searchIds(text: string, needle: string, column: SearchColumn = "text"): Set<string> {
  const want = SEARCH_COLUMN[column];
  const found = new Set<string>();
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) return found;
    const start = text.lastIndexOf("\n", at) + 1;
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    // Which column the match starts in: the tabs between the line's start and the match.
    let col = 0;
    for (let t = text.indexOf("\t", start); t >= 0 && t < at; t = text.indexOf("\t", t + 1)) col++;
    const nextTab = text.indexOf("\t", at);
    const within = nextTab < 0 || nextTab >= end || at + needle.length <= nextTab;
    if (col === want && within) {
      found.add(text.slice(start, text.indexOf("\t", start)));
      from = end + 1; // one match is enough for a paper: go to the next line
    } else {
      from = at + 1;
    }
    if (from >= text.length) return found;
  }
}

// ---- paper:ID ----

/** A paper without what changes by the hour (upvotes) or by listing (date). */
export type PaperContent = Omit<Paper, "upvotes" | "date">;
export const contentOf = ({ upvotes: _u, date: _d, ...content }: Paper): PaperContent => content;

/** A paper from its content and one listing, its keys in the order Paper declares them. */
export function listedPaper(content: PaperContent | Paper, upvotes: number, date: IsoDate): Paper {
  const { id, title, summary, authors, url, arxiv_url, pdf_url, ...rest } = content as Paper;
  const { upvotes: _u, date: _d, ...optional } = rest;
  return { id, title, summary, authors, upvotes, date, url, arxiv_url, pdf_url, ...optional };
}

/** `paper:ID`: the days it was listed on, newest first, and (version 2) its content. */
export interface PaperRecord {
  listed_on: IsoDate[];
  paper?: PaperContent;
}

/** Reads both versions: 1 stored the bare array of days. Anything else reads as absent. */
export function asPaperRecord(raw: unknown): PaperRecord | null {
  const isDates = (v: unknown): v is string[] => Array.isArray(v) && v.every((d) => typeof d === "string");
  if (isDates(raw)) return { listed_on: raw };
  const r = raw as { v?: unknown; listed_on?: unknown; paper?: unknown } | null;
  if (!r || r.v !== STORE_VERSION || !isDates(r.listed_on)) return null;
  const paper = r.paper as PaperContent | undefined;
  const ok =
    paper && typeof paper.id === "string" && typeof paper.title === "string" && Array.isArray(paper.authors);
  return { listed_on: r.listed_on, ...(ok ? { paper } : {}) };
}

export const encodePaperRecord = (r: PaperRecord) => JSON.stringify({ v: STORE_VERSION, ...r });

// ---- days (the index) ----

const IndexEntry = z.object({
  date: IsoDate,
  count: z.number().int().nonnegative(),
  /** The day's data version (its summary's updated_at); absent in version 1. */
  updated_at: z.string().optional(),
});
export type IndexEntry = z.infer<typeof IndexEntry>;
export const DayIndex = z.array(IndexEntry);
export type DayIndex = z.infer<typeof DayIndex>;

/** The stored days, newest first, and when any day's content last changed (the data version). */
export interface Index {
  updated_at: string | null;
  days: DayIndex;
}
export const EMPTY_INDEX: Index = { updated_at: null, days: [] };

/** Reads the index entry by entry: a bad entry is dropped and logged, the rest kept. */
export function readIndex(raw: unknown, key: string): Index | null {
  // Version 1 of the first release stored the bare array.
  const obj = Array.isArray(raw)
    ? { updated_at: null, days: raw }
    : (raw as { updated_at?: unknown; days?: unknown });
  if (!obj || typeof obj !== "object" || !Array.isArray(obj.days)) {
    if (raw !== undefined && raw !== null)
      console.error(JSON.stringify({ event: "kv-invalid", key, why: "not an index" }));
    return null;
  }
  const days: DayIndex = [];
  let bad = 0;
  for (const entry of obj.days) {
    const r = IndexEntry.safeParse(entry);
    if (r.success) days.push(r.data);
    else bad++;
  }
  if (bad) console.error(JSON.stringify({ event: "kv-invalid-index-entries", key, invalid: bad }));
  const updated_at = typeof obj.updated_at === "string" ? obj.updated_at : null;
  return { updated_at, days: days.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)) };
}
