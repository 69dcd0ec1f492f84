// The cron handler: one scrape run, awaited, so a failed run shows as failed.
import { readFailed } from "../core/runReport";
import { runScrape } from "./index";

export async function scheduled(
  controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  // Workers Cache of the invocation: the run invalidates the cached answers its changes touch.
  const report = await runScrape(env, { now: controller.scheduledTime, trigger: "cron", cache: ctx.cache });
  if (!report.ok) {
    const failed = report.days.filter(readFailed);
    // The run's JSON log line has every day's reason; this names the first.
    const first = failed[0]!;
    const why = first.error ?? first.outcome;
    throw new Error(
      `scrape: ${failed.length} of ${report.days.length} reads failed (first, ${first.asked}: ${why})`,
    );
  }
}
