// The scrape pipeline's one entry point for the rest of the Worker: a run with the
// deployment's settings and the runtime's fetch. Everything else in scrape/ is internal.
import type { CacheInvalidator } from "../core/cacheTags";
import { configOf } from "../core/config";
import type { RunReport } from "../core/runReport";
import { scrape, type Target } from "./run";
import { globalFetch } from "./upstream";

export type { Target };

export interface RunRequest {
  now: number;
  trigger: RunReport["trigger"];
  /** The days to read; the newest list and the window's rotation when absent. */
  targets?: Target[];
  /** Workers Cache of the invocation (ctx.cache), told what the run changed. */
  cache?: CacheInvalidator;
}

/** One run against the deployment's KV and upstream, as the cron, an admin or a bootstrap asks. */
export function runScrape(env: Env, { now, trigger, targets, cache }: RunRequest): Promise<RunReport> {
  const config = configOf(env);
  return scrape(
    {
      kv: env.PAPERS,
      config,
      fetch: globalFetch,
      now,
      trigger,
      cache,
      repair: trigger === "cron",
      // The token goes to Hugging Face's origin only (Upstream checks it at every hop).
      upstream: config.HF_TOKEN ? { auth: { origin: config.HF_ORIGIN, token: config.HF_TOKEN } } : undefined,
    },
    targets,
  );
}
