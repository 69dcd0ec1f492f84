// A fresh deployment fills itself: the first request to an empty archive starts one
// scrape in the background instead of waiting up to 30 minutes for the cron, and a try
// that failed (an unreachable upstream) holds off the next for ten minutes.
import { errorText } from "../core/errors";
import type { StartRun } from "../core/runReport";
import { claimBootstrap } from "../store/archive";

/** Starts a background scrape if none started within the wait. Returns whether it did. */
export async function bootstrapIfEmpty(
  env: Env,
  ctx: ExecutionContext,
  startRun: StartRun<Env>,
  now: number,
): Promise<boolean> {
  if (!(await claimBootstrap(env.PAPERS, now))) return false;
  ctx.waitUntil(
    startRun(env, { now, trigger: "bootstrap", cache: ctx.cache }).catch((e) =>
      console.error(JSON.stringify({ event: "bootstrap-error", error: errorText(e) })),
    ),
  );
  return true;
}
