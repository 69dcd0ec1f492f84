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
export const runScrape = (env: Env, { now, trigger, targets, cache }: RunRequest): Promise<RunReport> =>
  scrape(
    {
      kv: env.PAPERS,
      config: configOf(env),
      fetch: globalFetch,
      now,
      trigger,
      cache,
      repair: trigger === "cron",
      upstream: hfAuth(configOf(env)),
    },
    targets,
  );

/** The HF_TOKEN secret, for Hugging Face's origin only (Upstream checks the origin at every hop). */
function hfAuth({ HF_ORIGIN, HF_TOKEN }: { HF_ORIGIN: string; HF_TOKEN?: string }) {
  return HF_TOKEN ? { auth: { origin: HF_ORIGIN, token: HF_TOKEN } } : undefined;
}
