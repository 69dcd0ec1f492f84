// A fresh deployment fills itself: the first request to an empty archive starts one
// scrape in the background instead of waiting up to 30 minutes for the cron.
import { errorText } from "../core/errors";
import { runScrape } from "../scrape";
import { keys } from "../store/keys";

/** Starts a background scrape if none started in the last minute. Returns whether it did. */
export async function maybeBootstrap(env: Env, ctx: ExecutionContext, now: number): Promise<boolean> {
  if (await env.PAPERS.get(keys.bootstrap)) return false;
  // 60 s is KV's shortest expiry, which is also the limit we want: one try a minute.
  await env.PAPERS.put(keys.bootstrap, new Date(now).toISOString(), { expirationTtl: 60 });
  ctx.waitUntil(
    runScrape(env, { now, trigger: "bootstrap", cache: ctx.cache }).catch((e) =>
      console.error(JSON.stringify({ event: "bootstrap-error", error: errorText(e) })),
    ),
  );
  return true;
}
