// Selecting the papers of a list answer: which papers of the covered days match, in what
// order, and which page of them is returned. The store gives each covered day's listing
// (ids and counters, from a small summary), the matches of a search, and the full papers
// of the one page returned; so what a query costs grows with the papers it returns, not
// with the days it covers (README, "Performance").
import quickselect from "quickselect";
import { newest, newestDays, newestFirst } from "../core/dates";
import type { IsoDate, Paper } from "../core/paper";
import {
  type Archive,
  fold,
  GAIN_WINDOW_S,
  type HistoryView,
  type Listing,
  type PageEntry,
  type SearchColumn,
} from "../store/archive";
import type { ListPlan } from "./plan";
import { type CursorKey, MAX_LIMIT } from "./query";
import type { DigestDay } from "./render/view";
import { SeenIds } from "./seenIds";

export interface Selection {
  papers: Paper[];
  /** Each paper's JSON where the store could copy it (index-aligned with papers), for a format that copies it. */
  papersJson?: (string | undefined)[];
  /** Papers matching the filters, over all pages. */
  total: number;
  /** The stored days the answer covers, newest first. */
  days: IsoDate[];
  /** When the newest change to any covered day was stored (ISO), if any. */
  updated?: string;
  /** The cursor of the next page, when there is one. */
  next?: CursorKey;
}

/** A paper as selection sees it: enough to filter, order and page. */
interface Entry {
  id: string;
  date: IsoDate;
  upvotes: number;
  /** Where its counters are in its day's listing. */
  at: number;
  /** For `sort=rising`: upvotes gained over the last 24 hours of stored history. */
  gained?: number;
}

const key = (p: Entry): CursorKey =>
  p.gained === undefined ? [p.date, p.upvotes, p.id] : [p.date, p.upvotes, p.id, p.gained];
const entryOf = (k: CursorKey): Entry => ({ date: k[0], upvotes: k[1], id: k[2], gained: k[3], at: -1 });

/**
 * A total order, so a cursor (the last key of a page) says exactly where the next starts.
 * It compares entries in place: a sort of a 92-day range calls it some 40,000 times.
 */
