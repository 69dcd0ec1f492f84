// GET /api/status: the last run, and whether the data is fresh.
import { newest } from "../core/dates";
import type { RunReport } from "../core/runReport";
import type { DayIndex } from "../store/archive";
import type { StatusAnswer } from "./answers";

/** When the last successful read passes the threshold: `stale` turns true then, with no run to say so. */
const staleSince = (index: DayIndex, staleAfterMinutes: number): number | undefined => {
  const last = index.last_success_at ? Date.parse(index.last_success_at) : undefined;
  return last === undefined ? undefined : last + staleAfterMinutes * 60_000;
};

export function statusAnswer(
  index: DayIndex,
  report: RunReport | null,
  now: number,
  staleAfterMinutes: number,
): StatusAnswer {
  const since = staleSince(index, staleAfterMinutes);
  return {
    last_run: report,
    last_success_at: index.last_success_at ?? null,
    newest_day: index.days[0]?.date ?? null,
    days_stored: index.days.length,
    stale: since === undefined || now > since,
    stale_after_minutes: staleAfterMinutes,
  };
}

/**
 * When the status last changed: the last run, or the moment the data turned stale, which no run
 * marks. Without the latter, a client that sends only If-Modified-Since would be answered 304
 * and never see `stale` turn true (RFC 9110 section 13.1.3: the validator must move with the body).
 */
export function statusChangedAt(index: DayIndex, now: number, staleAfterMinutes: number): string | undefined {
  const since = staleSince(index, staleAfterMinutes);
  const turnedStale = since !== undefined && now > since ? new Date(since).toISOString() : undefined;
  return newest([index.last_run?.version, turnedStale]);
}
