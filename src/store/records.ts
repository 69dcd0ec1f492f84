// The stored records: what each kind of key holds (keys.ts), how it is versioned, and how
// it is read back. Records this Worker wrote itself are checked by shape and version, not
// by zod, on the serving path (they are read on every uncached list answer); day records
// and the index, which the scrape reads to merge, are validated entry by entry, so one bad
// entry is dropped and logged instead of hiding the rest.
import * as z from "zod";
import { IsoDate, Paper } from "../core/paper";
import { ReadVia } from "../core/runReport";
import { asciiJson } from "./kvJson";

/**
 * The format day records are written in now: version 4 puts each paper on a line of its own
 * (see encodeDayRecord), its keys in Paper's order, the listing right after the id. Version 3
 * had the listing after the authors; version 2, the same JSON all on one line; version 1
 * has no `v`. All are still read.
 */
export const STORE_VERSION = 4;
/** Versions whose papers are one a line (paperLinesOfDayText). */
const LINE_VERSIONS: unknown[] = [3, STORE_VERSION];
/** The format paper records are written in now. Version 1 was the bare array of days. */
export const PAPER_RECORD_VERSION = 2;

// ---- day:D ----

export const DayRecord = z.object({
  v: z.union([z.literal(2), z.literal(3), z.literal(STORE_VERSION)]).optional(),
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
  if (r && [2, ...LINE_VERSIONS].includes(r.v) && typeof r.date === "string" && Array.isArray(r.papers))
    return r as DayRecord;
  return readDayRecord(raw, key)?.record ?? null;
}

/**
 * A day record as stored: still one JSON value, all ASCII (asciiJson), with each paper on a line of its own
 * (JSON.stringify writes no raw line feed inside a value, RFC 8259 section 7), each with
 * its id first, so that a page which needs a few of a day's papers parses only their lines
 * (paperLinesOfDayText).
 */
export function encodeDayRecord(record: Omit<DayRecord, "v">, invalid: unknown[] = []): string {
  const { date, via, updated_at, papers } = record;
  const head = asciiJson({ v: STORE_VERSION, date, via, updated_at }).slice(0, -1);
  const lines = papers.map((p) => asciiJson(listedPaper(p, p.upvotes, p.date)));
  const tail = invalid.length ? `],"invalid":${asciiJson(invalid)}}` : "]}";
  return `${head},"papers":[\n${lines.join(",\n")}\n${tail}`;
}

/**
 * The lines of the papers with the wanted ids in a stored day record's text, each one
 * paper's JSON, found without parsing; null when the text is not a version 3 or 4 record
 * of that day, or was cut short (then parse it whole).
 */
export function paperLinesOfDayText(
  text: string,
  date: IsoDate,
  wanted: Set<string>,
): Map<string, string> | null {
  const headEnd = text.indexOf("\n");
  let head: { v?: unknown; date?: unknown };
  try {
    head = JSON.parse(`${text.slice(0, headEnd)}]}`);
  } catch {
    return null;
  }
  if (headEnd < 0 || !LINE_VERSIONS.includes(head.v) || head.date !== date) return null;
  // The last line closes the record: without it, the value was cut short.
  const tail = text.slice(text.lastIndexOf("\n") + 1);
  if (tail !== "]}" && !(tail.startsWith('],"invalid":') && tail.endsWith("}"))) return null;
  const out = new Map<string, string>();
  const ID_START = '{"id":"';
  for (let start = headEnd + 1; out.size < wanted.size; ) {
    const end = text.indexOf("\n", start);
    if (end < 0) break; // the last line closes the record
    const line = text.slice(start, text[end - 1] === "," ? end - 1 : end);
    // The id's JSON string, read in place; one with an escape in it is read by parsing the line.
    const idAt = ID_START.length;
    const literal = line.startsWith(ID_START) ? line.slice(idAt, line.indexOf('"', idAt)) : "\\";
    if (!literal.includes("\\")) {
      if (wanted.has(literal)) out.set(literal, line);
    } else {
      try {
        const id = (JSON.parse(line) as Partial<Paper>).id;
        if (typeof id === "string" && wanted.has(id)) out.set(id, line);
      } catch {
        return null; // damaged: parsing it whole logs it
      }
    }
    start = end + 1;
  }
  return out;
}

/**
 * A paper's JSON with a given listing, made from stored JSON without parsing it: a day
 * record's line, its upvotes and day replaced, or a paper record's content, which has
 * neither, with them put in. Both go right after the id, where Paper's key order puts them,
 * so the text is the value JSON.stringify(listedPaper(...)) writes, in the same key order.
 * Null when the text is not in that shape (a line of a version 3 record has its listing
 * further on: parse it). What lies between is not parsed: a value this Worker wrote, whole
 * (its record's end was checked), is taken as the JSON it wrote.
 */
export function listedPaperJson(
  json: string,
  stored: "line" | "content",
  id: string,
  upvotes: number,
  date: IsoDate,
): string | null {
  const head = `{"id":${asciiJson(id)},`;
  if (!json.startsWith(head) || !json.endsWith("}")) return null;
  let rest = head.length;
  if (stored === "line") {
    LISTING.lastIndex = head.length;
    if (!LISTING.test(json)) return null;
    rest = LISTING.lastIndex;
  }
  return `${head}"upvotes":${upvotes},"date":"${date}",${json.slice(rest)}`;
}
/** A line's listing, right after its id (sticky: matched only there). */
const LISTING = /"upvotes":\d+,"date":"\d{4}-\d{2}-\d{2}",/y;

// ---- list:D ----

/** What selection needs of a day, small enough to read for every day a query covers. */
export interface DaySummary {
  v: typeof SUMMARY_VERSION;
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
/**
 * The format summaries are written in now: version 2 stores the ids as one string, split
 * by spaces (arXiv ids hold none). A 92-day query parses 66 summaries: with 3,300 ids as
 * strings of their own that took 0.23 ms, with one string a day 0.07 ms and 0.07 ms more
 * to split it (measured in Node 24). Version 1, an array of ids, is still read.
 */
export const SUMMARY_VERSION = 2;
const ID_SEPARATOR = " ";

/** list:D as stored: version 2, or version 1 when an id holds the separator. */
export function encodeSummary(summary: DaySummary): string {
  if (summary.ids.some((id) => id.includes(ID_SEPARATOR))) return asciiJson({ ...summary, v: 1 });
  return asciiJson({ ...summary, v: SUMMARY_VERSION, ids: summary.ids.join(ID_SEPARATOR) });
}

/** The summary if the value is one this Worker wrote (shape and version), else null. */
export function asSummary(raw: unknown, date: string): DaySummary | null {
  const s = raw as
    | (Omit<Partial<DaySummary>, "v" | "ids"> & { v?: unknown; ids?: unknown })
    | null
    | undefined;
  if (!s || s.date !== date || typeof s.updated_at !== "string") return null;
  const ids =
    s.v === SUMMARY_VERSION && typeof s.ids === "string"
      ? s.ids === ""
        ? []
        : s.ids.split(ID_SEPARATOR)
      : s.v === 1 && Array.isArray(s.ids)
        ? (s.ids as string[])
        : null;
  if (!ids || !Array.isArray(s.upvotes) || ids.length !== s.upvotes.length) return null;
  // Read in place: the value was just parsed, and a 92-day query reads 66 of them.
  return Object.assign(s, { v: SUMMARY_VERSION, ids }) as DaySummary;
}

// ---- text:D ---- (searchText.ts)

// ---- paper:ID ----

/** A paper without what changes by the hour (upvotes) or by listing (date). */
export type PaperContent = Omit<Paper, "upvotes" | "date">;
export const contentOf = ({ upvotes: _u, date: _d, ...content }: Paper): PaperContent => content;

/** Paper's keys in the order it declares them: the order answers carry them in. */
const PAPER_KEYS = Object.keys(Paper.shape) as (keyof Paper)[];

/** A paper from its content and one listing, its keys in the order Paper declares them. */
export function listedPaper(content: PaperContent | Paper, upvotes: number, date: IsoDate): Paper {
  // A loop over the declared keys, not a rest-and-spread: a page builds 200 of these.
  const from = content as Partial<Record<keyof Paper, unknown>>;
  const out: Partial<Record<keyof Paper, unknown>> = {};
  for (const k of PAPER_KEYS) {
    if (k === "upvotes") out.upvotes = upvotes;
    else if (k === "date") out.date = date;
    else if (from[k] !== undefined) out[k] = from[k];
  }
  return out as Paper;
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
  if (!r || r.v !== PAPER_RECORD_VERSION || !isDates(r.listed_on)) return null;
  const paper = asStoredPaper(r.paper);
  return { listed_on: r.listed_on, ...(paper ? { paper } : {}) };
}

/**
 * A paper's content this Worker stored (a paper record's, or a day record's line), taken by
 * its shape: it was validated when it was written.
 */
export function asStoredPaper(raw: unknown): PaperContent | null {
  const p = raw as Partial<PaperContent> | null | undefined;
  const ok = !!p && typeof p.id === "string" && typeof p.title === "string" && Array.isArray(p.authors);
  return ok ? (p as PaperContent) : null;
}

export const encodePaperRecord = ({ listed_on, paper }: PaperRecord) =>
  asciiJson({ v: PAPER_RECORD_VERSION, listed_on, paper });

/**
 * The paper's content as JSON text, cut from a stored paper record without parsing it: the
 * record is written with `paper` last (encodePaperRecord) after `listed_on`, which holds
 * only dates. Null for a record in another format, or one cut short.
 */
export function paperContentJson(text: string): string | null {
  const head = `{"v":${PAPER_RECORD_VERSION},"listed_on":[`;
  const at = text.indexOf('],"paper":{"id":"');
  if (!text.startsWith(head) || at < 0 || !text.endsWith("}}")) return null;
  return text.slice(at + '],"paper":'.length, -1);
}

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
