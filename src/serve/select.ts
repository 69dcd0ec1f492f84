// Reading the archive for a list query: which stored days it covers, which papers match,
// in what order, and the full papers of the one page it returns. Selection reads only the
// small per-day summaries (and, for `q=`, the word index or the text; for `author=` and
// `org=`, the brief); full papers are read only for the page, and only their lines of a day
// record where a page takes many papers from a day, paper records where it takes a few from
// many days. So what a query costs grows with the papers it returns, not with the days it
// covers (README, "Performance").
import quickselect from "quickselect";
import { newest } from "../core/dates";
import { type DigestPaper, type IsoDate, type Paper, PaperJson } from "../core/paper";
import { getSummaries, storedPapersOfDay, summaryOf, wholeDay } from "../store/days";
import { type DayHistory, GAIN_WINDOW_S, gainedSince, getHistories } from "../store/history";
import { keys } from "../store/keys";
import { getTexts, parseStored } from "../store/kvJson";
import {
  asPaperRecord,
  asStoredPaper,
  type DayRecord,
  type DaySummary,
  type Index,
  type IndexEntry,
  listedPaper,
  listedPaperJson,
  type PaperContent,
  paperContentJson,
} from "../store/records";
import { briefOf, DayText, fold, isWordPart, type SearchColumn, searchTextOf } from "../store/searchText";
import { type CursorKey, cursorOf, daySpan, type ListQuery, MAX_LIMIT } from "./query";
import type { DigestDay } from "./render/view";

export interface Selection<P extends Paper | PaperJson = Paper> {
  papers: P[];
  /** Papers matching the filters, over all pages. */
  total: number;
  /** The stored days the answer covers, newest first. */
  days: IsoDate[];
  /** When the newest change to any covered day was stored (ISO), if any. */
  updated?: string;
  /** The cursor of the next page, when there is one. */
  next?: CursorKey;
}

export interface SelectOptions {
  /** Stored days to cover when the query names none. */
  defaultDays: number;
  /** One entry per paper (feeds): a paper listed on several days keeps its newest listing. */
  unique?: boolean;
  /** The papers as JSON text (the JSON API), carried from storage without parsing where it can. */
  asJson?: boolean;
}

/** A paper as selection sees it: enough to filter, order and page. */
interface Entry {
  id: string;
  date: IsoDate;
  upvotes: number;
  /** For `sort=rising`: upvotes gained over the last 24 hours of stored history. */
  gained?: number;
}

/**
 * The share of a day's papers a page must take before it reads the whole day instead of
 * one record per paper. A day record is over 128 KB, a string V8 keeps in its large-object
 * space and decodes about ten times slower per byte (npm run bench, "Reading stored
 * values"): it costs some 70 µs more than the records of 50 of its papers read one by one,
 * and saves a KV read per paper. So a page reads the whole day only when it takes most of it.
 */
const WHOLE_DAY_SHARE = 0.8;

const key = (p: Entry): CursorKey =>
  p.gained === undefined ? [p.date, p.upvotes, p.id] : [p.date, p.upvotes, p.id, p.gained];
const entryOf = (k: CursorKey): Entry => ({ date: k[0], upvotes: k[1], id: k[2], gained: k[3] });

/**
 * A total order, so a cursor (the last key of a page) says exactly where the next starts.
 * It compares entries in place: a sort of a 92-day range calls it some 40,000 times.
 */
