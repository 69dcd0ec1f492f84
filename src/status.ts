// The record of the last run, and the status answer built from it (GET /api/status).
// Written once per run: 48 writes a day at the default schedule (README, "KV budget").
import { z } from "zod";
import { RunReport, type StatusAnswer } from "./model";
import { getIndex } from "./store";

export const STATUS_KEY = "status";

const StatusRecord = z.object({
  last_run: RunReport,
  /** The last run in which at least one day was read. */
  last_success_at: z.string().nullable(),
});
type StatusRecord = z.infer<typeof StatusRecord>;

const readOk = (r: RunReport) => r.days.some((d) => d.outcome !== "failed" && d.outcome !== "empty");

/** The last run's report, if any run was recorded. */
export const getLastRun = async (kv: KVNamespace): Promise<RunReport | null> => (await getStatus(kv))?.last_run ?? null;

async function getStatus(kv: KVNamespace): Promise<StatusRecord | null> {
  const r = StatusRecord.safeParse(await kv.get(STATUS_KEY, "json"));
  return r.success ? r.data : null;
}

export async function recordRun(kv: KVNamespace, report: RunReport): Promise<void> {
  const previous = await getStatus(kv);
  const last_success_at = readOk(report) ? report.started_at : (previous?.last_success_at ?? null);
  await kv.put(STATUS_KEY, JSON.stringify({ last_run: report, last_success_at } satisfies StatusRecord));
}

export async function readStatus(kv: KVNamespace, now: number, staleAfterMinutes: number): Promise<StatusAnswer> {
  const [status, index] = await Promise.all([getStatus(kv), getIndex(kv)]);
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
