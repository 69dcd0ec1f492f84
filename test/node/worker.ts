// Starts the Worker under `wrangler dev` against the fixture stand-in origin, with its
// own local KV in a temporary folder, and fires the cron once over the whole window:
// what `npm run demo` does.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type FixtureOrigin, startFixtureOrigin } from "../../scripts/fixture-origin";

// wrangler's own entry, run by this Node (no npx between), in a process group stop() kills.
const WRANGLER = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin",
  "wrangler.js",
);

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

export interface RunningWorker {
  base: string;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Uncached answers a client may ask for a minute, instead of wrangler.toml's (a load test asks for many). */
  renderLimit?: number;
}

/** wrangler.toml with another rate limit, beside it (paths in it are relative to its folder). */
function configWithLimit(limit: number): string {
  const root = new URL("../../", import.meta.url).pathname;
  const text = readFileSync(join(root, "wrangler.toml"), "utf8").replace(
    /limit = \d+, period/g,
    `limit = ${limit}, period`,
  );
  const path = join(root, `.wrangler-load-${process.pid}.toml`);
  writeFileSync(path, text);
  return path;
}

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const [port, originPort] = [await freePort(), await freePort()];
  const config = options.renderLimit ? configWithLimit(options.renderLimit) : undefined;
  const origin: FixtureOrigin = await startFixtureOrigin(originPort, "127.0.0.1", Date.now(), {
    quiet: true,
  });
  const state = mkdtempSync(join(tmpdir(), "dpf-"));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      ...(config ? ["--config", config] : []),
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--test-scheduled",
      "--persist-to",
      state,
      "--var",
      `HF_ORIGIN:http://127.0.0.1:${originPort}`,
      "--var",
      "DAYS_PER_RUN:7",
      "--show-interactive-dev-session=false",
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const exited = new Promise((ok) => (child.exitCode !== null ? ok(null) : child.once("exit", ok)));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {}
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
    await new Promise((ok) => origin.close(ok));
    if (config) rmSync(config, { force: true });
    // Best effort: workerd may still be flushing its cache folder as it exits.
    await new Promise((ok) => setTimeout(ok, 300));
    try {
      rmSync(state, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {}
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const ran = await fetch(`${base}/__scheduled`);
  if (!ran.ok) throw new Error(`scheduled run failed: ${await ran.text()}\n${log}`);
  // A second run after upvotes grew, as they do on the real site: every paper of the newest
  // day then has an upvote history of two points.
  origin.upvotesBump = 7;
  const again = await fetch(`${base}/__scheduled`);
  if (!again.ok) throw new Error(`second scheduled run failed: ${await again.text()}\n${log}`);
  return { base, stop };
}
