// The scrape pipeline's one entry point for the rest of the Worker: a run with the
// deployment's settings and the runtime's fetch. Everything else in scrape/ is internal.
import { configOf } from "../core/config";
import type { StartRun } from "../core/runReport";
import { scrape } from "./run";
import { globalFetch } from "./upstream";

/** One run against the deployment's KV and upstream, as the cron, an admin or a bootstrap asks. */
export const runScrape: StartRun<Env> = (env, { now, trigger, targets, cache }) =>
  scrape(
    {
      kv: env.PAPERS,
      config: configOf(env),
      fetch: globalFetch,
      now,
      trigger,
      cache,
      repair: trigger === "cron",
    },
    targets,
  );
