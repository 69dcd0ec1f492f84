// GET /api/status: the last run, and whether the data is fresh.
import { getIndex } from "../store/dayIndex";
import { getRunStatus } from "../store/runs";
import type { StatusAnswer } from "./answers";

export async function statusAnswer(
  kv: KVNamespace,
  now: number,
  staleAfterMinutes: number,
): Promise<StatusAnswer> {
  const [status, index] = await Promise.all([getRunStatus(kv), getIndex(kv)]);
  const last = status?.last_success_at ? Date.parse(status.last_success_at) : undefined;
  return {
    last_run: status?.last_run ?? null,
    last_success_at: status?.last_success_at ?? null,
    newest_day: index.days[0]?.date ?? null,
    days_stored: index.days.length,
    stale: last === undefined || now - last > staleAfterMinutes * 60_000,
    stale_after_minutes: staleAfterMinutes,
  };
}
