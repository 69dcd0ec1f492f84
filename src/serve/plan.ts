// A list request, worked out once: its query, the days it names and the stored days it
// covers, its cursor, its canonical parameters and its cache tags. The route, selection and
// the view all take these from here.
import { cacheTags } from "../core/cacheTags";
import { addDays, daysBetween } from "../core/dates";
import type { IsoDate } from "../core/paper";
import type { DayIndex, IndexEntry } from "../store/archive";
import type { Format } from "./formats";
import { type CursorKey, canonicalParams, cursorOf, daySpan, type ListQuery } from "./query";

export interface ListPlan {
  format: Format;
  query: ListQuery;
  /** The listed days the query names; undefined for the newest stored days. */
  span?: [IsoDate, IsoDate];
  /** The stored days the answer covers, newest first: what it is built from. */
  covered: IndexEntry[];
  cursor?: CursorKey;
  /** The query's known parameters in a fixed order: for cache keys and links. */
  canonical: string;
  /** It needs every covered paper (a filter, or an order other than by date), not only the newest days'. */
  filtered: boolean;
  /** One entry per paper: a paper listed on several days keeps its newest listing (the feeds). */
  unique: boolean;
  /** The Cache-Tags of its answer. */
  tags: string[];
}

export function planList(format: Format, query: ListQuery, index: DayIndex, defaultDays: number): ListPlan {
  const span = daySpan(query);
  const covered = span
    ? index.days.filter((e) => e.date >= span[0] && e.date <= span[1])
    : index.days.slice(0, defaultDays);
  return {
    format,
    query,
    span,
    covered,
    cursor: cursorOf(query),
    canonical: canonicalParams(query).toString(),
    filtered:
      (query.sort ?? "date") !== "date" ||
      query.min_upvotes !== undefined ||
      !!query.q ||
      !!query.author ||
      !!query.org ||
      !!query.digest,
    unique: format.unique,
    tags: listTags(span, covered, format),
  };
}

/**
 * The Cache-Tags of a list answer: every calendar day its range covers (so a day stored
 * later in the range drops it too), or, for the newest days, those days and `days`.
 */
function listTags(span: [IsoDate, IsoDate] | undefined, covered: IndexEntry[], format: Format): string[] {
  const days = span
    ? Array.from({ length: daysBetween(span[0], span[1]) + 1 }, (_, i) => addDays(span[0], i))
    : covered.map((e) => e.date);
  return [
    ...days.map(cacheTags.day),
    ...(span ? [] : [cacheTags.days]),
    ...(format.showsLastRun ? [cacheTags.status] : []),
  ];
}