function compareBy(sort: ListQuery["sort"]): (a: Entry, b: Entry) => number {
  const byDate = (a: Entry, b: Entry) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
  const byVotes = (a: Entry, b: Entry) => b.upvotes - a.upvotes;
  const byId = (a: Entry, b: Entry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byGain = (a: Entry, b: Entry) => (b.gained ?? 0) - (a.gained ?? 0);
  if (sort === "rising") return (a, b) => byGain(a, b) || byVotes(a, b) || byId(a, b) || byDate(a, b);
  return sort === "upvotes"
    ? (a, b) => byVotes(a, b) || byDate(a, b) || byId(a, b)
    : (a, b) => byDate(a, b) || byVotes(a, b) || byId(a, b);
}

/** The index entries a query covers, newest first: what its answer is built from. */
export function coveredDays(index: Index, q: ListQuery, defaultDays: number): IndexEntry[] {
  const span = daySpan(q);
  return span
    ? index.days.filter((e) => e.date >= span[0] && e.date <= span[1])
    : index.days.slice(0, defaultDays);
}

/** What a selection reads, shared by its steps: each key is read at most once. */
class DayReader {
  /** Every summary read so far. */
  readonly summaryRead = new Map<IsoDate, DaySummary>();
  private readonly recordTexts = new Map<IsoDate, string | null>();
  private readonly records = new Map<IsoDate, DayRecord | null>();
  private readonly textRead = new Map<IsoDate, DayText | null>();
  private readonly briefRead = new Map<IsoDate, DayText | null>();
  constructor(readonly kv: KVNamespace) {}

  /** The summary of each day; a day stored before summaries existed is summarised from its record. */
  async summaries(dates: IsoDate[]): Promise<Map<IsoDate, DaySummary>> {
    const out = new Map<IsoDate, DaySummary>();
    const missing: IsoDate[] = [];
    for (const [d, s] of await getSummaries(this.kv, dates)) {
      if (s) out.set(d, s);
      else missing.push(d);
    }
    for (const [d, record] of await this.days(missing)) {
      if (record) out.set(d, summaryOf(record, "", record.updated_at));
    }
    for (const [d, summary] of out) this.summaryRead.set(d, summary);
    return out;
  }

  /**
   * Each day's text:D (for `q=`) or brief:D (for `author=`, `org=` and a digest). What a day
   * stored before them lacks comes from its version 1 text:D, which held authors and
   * organisations, or else from its day record.
   */
  async dayTexts(dates: IsoDate[], need: SearchColumn | "digest"): Promise<Map<IsoDate, DayText | null>> {
    const kind = need === "text" ? "text" : "brief";
    const [read, keyOf] = kind === "text" ? [this.textRead, keys.text] : [this.briefRead, keys.brief];
    const unread = dates.filter((d) => !read.has(d));
    const raw = await getTexts(this.kv, unread.map(keyOf));
    for (const d of unread) {
      const value = raw.get(keyOf(d)) ?? null;
      read.set(d, value === null ? null : DayText.read(value));
    }
    const usable = (t: DayText | null | undefined) =>
      !!t && (need === "digest" ? t.showsDigest : t.has(need));
    let missing = dates.filter((d) => !usable(read.get(d)));
    if (kind === "brief" && need !== "digest" && missing.length) {
      const older = await this.dayTexts(missing, "text");
      for (const d of missing) if (usable(older.get(d))) read.set(d, older.get(d)!);
      missing = missing.filter((d) => !usable(read.get(d)));
    }
    for (const [d, record] of await this.days(missing)) {
      const papers = record?.papers;
      read.set(d, papers ? DayText.read(kind === "text" ? searchTextOf(papers) : briefOf(papers)) : null);
    }
    return new Map(dates.map((d) => [d, read.get(d) ?? null]));
  }

  /**
   * For each day, the ids of its papers whose `column` contains `needle`. A needle within
   * one word is looked up in the day's words:D, a third of text:D's size, where that indexes
   * the papers the day's summary lists; other days and needles scan the text.
   */
  async search(dates: IsoDate[], needle: string, column: SearchColumn): Promise<Map<IsoDate, Set<string>>> {
    const out = new Map<IsoDate, Set<string>>();
    let scan = dates;
    if (column === "text" && isWordPart(needle)) {
      const raw = await getTexts(this.kv, dates.map(keys.words));
      scan = [];
      for (const d of dates) {
        const value = raw.get(keys.words(d)) ?? null;
        const words = value === null ? null : DayText.read(value);
        const content = this.summaryRead.get(d)?.content;
        if (words && content && words.content === content) out.set(d, words.findInWords(needle));
        else scan.push(d);
      }
    }
    for (const [d, text] of await this.dayTexts(scan, column))
      if (text) out.set(d, text.find(needle, column));
    return out;
  }

  /** Whole day records, for what older data lacks. */
  async days(dates: IsoDate[]): Promise<Map<IsoDate, DayRecord | null>> {
    await this.readDayTexts(dates);
    for (const d of dates)
      if (!this.records.has(d)) this.records.set(d, wholeDay(this.recordTexts.get(d) ?? null, d));
    return new Map(dates.map((d) => [d, this.records.get(d) ?? null]));
  }

  /** Some papers of some days, from their day records: only their lines are read (storedPapersOfDay). */
  async dayPapers(wanted: Map<IsoDate, Set<string>>): Promise<Map<IsoDate, Map<string, string | Paper>>> {
    await this.readDayTexts([...wanted.keys()]);
    const out = new Map<IsoDate, Map<string, string | Paper>>();
    for (const [d, ids] of wanted) {
      const record = this.records.get(d);
      out.set(
        d,
        record
          ? new Map(record.papers.filter((p) => ids.has(p.id)).map((p) => [p.id, p]))
          : storedPapersOfDay(this.recordTexts.get(d) ?? null, d, ids),
      );
    }
    return out;
  }

  /** Whether this selection has read the day's record already. */
  hasDay = (d: IsoDate) => this.recordTexts.has(d);

  private async readDayTexts(dates: IsoDate[]): Promise<void> {
    const unread = dates.filter((d) => !this.recordTexts.has(d));
    if (!unread.length) return;
    const texts = await getTexts(this.kv, unread.map(keys.day));
    for (const d of unread) this.recordTexts.set(d, texts.get(keys.day(d)) ?? null);
  }
}

/**
 * Papers for a query. KV reads: the summaries of the covered days (in bulk, 100 a read
 * call), what a search looks in, then the page's papers (see the file's head).
 */
export async function selectPapers(
  kv: KVNamespace,
  index: Index,
  q: ListQuery,
  options: SelectOptions & { asJson: true },
): Promise<Selection<PaperJson>>;
export async function selectPapers(
  kv: KVNamespace,
  index: Index,
  q: ListQuery,
  options: SelectOptions & { asJson?: false },
): Promise<Selection>;
export async function selectPapers(
  kv: KVNamespace,
  index: Index,
  q: ListQuery,
  options: SelectOptions,
): Promise<Selection<Paper | PaperJson>> {
  const covered = coveredDays(index, q, options.defaultDays);
  const days = covered.map((e) => e.date);
  const reader = new DayReader(kv);
  const compare = compareBy(q.sort);
  const after = cursorOf(q);
  const limit = q.limit ?? MAX_LIMIT;

  // Newest day first, no filter: a page needs only the days it starts in and runs through,
  // and the index already counts every day's papers.
  const pageByDays =
    (q.sort ?? "date") === "date" && q.min_upvotes === undefined && !q.q && !q.author && !q.org;
  const { entries, total } = pageByDays
    ? await firstEntriesByDay(reader, covered, after, limit + 1, compare, options.unique)
    : await allEntries(reader, days, q, options.unique);
  const afterEntry = after && entryOf(after);
  const rest = afterEntry ? entries.filter((e) => compare(e, afterEntry) > 0) : entries;
  const firsts = firstInOrder(rest, limit + 1, compare);
  const page = firsts.slice(0, limit);
  const more = firsts.length > limit;
  return {
    papers: await papersOf(kv, reader, page, options.asJson ?? false),
    total,
    days,
    updated: newest(covered.map((e) => e.updated_at ?? reader.summaryRead.get(e.date)?.updated_at)),
    next: more ? key(page.at(-1)!) : undefined,
  };
}

/**
 * The first `n` items in `compare` order, sorted. A page takes 200 of the thousands of
 * papers a 92-day range can match: a selection (Floyd-Rivest, the quickselect package) and
 * a sort of those 200 instead of a sort of all.
 */
function firstInOrder<T>(items: T[], n: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= n) return items.sort(compare);
  quickselect(items, n - 1, 0, items.length - 1, compare);
  return items.slice(0, n).sort(compare);
}

