// Reading one day of Daily Papers: the page's embedded JSON, else the JSON API, else the
// page's cards.
import { addDays } from "../core/dates";
import { errorText } from "../core/errors";
import type { IsoDate } from "../core/paper";
import type { DayRead } from "./dayRead";
import { ParseError, UpstreamError } from "./errors";
import { readApi } from "./readApi";
import { parseCards } from "./readCards";
import { pageUrl, parsePage } from "./readPage";
import type { Upstream } from "./upstream";

const utf8 = new TextDecoder();

/**
 * Days the newest stored day may lie before the run's day for the JSON API to be asked for it as
 * the newest list: a weekend and a holiday.
 */
export const NEWEST_STORED_WITHIN_DAYS = 4;
const isRecentlyStored = (stored: IsoDate, today: IsoDate) =>
  stored < today && stored >= addDays(today, -NEWEST_STORED_WITHIN_DAYS);

/** A read and why the ways before it failed. */
export type ReadResult = DayRead & { fallbacks: string[] };

/**
 * Reads one day (or the newest list). A day asked for by date is read from the JSON API
 * first: it answers that day's items as JSON, under half the page's bytes and none of its
 * markup or entities to undo (npm run bench, "Reading one page"), and Hugging Face allows an
 * anonymous client five times as many API requests as page requests
 * (huggingface.co/docs/hub/rate-limits). An empty answer (a weekend, a holiday) or a failure
 * goes on to the page, which also says which day it shows. The newest list (no `date`) is
 * read from the API as the list of `today` (the run's day), when that is given and listed
 * already, else as the newest day back to `newestStored()` (the archive's newest day, when
 * that is recent) that the API lists, else from the page, which names its day. Then, in
 * order: the page's embedded JSON, the JSON API (where not tried yet), the page's cards. When the page answers 5xx
 * after its retries, or 429 (pages and the API are counted apart), the API is tried once;
 * any other failure of the page (4xx, timeouts, the budget) fails the day.
 */
export async function readDay(
  upstream: Upstream,
  origin: string,
  date?: IsoDate,
  today?: IsoDate,
  newestStored?: () => Promise<IsoDate | undefined>,
): Promise<ReadResult> {
  const fallbacks: string[] = [];
  const apiDate = date ?? today;
  if (apiDate) {
    try {
      // One try: the page is there if it fails.
      const read = await readApi(upstream, origin, apiDate, 1);
      if (read.papers.length > 0) return { ...read, fallbacks };
      // A run's day without a list yet is the usual case for the newest list, not a fallback.
      if (date) fallbacks.push("api: empty list");
    } catch (e) {
      fallbacks.push(`api: ${errorText(e)}`);
    }
  }
  // The newest list when the run's day has none yet (a night, a weekend, a holiday) is the
  // newest day back to the archive's newest that the JSON API lists: most often that stored
  // day itself, and the days between cost an empty answer each. Half the CPU of the page
  // (README, "Performance"). Only back to a recent stored day: an older archive needs the
  // page to name the newest list.
  // Asked for only now: a run whose day is listed reads no index.
  const stored = !date && today && fallbacks.length === 0 ? await newestStored?.() : undefined;
  if (today && stored && isRecentlyStored(stored, today)) {
    try {
      for (let day = addDays(today, -1); day >= stored; day = addDays(day, -1)) {
        const read = await readApi(upstream, origin, day, 1);
        if (read.papers.length > 0) return { ...read, fallbacks };
      }
    } catch {
      // The page reads it, and says why if it cannot.
    }
  }
  // Today's list, when there is none, says nothing of the newest list: the API is still tried for it below.
  const apiTried = date !== undefined && fallbacks.length > 0;
  let html: Uint8Array;
  try {
    html = await upstream.getBytes(pageUrl(origin, date), "text/html");
  } catch (e) {
    // Pages and the JSON API are served by different routes and limited by different quotas:
    // when page rendering is down (5xx after the retries) or the page quota is spent (429),
    // the API often still answers. One try, within the budget.
    if (apiTried || !(e instanceof UpstreamError) || !e.status || (e.status < 500 && e.status !== 429))
      throw e;
    fallbacks.push(`page: ${errorText(e)}`);
    try {
      const read = await readApi(upstream, origin, date, 1);
      if (read.papers.length > 0) return { ...read, fallbacks };
    } catch {
      // The page's own failure is the one to report.
    }
    throw e;
  }
  try {
    const read = parsePage(html);
    // An empty API answer is right for a day without a list; the page then shows the list before.
    return {
      ...read,
      fallbacks: read.date === apiDate ? fallbacks : fallbacks.filter((f) => f !== "api: empty list"),
    };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    fallbacks.push(`page: ${errorText(e)}`);
  }
  if (!apiTried) {
    try {
      const read = await readApi(upstream, origin, date);
      if (read.papers.length > 0) return { ...read, fallbacks };
      fallbacks.push("api: empty list");
    } catch (e) {
      fallbacks.push(`api: ${errorText(e)}`);
    }
  }
  try {
    return { ...parseCards(utf8.decode(html)), fallbacks };
  } catch (e) {
    fallbacks.push(`cards: ${errorText(e)}`);
  }
  throw new ParseError(`no way of reading the day worked (${fallbacks.join("; ")})`);
}
