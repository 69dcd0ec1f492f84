// Archived feeds (RFC 5005 section 4): a feed without day parameters is the subscription
// document; the ISO weeks before the days it covers are archive documents
// (`?week=YYYY-Www`), chained by prev-archive and next-archive links over the weeks that
// have stored days. Walking prev-archive from the subscription document reaches every
// stored day once:
//
// - The subscription document covers every stored day from `start` on: the Monday of the
//   week that holds the oldest of the newest FEED_DAYS stored days, or the oldest day the
//   scheduled runs still re-read (core/settled.ts), whichever is older.
// - Each week that ends before `start` is an archive document. All its days have settled,
//   so its papers no longer change, except through an admin scrape or a backfill.
//
// So the subscription document holds at least the newest FEED_DAYS stored days, and every
// day that can still change; no day is in two documents, and none is in none.

import { cacheTags } from "../core/cacheTags";
import type { Config } from "../core/config";
import { addDays, daysBetween, isoWeekOf, isoWeekRange, mondayOf } from "../core/dates";
import { firstUnsettledDay } from "../core/settled";
import type { Archive, DayIndex, IndexEntry } from "../store/archive";
import type { CachePolicy } from "./httpCache";
import { type ListQuery, MAX_RANGE_DAYS } from "./query";

/**
 * For an archive document with both neighbours: its papers and links change only when a day
 * in its Cache-Tags is saved again, which invalidates it in Workers Cache; clients keep it a
 * week (RFC 5005 section 4: archive documents are not expected to change).
 */
export const ARCHIVE_CACHE_CONTROL: CachePolicy = {
  browser: "public, max-age=604800, stale-while-revalidate=86400",
  edge: "public, max-age=2592000, stale-while-revalidate=86400, stale-if-error=2592000",
};

/** Where a list answer of an archiving format stands in the archive. */
export interface FeedArchivePlace {
  /** Stored days the answer covers when its query names none (the subscription document). */
  defaultDays: number;
  /** An archive document (fh:archive): a week before the subscription document's days. */
  archive: boolean;
  /** The neighbouring weeks with stored days: prev-archive (older) and next-archive (newer). */
  prevWeek?: string;
  nextWeek?: string;
  /**
   * The stored days those links were found from: the answer changes when they do (a day
   * stored in a gap re-links it), so its Last-Modified counts them too.
   */
  linked: IndexEntry[];
  /** For an archive document: how long it may be kept, and what drops it (Cache-Tag). */
  cacheControl?: CachePolicy;
  tags?: string[];
}

const weekOf = (week: string) => isoWeekRange(Number(week.slice(0, 4)), Number(week.slice(6)));

/**
 * The first day of the subscription document: the Monday of the week holding the older of
 * the oldest of the newest FEED_DAYS stored days and the first unsettled day.
 */
export function subscriptionStart(
  index: DayIndex,
  now: number,
  config: Pick<Config, "FEED_DAYS" | "WINDOW_DAYS">,
) {
  const oldestFeedDay = index.days[Math.min(config.FEED_DAYS, index.days.length) - 1]?.date;
  const unsettled = firstUnsettledDay(now, config.WINDOW_DAYS);
  return mondayOf(oldestFeedDay && oldestFeedDay < unsettled ? oldestFeedDay : unsettled);
}

/**
 * Where a query stands: the subscription document, an archive document, or neither. String
 * comparisons over the index only (it is newest first): this runs before every 304.
 */
export function feedArchivePlace(
  index: DayIndex,
  query: ListQuery,
  now: number,
  config: Pick<Config, "FEED_DAYS" | "WINDOW_DAYS">,
): FeedArchivePlace {
  const start = subscriptionStart(index, now, config);
  const firstArchived = index.days.findIndex((e) => e.date < start);
  const defaultDays = firstArchived < 0 ? index.days.length : firstArchived;
  const newestArchived = index.days[firstArchived];
  if (!query.date && !query.from && !query.to && !query.week && !query.month)
    return {
      defaultDays,
      archive: false,
      prevWeek: newestArchived && isoWeekOf(newestArchived.date),
      linked: newestArchived ? [newestArchived] : [],
    };
  if (!query.week) return { defaultDays, archive: false, linked: [] };
  const [monday, sunday] = weekOf(query.week);
  if (sunday >= start) return { defaultDays, archive: false, linked: [] };

  // The nearest stored days before and after the week; a day before start is in an archived week.
  const older = index.days.find((e) => e.date < monday);
  const newer = index.days.findLast((e) => e.date > sunday && e.date < start);
  const prevWeek = older && isoWeekOf(older.date);
  const nextWeek = newer && isoWeekOf(newer.date);
  return {
    defaultDays,
    archive: true,
    prevWeek,
    nextWeek,
    linked: [older, newer].filter((e): e is IndexEntry => !!e),
    ...archiveCaching(query.week, prevWeek, nextWeek),
  };
}

/**
 * An archive document links its neighbours, so it changes when a day is stored in the weeks
 * between them: its Cache-Tags name every calendar day after its older neighbour's Sunday
 * and before its newer neighbour's Monday. One without a neighbour on a side can still gain
 * one that no run announces (an older day backfilled; the next week archived as time
 * passes), and one whose gaps span more days than a range may: both keep the list answers'
 * lifetime (README, "Caching and polling").
 */
function archiveCaching(week: string, prevWeek?: string, nextWeek?: string) {
  const [monday, sunday] = weekOf(week);
  const from = prevWeek ? addDays(weekOf(prevWeek)[1], 1) : monday;
  const to = nextWeek ? addDays(weekOf(nextWeek)[0], -1) : sunday;
  const span = daysBetween(from, to) + 1;
  if (!prevWeek || !nextWeek || span > MAX_RANGE_DAYS) return {};
  const tags = Array.from({ length: span }, (_, i) => cacheTags.day(addDays(from, i)));
  return { cacheControl: ARCHIVE_CACHE_CONTROL, tags };
}

/**
 * What an archive document is built from, counters (upvotes, comments, stars) left out:
 * each covered day's content hash. Its ETag, made from these, is weak (RFC 9110 section
 * 8.8.1): a change of counters only (an admin re-read of a settled day) leaves it, so
 * readers that hold the archive keep it (README, "Archived feeds"). Reads the covered days'
 * listings, which the answer, when it is rendered, reads anyway.
 */
export async function archiveVersions(archive: Archive, covered: IndexEntry[]): Promise<string[]> {
  const listings = await archive.listings(covered.map((e) => e.date));
  return covered.map((e) => {
    const l = listings.get(e.date);
    return `${e.date}#${l?.content || l?.updated_at || e.updated_at}`;
  });
}