/**
 * A day's papers as entries, added to `out`. A loop, not a map and a flat: a 92-day range
 * makes some 3,300 entries, and the intermediate arrays cost more than the entries do.
 */
function addEntries(s: DaySummary, out: Entry[] = []): Entry[] {
  const { ids, upvotes, date } = s;
  for (let i = 0; i < ids.length; i++) out.push({ id: ids[i]!, date, upvotes: upvotes[i]! });
  return out;
}

/** Days are newest first, so keeping the first listing of a paper keeps its newest. */
function firstListings(entries: Entry[], seen = new Set<string>()): Entry[] {
  return entries.filter((e) => !seen.has(e.id) && !!seen.add(e.id));
}

/** Every covered paper that passes the filters: what any other order or a filter needs. */
async function allEntries(reader: DayReader, days: IsoDate[], q: ListQuery, unique?: boolean) {
  const summaries = await reader.summaries(days);
  let entries: Entry[] = [];
  for (const d of days) if (summaries.has(d)) addEntries(summaries.get(d)!, entries);
  if (q.min_upvotes !== undefined) entries = entries.filter((e) => e.upvotes >= q.min_upvotes!);
  const searches: [string | undefined, string, SearchColumn][] = [
    [q.q, q.q?.toLowerCase() ?? "", "text"],
    [q.author, fold(q.author ?? ""), "authors"],
    [q.org, fold(q.org ?? ""), "organization"],
  ];
  for (const [given, needle, column] of searches) {
    if (!given) continue;
    // Entries come day by day, so a day's hits are looked up once, where its entries start.
    const dates: IsoDate[] = [];
    for (const e of entries) if (e.date !== dates.at(-1)) dates.push(e.date);
    const hits = await reader.search(dates, needle, column);
    const kept: Entry[] = [];
    let day: Set<string> | undefined;
    let dayDate = "";
    for (const e of entries) {
      if (e.date !== dayDate) [dayDate, day] = [e.date, hits.get(e.date)];
      if (day?.has(e.id)) kept.push(e);
    }
    entries = kept;
  }
  if (unique) entries = firstListings(entries);
  if (q.sort === "rising") await addGains(reader, entries);
  return { entries, total: entries.length };
}