function compareBy(sort: "date" | "upvotes" | "rising" | undefined): (a: Entry, b: Entry) => number {
  const byDate = newestFirst;
  const byVotes = (a: Entry, b: Entry) => b.upvotes - a.upvotes;
  const byId = (a: Entry, b: Entry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byGain = (a: Entry, b: Entry) => (b.gained ?? 0) - (a.gained ?? 0);
  if (sort === "rising") return (a, b) => byGain(a, b) || byVotes(a, b) || byId(a, b) || byDate(a, b);
  return sort === "upvotes"
    ? (a, b) => byVotes(a, b) || byDate(a, b) || byId(a, b)
    : (a, b) => byDate(a, b) || byVotes(a, b) || byId(a, b);
}

/** The page a plan asks for: its papers, with the totals and versions an answer shows. */
export async function selectPapers(archive: Archive, plan: ListPlan): Promise<Selection> {
  const { query: q, covered, cursor } = plan;
  const days = covered.map((e) => e.date);
  const compare = compareBy(q.sort);
  const limit = q.limit ?? MAX_LIMIT;

  // Newest day first, no filter: a page needs only the days it starts in and runs through,
  // and the index already counts every day's papers.
  const { entries, total } = plan.filtered
    ? await allEntries(archive, plan)
    : await firstEntriesByDay(archive, plan, limit + 1, compare);
  const afterEntry = cursor && entryOf(cursor);
  const rest = afterEntry ? entries.filter((e) => compare(e, afterEntry) > 0) : entries;
  const firsts = firstInOrder(rest, limit + 1, compare);
  const page = firsts.slice(0, limit);
  const more = firsts.length > limit;
  const papers = await archive.papers(
    page.map((e) => pageEntry(archive, e)),
    plan.format.copiesStoredJson,
  );
  return {
    papers,
    papersJson: plan.format.copiesStoredJson ? papers.map(archive.jsonOf) : undefined,
    total,
    days,
    updated: newest(covered.map((e) => e.updated_at ?? archive.listingOf(e.date)?.updated_at)),
    next: more ? key(page.at(-1)!) : undefined,
  };
}

/** What the store needs to give an entry's full paper: its day and its counters there. */
const pageEntry = (archive: Archive, e: Entry): PageEntry => ({
  id: e.id,
  date: e.date,
  counters: archive.listingOf(e.date)!.counters[e.at]!,
});

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
function addEntries(l: Listing, out: Entry[] = []): Entry[] {
  const { ids, counters, date } = l;
  for (let i = 0; i < ids.length; i++) out.push({ id: ids[i]!, date, upvotes: counters[i]!.upvotes, at: i });
  return out;
}

/** Days are newest first, so keeping the first listing of a paper keeps its newest. */
function firstListings(entries: Entry[], seen = new SeenIds(entries.length)): Entry[] {
  return entries.filter((e) => seen.add(e.id));
}

/**
 * Every covered paper that passes the filters: what any other order or a filter needs. Each
 * day's papers are narrowed as positions in its listing, and entries made for those left
 * only: a filter keeps some hundreds of a 92-day range's 3,300 papers.
 */
async function allEntries(archive: Archive, plan: ListPlan) {
  const { query: q } = plan;
  const listings = await archive.listings(plan.covered.map((e) => e.date));
  const passing = withUpvotes(listings, q.min_upvotes);
  const searches: [string | undefined, (s: string) => string, SearchColumn][] = [
    [q.q, (s) => s.toLowerCase(), "text"],
    [q.author, fold, "authors"],
    [q.org, fold, "organization"],
  ];
  for (const [given, normal, column] of searches) {
    // Only the days with papers still passing are searched.
    if (given) keepFound(passing, await archive.search([...passing.keys()], normal(given), column));
  }
  let entries = entriesAt(listings, passing);
  if (plan.unique) entries = firstListings(entries);
  if (q.sort === "rising") await addGains(archive, entries);
  return { entries, total: entries.length };
}

/** Each day's papers with at least `min` upvotes (all without it), as positions in its listing; days with none left out. */
function withUpvotes(listings: Map<IsoDate, Listing>, min: number | undefined): Map<IsoDate, number[]> {
  const passing = new Map<IsoDate, number[]>();
  for (const [d, l] of listings) {
    const at: number[] = [];
    for (let i = 0; i < l.ids.length; i++) if (min === undefined || l.counters[i]!.upvotes >= min) at.push(i);
    if (at.length) passing.set(d, at);
  }
  return passing;
}

/** Narrows each day's passing positions to those a search found; days with none left are dropped. */
function keepFound(passing: Map<IsoDate, number[]>, found: Map<IsoDate, Set<number>>): void {
  for (const [d, at] of passing) {
    const hits = found.get(d);
    const left = hits ? at.filter((i) => hits.has(i)) : [];
    if (left.length) passing.set(d, left);
    else passing.delete(d);
  }
}

/** The entries at the passing positions, day by day in the listings' order. */
function entriesAt(listings: Map<IsoDate, Listing>, passing: Map<IsoDate, number[]>): Entry[] {
  const entries: Entry[] = [];
  for (const [date, at] of passing) {
    const { ids, counters } = listings.get(date)!;
    for (const i of at) entries.push({ id: ids[i]!, date, upvotes: counters[i]!.upvotes, at: i });
  }
  return entries;
}

/**
 * Histories `sort=rising` reads, at most. Runs re-read the newest list and the window's weekdays
 * (7 days back: 5), so about 6 days gain upvotes on a given day; more have changed only after a
 * backfill re-read many days at once, and reading all of their histories (up to 40 points a
 * paper, up to about 32 KB a settled day) would cost an answer far more than the free plan's 10 ms
 * of CPU. The newest days are read first: they are the ones whose papers gain.
 */
export const RISING_HISTORY_DAYS = 10;

/**
 * Of `due` (days whose histories may hold a point in the window), the ones to read now: newest
 * first, so that no more than `max` histories are read in all (`read` of them already).
 */
export const daysToRead = (due: IsoDate[], read: number, max = RISING_HISTORY_DAYS): IsoDate[] =>
  newestDays(due, max - read);

/**
 * Upvotes gained by each entry over the last 24 hours of stored history: the 24 hours before
 * the newest point stored for the days whose histories are read, so the order depends only on
 * stored data.
 *
 * Only the histories that can hold a point in that window are read. A point is stamped by
 * the run that stamps the day's summary (store/settle.ts), so a day whose summary is older
 * than the window gained nothing; on a 92-day range that leaves the few days still re-read.
 * At most RISING_HISTORY_DAYS of them, newest first: papers of the others count as gaining none.
 * A day whose summary's time does not validate may hold a point in the window: it is a candidate
 * in every pass, by its date like the others.
 */
async function addGains(archive: Archive, entries: Entry[]): Promise<void> {
  const dates = [...new Set(entries.map((e) => e.date))];
  const changedAt = (d: IsoDate) => Date.parse(archive.listingOf(d)?.updated_at ?? "") / 1000;
  const histories = new Map<IsoDate, HistoryView | null>();
  // The newest point can be no newer than the newest summary: start from there, and read
  // further back while the newest point found moves the window's start back.
  let latest = Math.max(...dates.map(changedAt).filter(Number.isFinite));
  for (;;) {
    const due = daysToRead(
      dates.filter((d) => !histories.has(d) && !(changedAt(d) <= latest - GAIN_WINDOW_S)),
      histories.size,
    );
    if (!due.length) break;
    const read = await archive.historiesOf(due);
    for (const d of due) histories.set(d, read.get(d) ?? null);
    // A point newer than its day's summary was not stamped by a run (which stamps both): it
    // hides only itself, and does not move the window's end for every paper.
    latest = 0;
    for (const [d, h] of histories) {
      const newest = h?.newestTime() ?? 0;
      const stamped = changedAt(d);
      latest = Math.max(latest, Number.isFinite(stamped) ? Math.min(newest, stamped) : newest);
    }
  }
  for (const e of entries) e.gained = histories.get(e.date)?.gainedSince(e.id, latest) ?? 0;
}

/** Days read in this many at a time while a page by date fills. */
const DAYS_PER_READ = 4;

/**
 * The papers of the covered days from the cursor's day back, a few days at a time, until
 * `wanted` of them come after the cursor; older days are not read. For a feed, the days newer
 * than the cursor's are read for their ids alone (their summaries, one key each), so a paper
 * shown on an earlier page at its newest listing is not shown again. The total comes from the
 * index's counts (for a feed, a paper listed on two days counts twice there).
 */
async function firstEntriesByDay(
  archive: Archive,
  plan: ListPlan,
  wanted: number,
  compare: (a: Entry, b: Entry) => number,
) {
  const { covered, cursor } = plan;
  const total = covered.reduce((n, e) => n + e.count, 0);
  const dates = covered.map((e) => e.date);
  const todo = dates.filter((d) => !cursor || d <= cursor[0]);
  const afterEntry = cursor && entryOf(cursor);
  const seen = new SeenIds();
  if (plan.unique && cursor) {
    const newer = dates.filter((d) => d > cursor[0]);
    const listings = await archive.listings(newer);
    for (const d of newer) for (const id of listings.get(d)?.ids ?? []) seen.add(id);
  }
  const entries: Entry[] = [];
  let collected = 0;
  for (let i = 0; i < todo.length && collected < wanted; i += DAYS_PER_READ) {
    const batch = todo.slice(i, i + DAYS_PER_READ);
    const listings = await archive.listings(batch);
    for (const d of batch) {
      const l = listings.get(d);
      if (!l) continue;
      const fresh = plan.unique ? firstListings(addEntries(l), seen) : addEntries(l);
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
export async function selectDigest(archive: Archive, plan: ListPlan): Promise<DigestSelection> {
  const days = plan.covered.map((e) => e.date);
  const { entries } = await allEntries(archive, { ...plan, unique: false });
  // Newest day first, most upvoted first within a day: the digest's order, day by day.
  entries.sort(compareBy("date"));
  const listed = [...new Set(entries.map((e) => e.date))].slice(0, plan.query.limit ?? days.length);
  const byDay = new Map<IsoDate, Entry[]>(listed.map((d) => [d, []]));
  for (const e of entries) byDay.get(e.date)?.push(e);
  const shown = new Map([...byDay].map(([date, es]) => [date, es.map((e) => pageEntry(archive, e))]));
  const papers = await archive.digestPapers(shown);
  const digest: DigestDay[] = listed.map((date) => {
    const l = archive.listingOf(date);
    return {
      date,
      addedAt: l?.added_at || l?.updated_at || `${date}T00:00:00.000Z`,
      papers: papers.get(date)!,
    };
  });
  return { digest, total: entries.length, days, updated: newest(digest.map((d) => d.addedAt)) };
}
