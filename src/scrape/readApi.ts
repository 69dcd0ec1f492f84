// The second way of reading a day: the JSON API, paged with `p` and `limit`.
import type { IsoDate } from "../core/paper";
import type { DayRead } from "./dayRead";
import { ParseError } from "./errors";
import { readProps } from "./readPage";
import type { Upstream } from "./upstream";

/** `/api/daily_papers?date=D`, the JSON API (SOURCE-NOTES.md, "JSON API"). */
export function apiUrl(origin: string, date: IsoDate | undefined, page: number, limit: number): string {
  const u = new URL("/api/daily_papers", origin);
  if (date) u.searchParams.set("date", date);
  u.searchParams.set("p", String(page));
  u.searchParams.set("limit", String(limit));
  return u.toString();
}

const API_PAGE_SIZE = 100;
const API_MAX_PAGES = 3;

/** Reads a day from the JSON API; `attempts` per request (the upstream's default when absent). */
export async function readApi(
  upstream: Upstream,
  origin: string,
  date?: IsoDate,
  attempts?: number,
): Promise<DayRead> {
  const items: unknown[] = [];
  for (let p = 0; p < API_MAX_PAGES; p++) {
    const text = await upstream.get(apiUrl(origin, date, p, API_PAGE_SIZE), "application/json", attempts);
    let page: unknown;
    try {
      page = JSON.parse(text);
    } catch (cause) {
      throw new ParseError("the JSON API answered something that is not JSON", { cause });
    }
    if (!Array.isArray(page)) throw new ParseError("the JSON API did not answer an array");
    items.push(...page);
    if (page.length < API_PAGE_SIZE) break;
  }
  // The day asked for is the day read, as a page's dateString names its day: an item listed
  // on another day is not this day's, and must not decide where the answer is stored. Without
  // a date (the newest list), the items' own list dates say which day it is.
  return readProps({ dailyPapers: items, dateString: date }, "api");
}