/**
 * Upvotes gained by each entry over the last 24 hours of stored history: the 24 hours before
 * the newest point stored for the covered days, so the order depends only on stored data.
 *
 * Only the histories that can hold a point in that window are read. A point is stamped by
 * the save that stamps the day's summary (store/days.ts), so a day whose summary is older
 * than the window gained nothing; on a 92-day range that leaves the few days still re-read.
 */
async function addGains(reader: DayReader, entries: Entry[]): Promise<void> {
  const dates = [...new Set(entries.map((e) => e.date))];
  const changedAt = (d: IsoDate) => Date.parse(reader.summaryRead.get(d)?.updated_at ?? "") / 1000;
  const histories = new Map<IsoDate, DayHistory | null>();
  // The newest point can be no newer than the newest summary: start from there, and read
  // further back while the newest point found moves the window's start back.
  let latest = Math.max(...dates.map((d) => changedAt(d) || Number.POSITIVE_INFINITY));
  for (;;) {
    const due = dates.filter((d) => !histories.has(d) && !(changedAt(d) <= latest - GAIN_WINDOW_S));
    if (!due.length) break;
    const read = await getHistories(reader.kv, due);
    for (const d of due) histories.set(d, read.get(d) ?? null);
    latest = 0;
    for (const h of histories.values())
      for (const series of Object.values(h?.papers ?? {})) latest = Math.max(latest, series.at(-1)?.[0] ?? 0);
  }
  for (const e of entries) e.gained = gainedSince(histories.get(e.date)?.papers[e.id], latest);
}

/** Days read in this many at a time while a page by date fills. */
const DAYS_PER_READ = 4;

/**
 * The papers of the newest covered days, a few days at a time, until `wanted` of them come
 * after the cursor: days before the cursor's day are not read at all. The total comes from
 * the index's counts (for a feed, a paper listed on two days counts twice there).
 */
async function firstEntriesByDay(
  reader: DayReader,
  covered: IndexEntry[],
  after: CursorKey | undefined,
  wanted: number,
  compare: (a: Entry, b: Entry) => number,
  unique?: boolean,
) {
  const total = covered.reduce((n, e) => n + e.count, 0);
  const todo = covered.map((e) => e.date).filter((d) => !after || d <= after[0]);
  const afterEntry = after && entryOf(after);
  const seen = new Set<string>();
  const entries: Entry[] = [];
  let collected = 0;
  for (let i = 0; i < todo.length && collected < wanted; i += DAYS_PER_READ) {
    const batch = todo.slice(i, i + DAYS_PER_READ);
    const summaries = await reader.summaries(batch);
    for (const d of batch) {
      const s = summaries.get(d);
      if (!s) continue;
      const fresh = unique ? firstListings(addEntries(s), seen) : addEntries(s);
      entries.push(...fresh);
      // On the cursor's own day, only the papers after the cursor count towards the page.
      collected +=
        afterEntry && d === afterEntry.date
          ? fresh.filter((e) => compare(e, afterEntry) > 0).length
          : fresh.length;
    }
  }
  return { entries, total };
}

/**
 * The full papers of a page, in its order, with the upvotes and day the page has for them:
 * as objects, or as JSON text. Stored JSON in the current formats is carried into the text
 * as it is (listedPaperJson), since parsing 200 papers and writing them again costs more
 * than the rest of a JSON answer (npm run bench, "Uncached list answers").
 */
