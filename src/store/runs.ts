// The record of the last run under keys.status, written once per run (48 writes a day at
// the default schedule; README, "KV budget").
import * as z from "zod";
import { type DayReport, RunReport, readFailed } from "../core/runReport";
import { keys } from "./keys";
import { getJson } from "./kvJson";

export const RunStatus = z.object({
  last_run: RunReport,
  /** The last run in which at least one day was read. */
  last_success_at: z.string().nullable(),
});
export type RunStatus = z.infer<typeof RunStatus>;

const readSomething = (days: DayReport[]) => days.some((d) => !readFailed(d));

export const getRunStatus = (kv: KVNamespace): Promise<RunStatus | null> =>
  getJson(kv, keys.status, RunStatus);

/** The last run's report, if any run was recorded. */
export const getLastRun = async (kv: KVNamespace): Promise<RunReport | null> =>
  (await getRunStatus(kv))?.last_run ?? null;

export async function recordRun(kv: KVNamespace, report: RunReport): Promise<void> {
  const previous = await getRunStatus(kv);
  const last_success_at = readSomething(report.days)
    ? report.started_at
    : (previous?.last_success_at ?? null);
  await kv.put(keys.status, JSON.stringify({ last_run: report, last_success_at } satisfies RunStatus));
}
