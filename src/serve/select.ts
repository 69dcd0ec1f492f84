// Reading the archive for a list query: which stored days it covers, which papers match,
// in what order, and the full papers of the one page it returns. Selection reads only the
// small per-day summaries (and, for `q=`, the search text); full papers are read only for
// the page: whole day records where a page takes many papers from a day, paper records
// where it takes a few from many days. So what a query costs grows with the papers it
// returns, not with the days it covers (README, "Performance").
import { newest } from "../core/dates";
import type { IsoDate, Paper } from "../core/paper";
import { getDays, searchTextOf, summaryOf } from "../store/days";
import { gainedSince, getHistories } from "../store/history";
import { keys } from "../store/keys";
import { getTexts, parseStored } from "../store/kvJson";
import { getPaperRecords } from "../store/paperRecords";
import {
  asSummary,
  type DayRecord,
  type DaySummary,
  fold,
  type Index,
  type IndexEntry,
  listedPaper,
  type SearchColumn,
  searchIds,
} from "../store/records";
import { type CursorKey, cursorOf, daySpan, type ListQuery, MAX_LIMIT } from "./query";
import type { DigestDay } from "./render/view";

export interface Selection {
  papers: Paper[];
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
}

/** A paper as selection sees it: enough to filter, order and page. */
interface Entry {
  id: string;
  date: IsoDate;
  upvotes: number;
  /** For `sort=rising`: upvotes gained over the last 24 hours of stored history. */
  gained?: number;
}

/** Papers a page must take from one day before reading the whole day beats one record each. */
const WHOLE_DAY_FROM = 10;

const key = (p: Entry): CursorKey =>
  p.gained === undefined ? [p.date, p.upvotes, p.id] : [p.date, p.upvotes, p.id, p.gained];

/** A total order, so a cursor (the last key of a page) says exactly where the next starts. */
export function compareBy(sort: ListQuery["sort"]): (a: CursorKey, b: CursorKey) => number {
  const byDate = (a: CursorKey, b: CursorKey) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0);
  const byVotes = (a: CursorKey, b: CursorKey) => b[1] - a[1];
  const byId = (a: CursorKey, b: CursorKey) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
  const byGain = (a: CursorKey, b: CursorKey) => (b[3] ?? 0) - (a[3] ?? 0);
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

/** What a selection reads, shared by its steps: summaries, and whole days read on the way. */
class DayReader {
  readonly records = new Map<IsoDate, DayRecord | null>();
  /** Every summary read so far. */
  readonly summaryRead = new Map<IsoDate, DaySummary>();
  constructor(readonly kv: KVNamespace) {}

  /** The summary of each day; a day stored before summaries existed is summarised from its record. */
  async summaries(dates: IsoDate[]): Promise<Map<IsoDate, DaySummary>> {
    const texts = await getTexts(this.kv, dates.map(keys.summary));
    const out = new Map<IsoDate, DaySummary>();
    const missing: IsoDate[] = [];
    for (const d of dates) {
      const s = asSummary(parseStored(texts.get(keys.summary(d)) ?? null, keys.summary(d)), d);
      if (s) out.set(d, s);
      else missing.push(d);
    }
    for (const [d, record] of await this.days(missing)) {
      if (record) out.set(d, summaryOf(record, "", record.updated_at));
    }
    for (const [d, summary] of out) this.summaryRead.set(d, summary);
    return out;
  }

  /** For each day, the ids of its papers whose title, keywords or abstract contain `needle`. */
  async search(
    dates: IsoDate[],
    needle: string,
    column: SearchColumn = "text",
  ): Promise<Map<IsoDate, Set<string>>> {
    const texts = await getTexts(this.kv, dates.map(keys.text));
    const out = new Map<IsoDate, Set<string>>();
    const missing = dates.filter((d) => (texts.get(keys.text(d)) ?? null) === null);
    const records = await this.days(missing);
    for (const d of dates) {
      const text = texts.get(keys.text(d)) ?? (records.get(d) ? searchTextOf(records.get(d)!.papers) : null);
      if (text) out.set(d, searchIds(text, needle, column));
    }
    return out;
  }

  /** Whole day records, each read once per selection. */
  async days(dates: IsoDate[]): Promise<Map<IsoDate, DayRecord | null>> {
    const unread = dates.filter((d) => !this.records.has(d));
    if (unread.length) for (const [d, r] of await getDays(this.kv, unread)) this.records.set(d, r);
    return new Map(dates.map((d) => [d, this.records.get(d) ?? null]));
  }
}

/**
 * Papers for a query. KV reads: the summaries of the covered days (in bulk, 100 a read
 * call), their search text for `q=`, then the page's papers (see the file's head).
 */
export async function selectPapers(
  kv: KVNamespace,
  index: Index,
  q: ListQuery,
  options: SelectOptions,
): Promise<Selection> {
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
  entries.sort((a, b) => compare(key(a), key(b)));

  const start = after ? entries.findIndex((e) => compare(key(e), after) > 0) : 0;
  const page = start < 0 ? [] : entries.slice(start, start + limit);
  const more = start >= 0 && start + limit < entries.length;
  return {
    papers: await papersOf(kv, reader, page),
    total,
    days,
    updated: newest(covered.map((e) => e.updated_at ?? reader.summaryRead.get(e.date)?.updated_at)),
    next: more ? key(page.at(-1)!) : undefined,
  };
}

