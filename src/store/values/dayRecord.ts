// day:D, the day record: the content of every paper listed on day D (title, abstract,
// authors, links), one paper a line, as last read in full. Counters (upvotes, stars,
// comments) are not in it: they move by the hour and live in the summary and the upvote
// history, so they never rewrite it.
import { compileCheck } from "../../core/check";
import { CLOCK_MARGIN_S, isIsoTime } from "../../core/dates";
import { type Counters, type IsoDate, LIMITS, PaperContent } from "../../core/paper";
import { ReadVia } from "../../core/runReport";
import { asciiJson } from "../ascii";
import { isContentHash } from "../content";
import { seconds } from "../counters";
import { KvBudgetError, logInvalid, parseStored } from "../kv";
import { deepFreeze, TextMemo } from "../memo";

export const dayRecordKey = (date: IsoDate) => `day:${date}`;
/** Every day record's key starts with this: listing it finds every stored day. */
export const DAY_RECORD_PREFIX = "day:";
export const dateOfDayRecordKey = (key: string) => key.slice(DAY_RECORD_PREFIX.length);

/**
 * Version 5: content only. Version 4, still read, carried each paper's counters and
 * listing after its id; reading it gives those counters too, for a summary that lacks them.
 */
export const DAY_RECORD_VERSION = 5;
const ACCEPTED_VERSIONS = [4, DAY_RECORD_VERSION];

/** Most papers a day keeps, after merging every read. */
export const MAX_PAPERS_PER_DAY = LIMITS.papersPerDay;
/** Most bytes one paper's line may take (store/fit.ts): a paper with 1,500 authors takes about 30 KB. */
export const MAX_PAPER_BYTES = 40 * 1024;
/** So a day record is at most 12 MB, under KV's 25 MB for a value and for a bulk read of two. */
export const DAY_MAX_BYTES = MAX_PAPERS_PER_DAY * (MAX_PAPER_BYTES + 2) + 1024;

/** KV metadata of a day record: what listing the day keys, or reading it without its value, tells. */
export interface DayMeta {
  count: number;
  /** The content hash of the papers it holds (store/content.ts). */
  content?: string;
  /**
   * Where it marks lines carried from papers' own records (DayRecord.lines_carried): when they were put
   * in or read, the newest (carriedAtOf, unix seconds). Absent where it marks none.
   */
  carried?: number;
}

/**
 * What a day record's metadata names, read without reading the record: its value comes as a stream,
 * cancelled unread, so the isolate decodes none of it. `content`, the content hash, undefined when
 * the record is absent or names no hash (written before its metadata did); `carried`, when the lines it
 * marks carried from papers' own records were put in or read (carriedAtOf), 0 where it marks none. Null
 * when it cannot be read, which says nothing of the record: the caller reads the record itself instead.
 */
