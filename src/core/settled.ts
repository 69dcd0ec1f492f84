// Which listed days still change. A scheduled run reads the newest list and re-reads the
// WINDOW_DAYS days before its own date (scrape/run.ts, windowTargets), because upvotes keep
// growing for a week or two; a day older than both is read again only by an admin scrape
// or a backfill. Serve derives its archive documents (RFC 5005) from this rule, so it lives
// here, where both pipelines can read it.
import { addDays, toIsoDate } from "./dates";
import type { IsoDate } from "./paper";

/**
 * The oldest day the scheduled runs still re-read on `now`: every day before it, and before
 * the newest stored day (which the newest list may still show), has settled.
 */
export const firstUnsettledDay = (now: number, windowDays: number): IsoDate =>
  addDays(toIsoDate(now), -windowDays);
