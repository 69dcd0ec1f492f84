// A fresh deployment fills itself: the first request to an empty archive starts one
// scrape in the background instead of waiting up to 30 minutes for the cron.
import { readConfig } from "./config";
import { scrape } from "./scrape";
import { globalFetch } from "./upstream";

export const BOOTSTRAP_KEY = "bootstrap";

/** Starts a background scrape if none started in the last minute. Returns whether it did. */
export async function maybeBootstrap(env: Env, ctx: ExecutionContext, now: number): Promise<boolean> {
  if (await env.PAPERS.get(BOOTSTRAP_KEY)) return false;
  // 60 s is KV's shortest expiry, which is also the limit we want: one try a minute.
  await env.PAPERS.put(BOOTSTRAP_KEY, new Date(now).toISOString(), { expirationTtl: 60 });
  ctx.waitUntil(
    scrape({ kv: env.PAPERS, config: readConfig(env), fetch: globalFetch, now, trigger: "bootstrap" }).catch((e) =>
      console.error(JSON.stringify({ event: "bootstrap-error", error: String(e) })),
    ),
  );
  return true;
}