export async function recordedMeta(
  kv: KVNamespace,
  date: IsoDate,
): Promise<{ content: string | undefined; carried: number } | null> {
  let read: KVNamespaceGetWithMetadataResult<ReadableStream, Partial<DayMeta>>;
  try {
    read = await kv.getWithMetadata<Partial<DayMeta>>(dayRecordKey(date), "stream");
  } catch (e) {
    if (e instanceof KvBudgetError) throw e;
    logInvalid(dayRecordKey(date), `metadata cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  // A stream that failed on its way (a connection reset) rejects its cancel: the metadata,
  // which came before it, still stands.
  await read.value?.cancel().catch(() => undefined);
  const { content, carried } = read.metadata ?? {};
  return {
    content: typeof content === "string" && isContentHash(content) ? content : undefined,
    carried: Number.isSafeInteger(carried) && (carried as number) > 0 ? (carried as number) : 0,
  };
}

export interface DayRecord {
  date: IsoDate;
  via: ReadVia;
  /** When this record's content last changed (not when it was last checked). */
  updated_at: string;
  /**
   * When its lines were read, the oldest of them: a fold, the repair pass or a staged read settled
   * late writes lines read before it, stamped at its own later write. Absent where it is
   * `updated_at` (records written before have none, and then that stands for it).
   */
  read_at?: string;
  /**
   * When each line read after the oldest was read, by id: a fold takes a paper's line from its own
   * record, read after the lines it keeps, and a read older than that line is older for that paper
   * though not for the day. Only lines whose read time is not what the record says otherwise
   * (`read_at`, else `updated_at`), so an ordinary record carries none; absent where none differ.
   */
  lines_read_at?: ReadonlyMap<string, string>;
  /**
   * The ids of lines taken from the paper's own record, not from a read of this day's page: a fold or
   * the repair pass put the paper in where the day record lacked it, with the content its record held
   * (a read of any day the paper is listed on). Such a line is only as new as that record's read, and
   * the paper's record of other content read since is newer; a line a read of the day wrote is not, its
   * time alone cannot tell the two apart. Absent where there are none (records written before have none).
   */
  lines_carried?: ReadonlySet<string>;
  papers: PaperContent[];
  /** Entries that no longer validate, kept as they were: a save never loses data. */
  invalid: unknown[];
}

/** A day record read back: its valid papers, and the counters an older version carried. */
export interface StoredDay extends DayRecord {
  version: number;
  /** Papers that did not validate on this read (not those a save had already kept aside). */
  damaged: number;
  /** Counters in a version 4 record's lines, by id (empty for version 5). */
  counters: Map<string, Counters>;
}

export const checkContent = compileCheck(PaperContent);

/**
 * When the lines a record marks carried (lines_carried) were put in or read, the newest (unix seconds):
 * its stamp, or a carried line's own read where later; of those `which` keeps alone; 0 where none.
 */
export const carriedAtOf = (
  record: Pick<DayRecord, "updated_at" | "read_at" | "lines_read_at" | "lines_carried">,
  which: (id: string) => boolean = () => true,
) => {
  const ids = [...(record.lines_carried ?? [])].filter(which);
  if (!ids.length) return 0;
  const lineAt = (id: string) =>
    seconds(record.lines_read_at?.get(id) ?? record.read_at ?? record.updated_at);
  return Math.max(seconds(record.updated_at), ...ids.map(lineAt));
};

/**
 * When a record's lines were read, unix seconds: its oldest line's read (`read_at`), no later than
 * its stamp, which stands for it where the record does not say (0 for a record without either).
 */
export const linesReadOf = (record: Pick<DayRecord, "updated_at" | "read_at">) => {
  const stamp = seconds(record.updated_at ?? "");
  return Math.min(seconds(record.read_at ?? "") || stamp, stamp);
};

/**
 * A day record as stored: one JSON value, all ASCII (asciiJson), with each paper on a line
 * of its own (JSON.stringify writes no raw line feed inside a value, RFC 8259 section 7),
 * each with its id first, so a page that needs a few of a day's papers parses only their
 * lines (dayLines).
 */
export function encodeDayRecord({
  date,
  via,
  updated_at,
  read_at,
  lines_read_at,
  lines_carried,
  papers,
  invalid,
}: DayRecord): string {
  const read = read_at === updated_at ? undefined : read_at;
  // In the head, so a page's reader of a few lines finds them with the head's one parse; in the
  // papers' order, only for the papers written and only where they differ from what stands for them.
  const byLine: Record<string, string> = {};
  for (const p of papers) {
    const t = lines_read_at?.get(p.id);
    if (t && t !== (read ?? updated_at)) byLine[p.id] = t;
  }
  const lines_read = Object.keys(byLine).length ? byLine : undefined;
  const carried = lines_carried?.size ? papers.filter((p) => lines_carried.has(p.id)).map((p) => p.id) : [];
  const head = asciiJson({
    v: DAY_RECORD_VERSION,
    date,
    via,
    updated_at,
    read_at: read,
    lines_read_at: lines_read,
    lines_carried: carried.length ? carried : undefined,
  }).slice(0, -1);
  const lines = papers.map((p) => asciiJson(p));
  const tail = invalid.length ? `],"invalid":${asciiJson(invalid)}}` : "]}";
  return `${head},"papers":[\n${lines.join(",\n")}\n${tail}`;
}

const count = (v: unknown) =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= LIMITS.count ? (v as number) : undefined;

/** One stored line's JSON: its content, and its counters when the record is of version 4 (a later one has none). */
function readLine(raw: unknown, version: number): { content: PaperContent; counters?: Counters } | undefined {
  const content = checkContent(raw);
  if (!content) return undefined;
  if (version !== 4) return { content };
  const r = raw as Record<string, unknown>;
  const upvotes = count(r.upvotes);
  if (upvotes === undefined) return { content };
  const counters: Counters = { upvotes };
  if (count(r.num_comments) !== undefined) counters.num_comments = count(r.num_comments);
  if (count(r.github_stars) !== undefined) counters.github_stars = count(r.github_stars);
  return { content, counters };
}

type Head = Omit<DayRecord, "papers" | "invalid" | "lines_read_at" | "lines_carried"> & {
  version: number;
  /** The head's per-line read times as stored, unchecked: each is checked where it is asked for (lineReadAt). */
  linesRead?: unknown;
  /** The head's carried ids as stored, unchecked (carriedOf). */
  linesCarried?: unknown;
};

/** A record's head (version, day, how it was read, when it changed), checked; null when it is not of `date`. */
function headOf(raw: unknown, date: IsoDate): Head | null {
  const h = raw as Partial<
    Record<"v" | "date" | "via" | "updated_at" | "read_at" | "lines_read_at" | "lines_carried", unknown>
  > | null;
  if (!h || typeof h !== "object" || !ACCEPTED_VERSIONS.includes(h.v as number) || h.date !== date)
    return null;
  const via = ReadVia.safeParse(h.via);
  const updated = typeof h.updated_at === "string" && isIsoTime(h.updated_at) ? h.updated_at : "";
  // A read time that is not one is left out: the version then stands for it.
  const read = typeof h.read_at === "string" && isIsoTime(h.read_at) ? { read_at: h.read_at } : {};
  const linesRead = h.lines_read_at === undefined ? {} : { linesRead: h.lines_read_at };
  const linesCarried = h.lines_carried === undefined ? {} : { linesCarried: h.lines_carried };
  return {
    version: h.v as number,
    date,
    via: via.success ? via.data : "page",
    updated_at: updated,
    ...read,
    ...linesRead,
    ...linesCarried,
  };
}

/**
 * When the head says the line of `id` was read, checked; undefined where it says nothing of it or
 * the entry is damaged: not a time, past the record's stamp (no line is read after the record is
 * written) or before its `read_at` (the oldest line's). Then the line was read when the record says
 * otherwise: `read_at`, else `updated_at`.
 */
function lineReadAt(head: Head, id: string): string | undefined {
  const all = head.linesRead;
  if (!all || typeof all !== "object" || Array.isArray(all) || !Object.hasOwn(all, id)) return undefined;
  const t = (all as Record<string, unknown>)[id];
  if (typeof t !== "string" || !isIsoTime(t)) return undefined;
  const at = Date.parse(t);
  const stamp = Date.parse(head.updated_at);
  // A read_at past the stamp is damaged itself, and bounds nothing. A line may be read after the
  // stamp (an older read keeping a paper's newer record), by no more than a run's clock can be off.
  // The entry alone cannot tell such a line from a damaged one: a run settling the day believes it
  // past the stamp only as far as another value vouches for it (contentClock.ts, vouchedLineReads).
  const oldest = Date.parse(head.read_at ?? "");
  if (!(at <= stamp + CLOCK_MARGIN_S * 1000) || (oldest <= stamp && at < oldest)) return undefined;
  return t;
}

/**
 * A day record read whole: the record must be one of an accepted version and of its day;
 * each paper is checked on its own, so one that does not validate (or repeats an id) is
 * kept aside in `invalid` and hides nothing else. Null (logged) when it is none of that.
 */
export function decodeDayRecord(text: string, date: IsoDate): StoredDay | null {
  const key = dayRecordKey(date);
  const raw = parseStored(text, key) as { papers?: unknown; invalid?: unknown } | undefined;
  if (raw === undefined) return null;
  const head = headOf(raw, date);
  if (!head || !Array.isArray(raw.papers)) {
    logInvalid(key, "not a day record of an accepted version");
    return null;
  }
  const papers: PaperContent[] = [];
  const counters = new Map<string, Counters>();
  const invalid: unknown[] = Array.isArray(raw.invalid) ? [...raw.invalid] : [];
  const seen = new Set<string>();
  for (const entry of raw.papers) {
    const line = readLine(entry, head.version);
    if (!line || seen.has(line.content.id) || papers.length >= MAX_PAPERS_PER_DAY) {
      invalid.push(entry);
      continue;
    }
    seen.add(line.content.id);
    papers.push(line.content);
    if (line.counters) counters.set(line.content.id, line.counters);
  }
  const damaged = invalid.length - (Array.isArray(raw.invalid) ? raw.invalid.length : 0);
  if (damaged) logInvalid(key, `${damaged} papers do not validate`);
  const { linesRead, linesCarried, ...rest } = head;
  const times = new Map<string, string>();
  if (linesRead !== undefined)
    for (const p of papers) {
      const t = lineReadAt(head, p.id);
      if (t) times.set(p.id, t);
    }
  const carried = carriedOf(linesCarried, papers);
  return {
    ...rest,
    ...(times.size ? { lines_read_at: times } : {}),
    ...(carried.size ? { lines_carried: carried } : {}),
    papers,
    invalid,
    counters,
    damaged,
  };
}

/**
 * The carried ids a head names, checked: only ids of the record's valid lines count. Where the entry
 * is damaged (not a list of ids), none: every line then counts as a read of the day, as in a record
 * written before lines were marked.
 */
function carriedOf(raw: unknown, papers: PaperContent[]): Set<string> {
  if (!Array.isArray(raw) || raw.length > MAX_PAPERS_PER_DAY) return new Set();
  const named = new Set(raw.filter((id) => typeof id === "string"));
  return new Set(papers.filter((p) => named.has(p.id)).map((p) => p.id));
}

const ID_START = '{"id":"';

/** One paper's line in a day record, checked. */
export interface StoredLine {
  content: PaperContent;
  /** Its counters, when the line is of version 4. */
  counters?: Counters;
  /** The line's members after the id (`"title":…}`), when they are exactly `content` (listedPaperJson). */
  afterId?: string;
}

/** A stored day record's head, from its first line alone; null when that is not a head of `date`'s record. */
function recordHead(text: string, date: IsoDate): Head | null {
  const headEnd = text.indexOf("\n");
  if (headEnd < 0) return null;
  try {
    return headOf(JSON.parse(`${text.slice(0, headEnd)}]}`), date);
  } catch {
    return null;
  }
}

/**
 * One paper's line in a stored day record, when the record's content last changed and its lines
 * were read (`read_at`, absent where the record does not say), and when this line was read
 * (`line_read_at`, absent where the record says no more of it than `read_at`): from the head and
 * that line where the record is as written (dayLines), else read whole. Undefined when the text is
 * no record of `date`; `content` absent when the record holds no valid line of the paper.
 */
export function paperLine(
  text: string,
  date: IsoDate,
  id: string,
): { updated_at: string; read_at?: string; line_read_at?: string; content?: PaperContent } | undefined {
  const head = recordHead(text, date);
  const line = head && dayLines(text, date, new Set([id]), false);
  const times = (h: { updated_at: string; read_at?: string }, lineRead: string | undefined) => ({
    updated_at: h.updated_at,
    ...(h.read_at ? { read_at: h.read_at } : {}),
    ...(lineRead ? { line_read_at: lineRead } : {}),
  });
  if (head && line) {
    const content = line.get(id)?.content;
    return { ...times(head, content && lineReadAt(head, id)), content };
  }
  const whole = decodeDayRecord(text, date);
  if (!whole) return undefined;
  const content = whole.papers.find((p) => p.id === id);
  return { ...times(whole, content && whole.lines_read_at?.get(id)), content };
}

/**
 * Lines parsed and checked from the day records this isolate read last (store/memo.ts): an
 * isolate answers many requests from the same few records, and parsing and checking their
 * lines was most of the default JSON answer's CPU. Frozen, so nothing an answer does to a
 * paper reaches the next answer; bounded well inside an isolate's 128 MB.
 */
const parsedLines = new TextMemo<Map<string, Readonly<StoredLine> | null>>(12, 3_000_000);

/**
 * The wanted papers of a stored day record, read from their lines alone (each parsed and
 * checked), without parsing the rest. Null when the text is not a record of an accepted
 * version of that day, was cut short, or holds a line before the last wanted one that is not
 * a paper's: then read it whole. A wanted paper whose line is missing or does not validate is
 * absent from the answer. With `copies`, each line is also checked for whether its text can be
 * copied as it is (afterId): a pass over the line that only an answer copying it needs.
 * Lines parsed before from the same text are not parsed again (parsedLines).
 */
export function dayLines(
  text: string,
  date: IsoDate,
  wanted: Set<string>,
  copies: boolean,
): Map<string, Readonly<StoredLine>> | null {
  const key = `${copies ? "copies " : ""}${date}`;
  const kept = parsedLines.get(key, [text]);
  const lines = kept ?? new Map<string, Readonly<StoredLine> | null>();
  if (!kept) parsedLines.set(key, [text], lines);
  const missing = new Set<string>();
  for (const id of wanted) if (!lines.has(id)) missing.add(id);
  if (missing.size) {
    // The first valid line of each id, scanning as far as the last one found: the same lines
    // a scan for every wanted id finds, and the same null where it meets a damaged line.
    const found = scanLines(text, date, missing, copies);
    if (found === null) return null;
    for (const id of missing) lines.set(id, deepFreeze(found.get(id)) ?? null);
  }
  const out = new Map<string, Readonly<StoredLine>>();
  for (const id of wanted) {
    const line = lines.get(id);
    if (line) out.set(id, line);
  }
  return out;
}

/** dayLines' scan of the text, for the wanted ids it has not parsed yet. */
function scanLines(
  text: string,
  date: IsoDate,
  wanted: Set<string>,
  copies: boolean,
): Map<string, StoredLine> | null {
  const headEnd = text.indexOf("\n");
  const version = recordHead(text, date)?.version;
  if (version === undefined) return null;
  // The last line closes the record: without it, the value was cut short.
  const tail = text.slice(text.lastIndexOf("\n") + 1);
  if (tail !== "]}" && !(tail.startsWith('],"invalid":') && tail.endsWith("}"))) return null;
  const out = new Map<string, StoredLine>();
  for (let start = headEnd + 1; out.size < wanted.size; ) {
    const end = text.indexOf("\n", start);
    if (end < 0) break; // the last line closes the record
    const line = text.slice(start, text[end - 1] === "," ? end - 1 : end);
    start = end + 1;
    // Not a paper's line: the record is not as it was written, so it is read whole.
    if (!line.startsWith(ID_START)) return null;
    // The id's JSON string, read in place: only wanted lines are parsed.
    const idEnd = line.indexOf('"', ID_START.length);
    const literal = idEnd > 0 ? line.slice(ID_START.length, idEnd) : "";
    if (!wanted.has(literal) || out.has(literal) || line.length > MAX_PAPER_BYTES + 1024) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const read = readLine(parsed, version);
    if (!read || read.content.id !== literal) continue;
    // Members after the id, when the line writes exactly what was checked: the declared keys
    // only, in the declared order, each once, at every depth (the check copies only those,
    // in that order, and JSON.parse keeps the last of a name written twice). Then the text
    // can be copied into an answer as it is.
    const exact =
      copies &&
      line[idEnd + 1] === "," &&
      !read.counters &&
      exactKeys(parsed, read.content) === namesWritten(line);
    out.set(literal, exact ? { ...read, afterId: line.slice(idEnd + 2) } : read);
  }
  return out;
}

/**
 * How many object keys `raw` has at every depth, when they are `checked`'s keys in the same
 * order; -1 when they are not (a key the check left out, or another order).
 */
function exactKeys(raw: unknown, checked: unknown): number {
  if (typeof raw !== "object" || raw === null) return 0;
  if (Array.isArray(raw)) {
    // Element by element, without listing 2,000 authors' indexes as keys.
    const items = checked as unknown[];
    let names = 0;
    for (let i = 0; i < raw.length; i++) {
      const inner = exactKeys(raw[i], items[i]);
      if (inner < 0) return -1;
      names += inner;
    }
    return raw.length === items.length ? names : -1;
  }
  const keys = Object.keys(raw);
  const want = Object.keys(checked as object);
  if (keys.length !== want.length) return -1;
  const r = raw as Record<string, unknown>;
  const c = checked as Record<string, unknown>;
  let names = keys.length;
  for (let i = 0; i < keys.length; i++) {
    const inner = keys[i] === want[i] ? exactKeys(r[keys[i]!], c[keys[i]!]) : -1;
    if (inner < 0) return -1;
    names += inner;
  }
  return names;
}

/**
 * How many member names a JSON text writes with no space before their colon: a string that
 * closes right before a colon is a name (RFC 8259 section 4). Hopping from quote to quote,
 * a quote after an odd run of backslashes being part of its string.
 */
function namesWritten(text: string): number {
  let names = 0;
  let inString = false;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) {
    if (!inString) {
      inString = true;
      continue;
    }
    let slashes = 0;
    while (text.charCodeAt(i - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 1) continue;
    inString = false;
    if (text.charCodeAt(i + 1) === 58) names++;
  }
  return names;
}
