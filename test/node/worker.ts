// Starts the Worker under `wrangler dev` against the fixture stand-in origin, with its
// own local KV in a temporary folder, and fires the cron once over the whole window:
// what `npm run demo` does. Every server picks a free port itself (port 0, the debugger's
// too) and says which, so no port is chosen first and taken by something else before it
// is listened on.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFixtureOrigin } from "../../scripts/fixture-origin";
import { wranglerDev } from "../../scripts/wrangler";

const ROOT = new URL("../../", import.meta.url).pathname;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export interface RunningWorker {
  base: string;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Uncached answers a client may ask for a minute, instead of wrangler.toml's (a load test asks for many). */
  renderLimit?: number;
}

/**
 * wrangler.toml with another rate limit, written into `dir`. wrangler reads the paths in it
 * (`main`, the only one) relative to its folder, so `main` is made absolute.
 */
function configWithLimit(dir: string, limit: number): string {
  const original = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const text = original
    .replace(/limit = \d+, period/g, `limit = ${limit}, period`)
    .replace(/^main = "(.+)"$/m, (_, main: string) => `main = ${JSON.stringify(resolve(ROOT, main))}`);
  if (!/limit = \d+, period/.test(original) || !/^main = "/m.test(original))
    throw new Error('wrangler.toml no longer has the `limit = N, period` or `main = "…"` this rewrites');
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, text);
  return path;
}

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  // KV, a changed wrangler.toml and what wrangler writes beside it: all in one temporary folder.
  const dir = mkdtempSync(join(tmpdir(), "dpf-"));
  const config = options.renderLimit ? configWithLimit(dir, options.renderLimit) : undefined;
  const origin = await startFixtureOrigin(0, "127.0.0.1", Date.now(), { quiet: true });
  const originPort = (origin.address() as AddressInfo).port;
  let log = "";
  const wrangler = wranglerDev(
    [
      ...(config ? ["--config", config] : []),
      "--ip",
      "127.0.0.1",
      "--port",
      "0",
      "--inspector-port",
      "0",
      "--test-scheduled",
      "--persist-to",
      join(dir, "state"),
      // Not a developer's .dev.vars (the README's local setup): the tests say every binding.
      "--env-file",
      "/dev/null",
      "--var",
      `HF_ORIGIN:http://127.0.0.1:${originPort}`,
      "--var",
      "DAYS_PER_RUN:7",
      "--show-interactive-dev-session=false",
    ],
    ({ raw }) => {
      log += `${raw}\n`;
    },
    { readyWithinMs: 90_000 },
  );
  const stop = async () => {
    await wrangler.stop();
    await new Promise((ok) => origin.close(ok));
    // Best effort: workerd may still be flushing its cache folder as it exits.
    await sleep(300);
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {}
  };
  const failed = async (why: string) => {
    await stop();
    return new Error(`${why}\n${log}`);
  };
  const base = await wrangler.served.catch((e: Error) => e);
  if (base instanceof Error) throw await failed(base.message);
  const answers = () =>
    fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  for (const deadline = Date.now() + 90_000; !(await answers()); await sleep(300))
    if (Date.now() > deadline || wrangler.child.exitCode !== null)
      throw await failed("the Worker did not answer");
  // The cron's runs take three tasks in turn, 10 minutes apart (src/scrape/run.ts, TASKS):
  // runs at three such times do each once (the newest list, the window, upkeep). A day read
  // from its page is staged, and the task's run of the next round settles it. Then the same
  // again after upvotes grew, as they do on the real site: every paper of the newest day then
  // has an upvote history of two points.
  const start = Date.now() - 120 * 60_000;
  for (const round of [0, 1, 2, 3]) {
    if (round === 2) origin.upvotesBump = 7;
    for (const slot of [0, 1, 2]) {
      const ran = await fetch(
        `${base}/cdn-cgi/local/scheduled?time=${start + (round * 3 + slot) * 10 * 60_000}`,
      );
      if (!ran.ok) throw await failed(`scheduled run failed: ${await ran.text()}`);
    }
  }
  return { base, stop };
}
