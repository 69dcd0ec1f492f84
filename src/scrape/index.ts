// The scrape pipeline's one entry point for the rest of the Worker: a run with the
// deployment's settings and the runtime's fetch. Everything else in scrape/ is internal.
import { configOf } from "../core/config";
import type { StartRun } from "../core/runReport";
import { scheduledRun, scrape } from "./run";
import { globalFetch } from "./upstream";

/** One run against the deployment's KV and upstream, as the cron, an admin or a bootstrap asks. */
export const runScrape: StartRun<Env> = (env, { now, trigger, targets, cache }) => {
  const config = configOf(env);
  // The cron's runs take turns at their tasks; an admin's or a bootstrap's reads what it asks.
  const plan =
    trigger === "cron" && !targets
      ? scheduledRun(now, config.WINDOW_DAYS, config.DAYS_PER_RUN)
      : { targets, repair: false };
  return scrape(
    {
      kv: env.PAPERS,
      config,
      fetch: globalFetch,
      now,
      trigger,
      cache,
      repair: plan.repair,
      // A scheduled run stages a page's read for its task's next run (store/values/stagedRead.ts);
      // upkeep reads no page but the repair pass's, which it settles itself.
      stage: "task" in plan && plan.task !== "upkeep",
      ...("task" in plan ? { task: plan.task } : {}),
      upstream: hfAuth(config),
    },
    plan.targets,
  );
};

/** The HF_TOKEN secret, for Hugging Face's origin only (Upstream checks the origin at every hop). */
function hfAuth({ HF_ORIGIN, HF_TOKEN }: { HF_ORIGIN: string; HF_TOKEN?: string }) {
  return HF_TOKEN ? { auth: { origin: HF_ORIGIN, token: HF_TOKEN } } : undefined;
}