const entriesOf = (s: DaySummary): Entry[] =>
  s.ids.map((id, i) => ({ id, date: s.date, upvotes: s.upvotes[i]! }));

/** Days are newest first, so keeping the first listing of a paper keeps its newest. */
function firstListings(entries: Entry[], seen = new Set<string>()): Entry[] {
  return entries.filter((e) => !seen.has(e.id) && !!seen.add(e.id));
}

/** Every covered paper that passes the filters: what any other order or a filter needs. */
async function allEntries(reader: DayReader, days: IsoDate[], q: ListQuery, unique?: boolean) {
  const summaries = await reader.summaries(days);
  let entries = days.flatMap((d) => (summaries.has(d) ? entriesOf(summaries.get(d)!) : []));
  if (q.min_upvotes !== undefined) entries = entries.filter((e) => e.upvotes >= q.min_upvotes!);
  const searches: [string | undefined, string, SearchColumn][] = [
    [q.q, q.q?.toLowerCase() ?? "", "text"],
    [q.author, fold(q.author ?? ""), "authors"],
    [q.org, fold(q.org ?? ""), "organization"],
  ];
  for (const [given, needle, column] of searches) {
    if (!given) continue;
    const hits = await reader.search([...new Set(entries.map((e) => e.date))], needle, column);
    entries = entries.filter((e) => hits.get(e.date)?.has(e.id));
  }
  if (unique) entries = firstListings(entries);
  if (q.sort === "rising") await addGains(reader, entries);
  return { entries, total: entries.length };
}

/**
 * Upvotes gained by each entry over the last 24 hours of stored history: the 24 hours before
 * the newest point stored for the covered days, so the order depends only on stored data.
 */
async function addGains(reader: DayReader, entries: Entry[]): Promise<void> {
  const histories = await getHistories(reader.kv, [...new Set(entries.map((e) => e.date))]);
  let latest = 0;
  for (const h of histories.values())
    for (const series of Object.values(h.papers)) latest = Math.max(latest, series.at(-1)?.[0] ?? 0);
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
  compare: (a: CursorKey, b: CursorKey) => number,
  unique?: boolean,
) {
  const total = covered.reduce((n, e) => n + e.count, 0);
  const todo = covered.map((e) => e.date).filter((d) => !after || d <= after[0]);
  const seen = new Set<string>();
  const entries: Entry[] = [];
  let collected = 0;
  for (let i = 0; i < todo.length && collected < wanted; i += DAYS_PER_READ) {
    const batch = todo.slice(i, i + DAYS_PER_READ);
    const summaries = await reader.summaries(batch);
    for (const d of batch) {
      const s = summaries.get(d);
      if (!s) continue;
      const fresh = unique ? firstListings(entriesOf(s), seen) : entriesOf(s);
      entries.push(...fresh);
      // On the cursor's own day, only the papers after the cursor count towards the page.
      collected +=
        after && d === after[0] ? fresh.filter((e) => compare(key(e), after) > 0).length : fresh.length;
    }
  }
  return { entries, total };
}

/** The full papers of a page, in its order, with the upvotes and day the page has for them. */
async function papersOf(kv: KVNamespace, reader: DayReader, page: Entry[]): Promise<Paper[]> {
  const perDay = new Map<IsoDate, number>();
  for (const e of page) perDay.set(e.date, (perDay.get(e.date) ?? 0) + 1);
  const whole = new Set(
    [...perDay].filter(([d, n]) => n >= WHOLE_DAY_FROM || reader.records.has(d)).map(([d]) => d),
  );
  const single = page.filter((e) => !whole.has(e.date));
  const records = await getPaperRecords(
    kv,
    single.map((e) => e.id),
  );
  // A paper whose record has no content (stored before records held it) comes from its day.
  for (const e of single) if (!records.get(e.id)?.paper) whole.add(e.date);
  const days = await reader.days([...whole]);
  const inDay = new Map<IsoDate, Map<string, Paper>>();
  for (const [d, r] of days) if (r) inDay.set(d, new Map(r.papers.map((p) => [p.id, p])));

  const out: Paper[] = [];
  for (const e of page) {
    const content = inDay.get(e.date)?.get(e.id) ?? records.get(e.id)?.paper;
    if (content) out.push(listedPaper(content, e.upvotes, e.date));
    else console.error(JSON.stringify({ event: "paper-missing", id: e.id, date: e.date }));
  }
  return out;
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
  const compare = compareBy("date");
  entries.sort((a, b) => compare(key(a), key(b)));
  const listed = [...new Set(entries.map((e) => e.date))].slice(0, q.limit ?? days.length);
  const shown = new Set(listed);
  const papers = await papersOf(
    kv,
    reader,
    entries.filter((e) => shown.has(e.date)),
  );
  const byDay = new Map<IsoDate, Paper[]>(listed.map((d) => [d, []]));
  for (const p of papers) byDay.get(p.date)!.push(p);
  const digest = listed.map((date) => {
    const s = reader.summaryRead.get(date);
    return {
      date,
      addedAt: s?.added_at ?? s?.updated_at ?? `${date}T00:00:00.000Z`,
      papers: byDay.get(date)!,
    };
  });
  return {
    digest,
    total: entries.length,
    days,
    updated: newest(digest.map((d) => d.addedAt)),
  };
}
