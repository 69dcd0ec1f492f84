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
      upstream: hfAuth(configOf(env)),
    },
    targets,
  );

/** The HF_TOKEN secret, for Hugging Face's origin only (Upstream checks the origin at every hop). */
function hfAuth({ HF_ORIGIN, HF_TOKEN }: { HF_ORIGIN: string; HF_TOKEN?: string }) {
  return HF_TOKEN ? { auth: { origin: HF_ORIGIN, token: HF_TOKEN } } : undefined;
}
