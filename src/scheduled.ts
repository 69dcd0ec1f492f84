// The cron handler: one scrape run, awaited, so a failed run shows as failed.
import { readConfig } from "./config";
import { scrape } from "./scrape";
import { globalFetch } from "./upstream";

export async function scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const report = await scrape({
    kv: env.PAPERS,
    config: readConfig(env),
    fetch: globalFetch,
    now: controller.scheduledTime,
    trigger: "cron",
  });
  if (!report.ok) {
    const failed = report.days.filter((d) => d.outcome === "failed" || d.outcome === "empty");
    // The run's JSON log line has every day's reason; this names the first.
    const first = failed[0]!;
    throw new Error(`scrape: ${failed.length} of ${report.days.length} reads failed (first, ${first.asked}: ${first.error ?? first.outcome})`);
  }
}