async function papersOf(kv: KVNamespace, reader: DayReader, page: Entry[], asJson: false): Promise<Paper[]>;
async function papersOf(
  kv: KVNamespace,
  reader: DayReader,
  page: Entry[],
  asJson: boolean,
): Promise<(Paper | PaperJson)[]>;
async function papersOf(
  kv: KVNamespace,
  reader: DayReader,
  page: Entry[],
  asJson: boolean,
): Promise<(Paper | PaperJson)[]> {
  const perDay = new Map<IsoDate, number>();
  for (const e of page) perDay.set(e.date, (perDay.get(e.date) ?? 0) + 1);
  // A day whose summary was not read counts as a usual day of 50 papers.
  const dayCount = (d: IsoDate) => reader.summaryRead.get(d)?.ids.length ?? 50;
  const whole = new Set(
    [...perDay].filter(([d, n]) => n >= WHOLE_DAY_SHARE * dayCount(d) || reader.hasDay(d)).map(([d]) => d),
  );
  const single = page.filter((e) => !whole.has(e.date));
  const records = await getTexts(
    kv,
    single.map((e) => keys.paper(e.id)),
  );
  // Each paper's content from its record: its JSON text, or parsed where the record is older.
  const contents = new Map<string, string | PaperContent>();
  for (const e of single) {
    const text = records.get(keys.paper(e.id)) ?? null;
    const json = text && paperContentJson(text);
    const content = json ?? asPaperRecord(parseStored(text, keys.paper(e.id)))?.paper;
    // A paper whose record has no content (stored before records held it) comes from its day.
    if (content) contents.set(e.id, content);
    else whole.add(e.date);
  }
  const wanted = new Map<IsoDate, Set<string>>();
  for (const e of page) {
    if (!whole.has(e.date)) continue;
    if (!wanted.has(e.date)) wanted.set(e.date, new Set());
    wanted.get(e.date)!.add(e.id);
  }
  const inDay = await reader.dayPapers(wanted);

  const out: (Paper | PaperJson)[] = [];
  for (const e of page) {
    const fromDay = inDay.get(e.date)?.get(e.id);
    const stored = fromDay ?? contents.get(e.id);
    const paper = stored === undefined ? undefined : listed(stored, fromDay ? "line" : "content", e, asJson);
    if (paper) out.push(paper);
    else console.error(JSON.stringify({ event: "paper-missing", id: e.id, date: e.date }));
  }
  return out;
}

/** A stored paper (JSON text or parsed) with the page's upvotes and day, in the form asked for. */
function listed(
  stored: string | PaperContent,
  kind: "line" | "content",
  e: Entry,
  asJson: boolean,
): Paper | PaperJson | undefined {
  if (typeof stored === "string") {
    const json = asJson ? listedPaperJson(stored, kind, e.id, e.upvotes, e.date) : null;
    if (json) return new PaperJson(e.id, e.date, json);
    const parsed = asStoredPaper(parseStored(stored, kind === "line" ? keys.day(e.date) : keys.paper(e.id)));
    if (!parsed) return undefined;
    stored = parsed;
  }
  const paper = listedPaper(stored, e.upvotes, e.date);
  return asJson ? PaperJson.of(paper) : paper;
}

export interface DigestSelection {
  digest: DigestDay[];
  /** Papers matching the filters on the covered days. */
  total: number;
  days: IsoDate[];
  updated?: string;
}

/**
 * A daily digest: the covered days that have matching papers, newest first (at most
 * `limit` of them), each with all its matching papers ranked by upvotes.
 */
export async function selectDigest(
  kv: KVNamespace,
  index: Index,
  q: ListQuery,
  options: SelectOptions,
): Promise<DigestSelection> {
  const covered = coveredDays(index, q, options.defaultDays);
  const days = covered.map((e) => e.date);
  const reader = new DayReader(kv);
  const { entries } = await allEntries(reader, days, q, false);
  // Newest day first, most upvoted first within a day: the digest's order, day by day.
  entries.sort(compareBy("date"));
  const listed = [...new Set(entries.map((e) => e.date))].slice(0, q.limit ?? days.length);
  const byDay = new Map<IsoDate, Entry[]>(listed.map((d) => [d, []]));
  for (const e of entries) byDay.get(e.date)?.push(e);
  // What a digest shows of a paper is in the day's brief; older data has it in the day record.
  const texts = await reader.dayTexts(listed, "digest");
  const digest: DigestDay[] = [];
  for (const date of listed) {
    const shown = byDay.get(date)!;
    const fromText = texts.get(date)?.digestPapers(new Map(shown.map((e) => [e.id, e.upvotes])));
    const papers: DigestPaper[] = fromText
      ? shown.flatMap((e) => fromText.get(e.id) ?? [])
      : await papersOf(kv, reader, shown, false);
    const s = reader.summaryRead.get(date);
    digest.push({ date, addedAt: s?.added_at ?? s?.updated_at ?? `${date}T00:00:00.000Z`, papers });
  }
  return {
    digest,
    total: entries.length,
    days,
    updated: newest(digest.map((d) => d.addedAt)),
  };
}
