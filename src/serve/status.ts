// GET /api/status: the last run, and whether the data is fresh.
import type { RunReport } from "../core/runReport";
import type { DayIndex } from "../store/archive";
import type { StatusAnswer } from "./answers";

export function statusAnswer(
  index: DayIndex,
  report: RunReport | null,
  now: number,
  staleAfterMinutes: number,
): StatusAnswer {
  const last = index.last_success_at ? Date.parse(index.last_success_at) : undefined;
  return {
    last_run: report,
    last_success_at: index.last_success_at ?? null,
    newest_day: index.days[0]?.date ?? null,
    days_stored: index.days.length,
    stale: last === undefined || now - last > staleAfterMinutes * 60_000,
    stale_after_minutes: staleAfterMinutes,
  };
}
