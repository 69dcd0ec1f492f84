// `npm start`: wrangler dev with local KV, then one scrape as soon as it serves (none when
// the origin cannot be reached: one line says why).
// `npm run demo`: the same against a local stand-in origin serving fixtures/ (no network).
// Extra arguments go to `wrangler dev`; PORT and ORIGIN_PORT choose the ports (0: any free one).
//
// Every way this script stops (Ctrl-C, SIGTERM from kill, a process manager or a container
// runtime, SIGHUP, its output closed) stops wrangler's whole process group (scripts/wrangler.ts).
import { lookup } from "node:dns/promises";
import type { AddressInfo } from "node:net";
import { type FixtureOrigin, startFixtureOrigin } from "./fixture-origin.ts";
import { wranglerDev } from "./wrangler.ts";

const demo = process.argv.includes("--demo");
const extra = process.argv.slice(2).filter((a) => a !== "--demo");
const port = Number(process.env.PORT ?? 8787);
const say = (line: string) => console.log(`[${demo ? "demo" : "start"}] ${line}`);

const args = ["--test-scheduled", "--ip", "127.0.0.1", "--port", String(port)];
// Any free port means the debugger's too: wrangler would otherwise look for one near 9229 and
// could lose it to another wrangler starting at the same moment.
if (port === 0) args.push("--inspector-port", "0");
args.push("--show-interactive-dev-session=false", ...extra);
let origin: FixtureOrigin | undefined;
if (demo) {
  origin = await startFixtureOrigin(Number(process.env.ORIGIN_PORT ?? 8788));
  const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  say(`stand-in origin on ${originUrl} serving fixtures/`);
  // The whole window in one run (not DAYS_PER_RUN days in rotation), so the demo is full at once.
  args.push("--var", `HF_ORIGIN:${originUrl}`, "--var", "DAYS_PER_RUN:7");
}

// Offline, workerd prints a stack trace for every failed DNS lookup, and wrangler one for
// the `cf` object it cannot fetch. One line from this script says it better (see below).
const offline = demo ? undefined : await unreachable(configuredOrigin());
const NOISE_START = [/failed to lookup address information/, /Unable to fetch the `Request\.cf` object/];

let skipping = false;
const wrangler = wranglerDev(args, ({ raw, text, stream }) => {
  if (offline && NOISE_START.some((re) => re.test(text))) skipping = true;
  else if (skipping && (text.trim() === "" || /^\s/.test(text) || /^Error: getaddrinfo/.test(text))) return;
  else skipping = false;
  if (!skipping) process[stream].write(`${raw}\n`);
});

let stopping = false;
async function stop(signal?: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  await wrangler.stop();
  await new Promise<void>((ok) => (origin ? origin.close(() => ok()) : ok()));
  process.exit(signal ? 0 : (wrangler.child.exitCode ?? 1));
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => stop(sig));
// Writing to an output nobody reads any more (a closed terminal or pipe) fails with EPIPE:
// no one sees the Worker either, so stop rather than die of it and leave wrangler running.
for (const out of [process.stdout, process.stderr]) out.on("error", () => stop("SIGPIPE"));
// If whatever started this script dies without a signal reaching it (npm killed with -9, say),
// this script is handed to another parent: stop then too.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop("SIGHUP"), 500).unref();
wrangler.child.on("exit", () => stop());

// Wait until the Worker answers (/healthz reads no KV and starts no scrape), then fire the
// cron (Miniflare's /cdn-cgi/local/scheduled, which takes the run's time) once for each task
// of the cron (the newest list, the window, upkeep), if the origin can be reached.
const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));
const deadline = Date.now() + 120_000;
const base = await wrangler.served.catch(() => undefined); // did not serve in time, or exited: stop() says why
let ready = false;
while (base && !ready && !stopping && Date.now() < deadline) {
  ready = await fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!ready) await sleep(300);
}
if (base && ready && !stopping) {
  if (offline) {
    // A scrape could only fail, and say so in a page of errors: serve what local KV has.
    const why = `${offline.host} could not be reached (${offline.cause})`;
    say(`${why}; serving local KV as it is. Offline, try \`npm run demo\`.`);
  } else {
    let res: Response | Error | undefined;
    // The cron's runs take three tasks in turn, 10 minutes apart (src/scrape/run.ts, TASKS):
    // two rounds of them, the last now: a day read from its page is staged by its task's run
    // and settled by that task's run of the next round.
    for (const time of [50, 40, 30, 20, 10, 0].map((m) => Date.now() - m * 60_000)) {
      res = await fetch(`${base}/cdn-cgi/local/scheduled?time=${time}`).catch((e: unknown) =>
        e instanceof Error ? e : new Error(String(e)),
      );
      if (res instanceof Error || !res.ok) break;
    }
    if (res instanceof Error) say(`could not reach the Worker at ${base}: ${res.message}`);
    else if (res?.ok) say("scraped (two runs per task); the Worker's log above says how each day went.");
    else say(`the scrape failed (${res?.status}); the Worker's log above says why.`);
  }
  say(`try: ${base}/   ${base}/feed.atom   ${base}/feed.json   ${base}/api/papers`);
} else if (!stopping) {
  say(`the Worker did not answer${base ? ` at ${base}` : ""} within 2 minutes`);
  await stop();
}

/** HF_ORIGIN as `--var` or wrangler.toml sets it. */
function configuredOrigin(): string {
  const i = extra.findIndex((a, n) => a === "--var" && extra[n + 1]?.startsWith("HF_ORIGIN:"));
  const value = extra[i + 1];
  return i >= 0 && value ? value.slice("HF_ORIGIN:".length) : "https://huggingface.co";
}

/** A system error's code (ENOTFOUND, ECONNREFUSED), or its message. */
function reasonOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return "code" in e && typeof e.code === "string" ? e.code : e.message;
}

/** Why the origin cannot be reached, as Node sees it, or undefined when it can be. */
async function unreachable(originUrl: string): Promise<{ host: string; cause: string } | undefined> {
  const { hostname: host } = new URL(originUrl);
  try {
    await lookup(host);
  } catch (e) {
    return { host, cause: `DNS lookup failed: ${reasonOf(e)}` };
  }
  try {
    await fetch(originUrl, { method: "HEAD", signal: AbortSignal.timeout(5000) });
  } catch (e) {
    // fetch names the connection's failure in its cause.
    return { host, cause: `no connection: ${reasonOf(e instanceof Error && e.cause ? e.cause : e)}` };
  }
  return undefined;
}
