// Reading one day of Daily Papers: the page's embedded JSON, else the JSON API, else the
// page's cards.
import { errorText } from "../core/errors";
import type { IsoDate } from "../core/paper";
import type { DayRead } from "./dayRead";
import { ParseError, UpstreamError } from "./errors";
import { readApi } from "./readApi";
import { parseCards } from "./readCards";
import { pageUrl, parsePage } from "./readPage";
import type { Upstream } from "./upstream";

const utf8 = new TextDecoder();

/** A read and why the ways before it failed. */
export type ReadResult = DayRead & { fallbacks: string[] };

/**
 * Reads one day (or the newest list), trying in order: the page's embedded JSON, the JSON
 * API, the page's cards. When the page itself answers 5xx after its retries, or 429 (Hugging
 * Face counts pages and its API apart: huggingface.co/docs/hub/rate-limits), the JSON API is
 * tried once; any other failure of the page (4xx, timeouts, the budget) fails the day.
 */
export async function readDay(upstream: Upstream, origin: string, date?: IsoDate): Promise<ReadResult> {
  const fallbacks: string[] = [];
  let html: Uint8Array;
  try {
    html = await upstream.getBytes(pageUrl(origin, date), "text/html");
  } catch (e) {
    // Pages and the JSON API are served by different routes and limited by different quotas:
    // when page rendering is down (5xx after the retries) or the page quota is spent (429),
    // the API often still answers. One try, within the budget.
    if (!(e instanceof UpstreamError) || !e.status || (e.status < 500 && e.status !== 429)) throw e;
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
    return { ...parsePage(html), fallbacks };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    fallbacks.push(`page: ${errorText(e)}`);
  }
  try {
    const read = await readApi(upstream, origin, date);
    if (read.papers.length > 0) return { ...read, fallbacks };
    fallbacks.push("api: empty list");
  } catch (e) {
    fallbacks.push(`api: ${errorText(e)}`);
  }
  try {
    return { ...parseCards(utf8.decode(html)), fallbacks };
  } catch (e) {
    fallbacks.push(`cards: ${errorText(e)}`);
  }
  throw new ParseError(`no way of reading the day worked (${fallbacks.join("; ")})`);
}
