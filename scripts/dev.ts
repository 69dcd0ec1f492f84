// `npm start`: wrangler dev with local KV, then one scrape as soon as it serves.
// `npm run demo`: the same against a local stand-in origin serving fixtures/ (no network).
// Extra arguments go to `wrangler dev`; PORT and ORIGIN_PORT choose the ports.
//
// wrangler runs in a process group of its own, and every way this script stops (Ctrl-C,
// SIGTERM from kill, a process manager or a container runtime, SIGHUP) stops that whole
// group: wrangler and its workerd processes never outlive the script and hold the port.
import { spawn } from "node:child_process";
import { lookup } from "node:dns/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";
import { type FixtureOrigin, startFixtureOrigin } from "./fixture-origin.ts";

const demo = process.argv.includes("--demo");
const extra = process.argv.slice(2).filter((a) => a !== "--demo");
const port = Number(process.env.PORT ?? 8787);
const originPort = Number(process.env.ORIGIN_PORT ?? 8788);
const base = `http://127.0.0.1:${port}`;
const say = (line: string) => console.log(`[${demo ? "demo" : "start"}] ${line}`);

const args = ["dev", "--test-scheduled", "--ip", "127.0.0.1", "--port", String(port)];
args.push("--show-interactive-dev-session=false", ...extra);
let origin: FixtureOrigin | undefined;
if (demo) {
  origin = await startFixtureOrigin(originPort);
  say(`stand-in origin on http://127.0.0.1:${originPort} serving fixtures/`);
  // The whole window in one run (not DAYS_PER_RUN days in rotation), so the demo is full at once.
  args.push("--var", `HF_ORIGIN:http://127.0.0.1:${originPort}`, "--var", "DAYS_PER_RUN:7");
}

// Offline, workerd prints a stack trace for every failed DNS lookup, and wrangler one for
// the `cf` object it cannot fetch. One line from this script says it better (see below).
const offline = demo ? undefined : await unreachable(configuredOrigin());
const NOISE_START = [/failed to lookup address information/, /Unable to fetch the `Request\.cf` object/];

// wrangler's own entry, run by this Node: no npx or shell between this script and wrangler.
const wranglerPackage = createRequire(import.meta.url).resolve("wrangler/package.json");
const wrangler = join(dirname(wranglerPackage), "bin", "wrangler.js");
const child = spawn(process.execPath, [wrangler, ...args], {
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
] as const) {
  let skipping = false;
  createInterface({ input: from }).on("line", (line) => {
    const text = stripVTControlCharacters(line);
    if (offline && NOISE_START.some((re) => re.test(text))) skipping = true;
    else if (skipping && (text.trim() === "" || /^\s/.test(text) || /^Error: getaddrinfo/.test(text))) return;
    else skipping = false;
    if (!skipping) to.write(`${line}\n`);
  });
}

let stopping = false;
async function stop(signal?: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exited = new Promise<void>((ok) =>
    child.exitCode !== null || child.signalCode !== null ? ok() : child.once("exit", () => ok()),
  );
  const group = (sig: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {}
  };
  group("SIGTERM");
  const timer = setTimeout(() => group("SIGKILL"), 5000);
  await exited;
  group("SIGKILL"); // anything wrangler started and left behind in its group
  clearTimeout(timer);
  await new Promise<void>((ok) => (origin ? origin.close(() => ok()) : ok()));
  process.exit(signal ? 0 : (child.exitCode ?? 1));
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => stop(sig));
// If whatever started this script dies without a signal reaching it (npm killed with -9, say),
// this script is handed to another parent: stop then too.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop("SIGHUP"), 500).unref();
child.on("exit", () => stop());

// Wait until the Worker answers (/healthz reads no KV and starts no scrape), then fire the
// cron once (wrangler's /__scheduled).
const deadline = Date.now() + 120_000;
let ready = false;
while (!ready && !stopping && Date.now() < deadline) {
  ready = await fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!ready) await new Promise((r) => setTimeout(r, 300));
}
if (ready && !stopping) {
  if (offline) {
    const why = `${offline.host} could not be reached (${offline.cause})`;
    say(`${why}; serving local KV as it is. Offline, try \`npm run demo\`.`);
  }
  const res = await fetch(`${base}/__scheduled`).catch((e: unknown) =>
    e instanceof Error ? e : new Error(String(e)),
  );
  if (res instanceof Error) say(`could not reach the Worker at ${base}: ${res.message}`);
  else if (res.ok) say("scraped once; the Worker's log above says how each day went.");
  else if (!offline) say(`the scrape failed (${res.status}); the Worker's log above says why.`);
  say(`try: ${base}/   ${base}/feed.atom   ${base}/feed.json   ${base}/api/papers`);
} else if (!stopping) {
  say(`the Worker did not answer at ${base} within 2 minutes`);
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
