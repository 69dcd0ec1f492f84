// npm run bench:profile -- TARGET… [options]: where the Worker's CPU goes in workerd.
//
// Starts the bench Worker under `wrangler dev` (unminified, so functions keep their names),
// fills the same archive as `npm run bench -- --workerd`, connects to the isolate through
// wrangler's DevTools proxy (--inspector-port; it checks the Origin header, and it turns the
// debugger off when a client connects), records a CPU profile (Profiler.start/stop) over N
// uncached answers of one kind, or N scheduled runs, and prints the top functions and source
// files by self time. The .cpuprofile goes to the OS temp dir (open it in Chrome DevTools).
// A TARGET is a row of `npm run bench -- --workerd` (by part of its name, Atom unless
// ":json", ":rss" or ":feed" follows), a path, or "cron"; several share one archive:
//
//   npm run bench:profile -- "default feed"
//   npm run bench:profile -- "92 days q=diffusion:json" --n=30
//   npm run bench:profile -- "/feed.atom?limit=50"
//   npm run bench:profile -- cron                   (scheduled runs, their tasks in turn, upvotes moving)
//   npm run bench:profile -- cron:window            (only the runs of one task: newest, window, upkeep)
//   npm run bench:profile -- cron:page              (newest-list runs whose API lists nothing: the page fallback, staging and settling in turn)
//   npm run bench:profile -- cron:words             (upkeep runs that build a settled day's word index)
//   npm run bench:profile -- "default feed" "92 days:atom" "92 days q=diffusion:json" cron
// Options: --n=N (default 20), --days=N (archive, default 93), --interval=µs (sampling, default
// 50), --top=N (default 30), --no-word-indexes, --reuse-archive (as in `npm run bench -- --workerd`).
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { TASKS, type Task } from "../src/core/schedule";
import { processCpu, stats } from "./workerd/cpu";
import {
  dropSettledWordIndex,
  FORMAT_NAMES,
  fillOrReuseArchive,
  filterRows,
  fireCron,
  freshHost,
  nextRound,
  ROUND_MS,
  readmeRows,
  SLOT_MS,
  slotOf,
} from "./workerd/harness";
import { isoDate, startArchiveOrigin, weekdaysUpTo } from "./workerd/origin";
import { freePort, startBenchWorker } from "./workerd/runtime";

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const targets = argv.filter((a) => !a.startsWith("--"));
if (targets.length === 0) {
  console.error(
    readFileSync(fileURLToPath(import.meta.url), "utf8")
      .split("\n")
      .slice(0, 20)
      .join("\n"),
  );
  process.exit(2);
}
const n = Number(opt("n", "20"));
const days = weekdaysUpTo(isoDate(Date.now()), Number(opt("days", "93")));
const ROOT = join(import.meta.dirname, "..");
const FORMATS: Record<string, string> = {
  atom: "/feed.atom",
  json: "/api/papers",
  rss: "/feed.rss",
  feed: "/feed.json",
};

/** What a target asks for: a path as given, or a README row in one format, or the cron. */
function resolveTarget(target: string): {
  label: string;
  path?: string;
  task?: Task | "any";
  apiEmpty?: boolean;
  /** Delete the word index of the day the run at this time indexes, first (so it builds one). */
  dropWords?: boolean;
} {
  if (target === "cron") return { label: "scheduled runs, their tasks in turn", task: "any" };
  if (target === "cron:page")
    return { label: "scheduled runs, the newest list from its page", task: "newest", apiEmpty: true };
  if (target === "cron:words")
    return { label: "scheduled runs, upkeep that builds a word index", task: "upkeep", dropWords: true };
  if (target.startsWith("cron:")) {
    const task = TASKS.find((t) => t === target.slice(5));
    if (!task) throw new Error(`"${target}": the tasks are ${TASKS.join(", ")}`);
    return { label: `scheduled runs, task ${task}`, task };
  }
  if (target.startsWith("/")) return { label: target, path: target };
  const [name, formatKey = "atom"] = target.split(":");
  const row = filterRows(readmeRows(days[0]!), name)[0];
  const format = FORMATS[formatKey];
  if (!row || !format)
    throw new Error(
      `"${target}": name a row (${readmeRows(days[0]!)
        .map((r) => r.name)
        .join(", ")}), then optionally :atom, :json, :rss or :feed`,
    );
  return {
    label: `${row.name}, ${FORMAT_NAMES[format]}`,
    path: row.query ? `${format}?${row.query}` : format,
  };
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame; positionTicks?: { line: number; ticks: number }[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A DevTools protocol client over one WebSocket (Node's WebSocket takes headers: the proxy wants an Origin). */
async function devtools(url: string) {
  const ws = new WebSocket(url, { headers: { origin: "http://127.0.0.1" } } as unknown as string[]);
  await new Promise((ok, fail) => {
    ws.addEventListener("open", ok);
    ws.addEventListener("error", () => fail(new Error(`could not connect to ${url}`)));
  });
  let id = 0;
  const waiting = new Map<number, (r: { result?: unknown; error?: unknown }) => void>();
  ws.addEventListener("message", (e: MessageEvent) => {
    const msg = JSON.parse(String(e.data));
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg);
  });
  return {
    async send<T = unknown>(method: string, params: object = {}): Promise<T> {
      const mine = ++id;
      const answer = new Promise<{ result?: unknown; error?: unknown }>((ok) => waiting.set(mine, ok));
      ws.send(JSON.stringify({ id: mine, method, params }));
      const r = await answer;
      if (r.error) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.result as T;
    },
    close: () => ws.close(),
  };
}

/**
 * The source file of each line of an unminified esbuild bundle: esbuild heads each module
 * with a `// path` comment, relative to the folder wrangler ran in (the bench config's).
 */
function sourceMapper(bundle: string, root: string): (line: number) => string {
  const heads: [number, string][] = [];
  for (const [i, l] of bundle.split("\n").entries()) {
    const m = l.match(/^\/\/ (\S+\.[cm]?[jt]s)$/);
    if (!m) continue;
    const abs = resolve(root, m[1]!);
    const nm = abs.lastIndexOf("node_modules/");
    heads.push([i, nm >= 0 ? abs.slice(nm + "node_modules/".length) : relative(ROOT, abs)]);
  }
  return (line) => {
    let lo = 0;
    let hi = heads.length - 1;
    let found = "(bundle)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (heads[mid]![0] <= line) {
        found = heads[mid]![1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** The bundle wrangler ran (the profile calls it file:///bundle/entry.js), in the worker's temp folder. */
function findBundle(dir: string): string | undefined {
  const tmp = join(dir, ".wrangler", "tmp");
  const found = readdirSync(tmp, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith("entry.js"));
  return found && join(tmp, found);
}

/**
 * Self time by function and by source file, as shares of the samples taken in the isolate.
 * The sampler runs on wall-clock time, so on a loaded machine its milliseconds overstate CPU:
 * the shares are what to read, and "≈ ms" spreads the measured CPU per unit over them.
 * Samples outside JS with no frame (between requests, waiting on I/O) are left out.
 */
function report(
  profile: Profile,
  bundle: string | undefined,
  root: string,
  cpuPerUnit: number,
  unit: string,
  top: number,
) {
  const source = bundle ? readFileSync(bundle, "utf8") : "";
  const bundleLines = source.split("\n");
  const fileOf = sourceMapper(source, root);
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const inBundle = (cf: CallFrame) => cf.url.startsWith("file:");
  const nameOf = (cf: CallFrame) =>
    `${cf.functionName || "(anonymous)"}  ${inBundle(cf) ? `${fileOf(cf.lineNumber)} (bundle line ${cf.lineNumber + 1})` : cf.url || "(runtime)"}`;
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  let busy = 0;
  for (const sample of profile.samples) {
    const cf = byId.get(sample)!;
    if (cf.functionName === "(idle)" || (!cf.functionName && !cf.url)) continue;
    const fn = nameOf(cf);
    fns.set(fn, (fns.get(fn) ?? 0) + 1);
    const group = inBundle(cf) ? fileOf(cf.lineNumber) : `${cf.functionName} (runtime)`;
    files.set(group, (files.get(group) ?? 0) + 1);
    busy++;
  }
  const lines = [
    `${busy} samples in the isolate; below, shares of them and ≈ ms of the ${cpuPerUnit.toFixed(2)} ms of workerd CPU per ${unit} (less /healthz) measured around the same ${unit}s.`,
    "Native work called from JS (JSON.parse, Array.prototype.join, regular expressions) counts as its caller's self time;",
    "calls into the runtime's C++ (fetch, Response, TextDecoder.decode, crypto.subtle.digest) are named on their own.",
    "",
    "Top functions by self time:",
  ];
  const row = ([k, v]: [string, number]) =>
    `${((100 * v) / busy).toFixed(1).padStart(5)}%  ≈${((cpuPerUnit * v) / busy).toFixed(2).padStart(6)} ms  ${k}`;
  for (const e of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(row(e));
  // V8's positionTicks: on which lines of the bundle a function's self time fell.
  const hot = new Map<string, Map<number, number>>();
  for (const node of profile.nodes) {
    if (!inBundle(node.callFrame) || !node.positionTicks) continue;
    const key = nameOf(node.callFrame);
    const m = hot.get(key) ?? new Map<number, number>();
    for (const { line, ticks } of node.positionTicks) m.set(line, (m.get(line) ?? 0) + ticks);
    hot.set(key, m);
  }
  const heaviest = [...hot].map(([k, m]) => [k, m, [...m.values()].reduce((a, b) => a + b, 0)] as const);
  lines.push("", "Where the heaviest JS functions spend their self time (samples per line):");
  for (const [k, m, total] of heaviest.sort((a, b) => b[2] - a[2]).slice(0, 6)) {
    lines.push(`  ${k}: ${total}`);
    for (const [line, ticks] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 3))
      lines.push(`    ${String(ticks).padStart(5)}  ${(bundleLines[line - 1] ?? "").trim().slice(0, 110)}`);
  }
  lines.push("", "By source file (self time):");
  for (const e of [...files].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(row(e));
  return lines;
}

const token = "bench-admin-token-0123456789abcdef";
const plan = targets.map(resolveTarget);
const origin = await startArchiveOrigin(days);
const inspectorPort = await freePort();
const worker = await startBenchWorker({
  mode: "wrangler-dev",
  origin: origin.url,
  adminToken: token,
  minify: false,
  inspectorPort,
});
try {
  await fillOrReuseArchive(worker, origin, {
    token,
    wordIndexes: !argv.includes("--no-word-indexes"),
    reuse: argv.includes("--reuse-archive"),
    progress: (l) => console.log(l),
  });
  const list = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const client = await devtools(list[0]!.webSocketDebuggerUrl);
  await client.send("Profiler.enable");
  await client.send("Profiler.setSamplingInterval", { interval: Number(opt("interval", "50")) });
  const bundle = findBundle(worker.dir);
  // Runs on the day after the archive's newest list, as the bench's first kind: the newest list from its page.
  let time = nextRound(Math.max(Date.now() + 3600_000, Date.parse(`${days[0]}T06:00:00Z`) + 86_400_000));
  for (const what of plan) {
    const one = async () => {
      const res = what.path
        ? await fetch(`${worker.base}${what.path}`, {
            headers: { "x-bench-host": freshHost(), "accept-encoding": "identity" },
          })
        : await (async () => {
            origin.bump += 1; // upvotes move before every run
            origin.apiEmpty = !!what.apiEmpty;
            const at = what.task && what.task !== "any" ? slotOf(what.task, time) : time;
            time = at + (what.task === "any" ? SLOT_MS : ROUND_MS);
            if (what.dropWords) await dropSettledWordIndex(worker, days, at);
            return fireCron(worker, at);
          })();
      if (res.status !== 200) throw new Error(`${what.label} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    for (let i = 0; i < 3; i++) await one();
    const health: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = processCpu(worker.pid).total;
      await (await fetch(`${worker.base}/healthz`)).arrayBuffer();
      await sleep(25);
      health.push(processCpu(worker.pid).total - before);
    }
    await client.send("Profiler.start");
    for (let i = 0; i < n; i++) {
      const before = processCpu(worker.pid).total;
      await one();
      await sleep(25);
      cpu.push(processCpu(worker.pid).total - before);
    }
    const { profile } = await client.send<{ profile: Profile }>("Profiler.stop");
    const file = join(
      tmpdir(),
      `dpf-profile-${what.label.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}-${Date.now()}.cpuprofile`,
    );
    writeFileSync(file, JSON.stringify(profile));
    if (bundle) copyFileSync(bundle, file.replace(/\.cpuprofile$/, ".bundle.js"));
    const unit = what.path ? "answer" : "run";
    const base = stats(health).median;
    const perUnit = stats(cpu).median - base;
    console.log(
      `\nProfile of ${n} × ${what.label}${what.path ? ` (${what.path})` : ""}, in workerd under wrangler dev`,
    );
    console.log(
      `workerd process CPU per ${unit} while profiling (the profiler adds to it): median ${stats(cpu).median.toFixed(2)} ms, less /healthz ${base.toFixed(2)} ms: ${perUnit.toFixed(2)} ms`,
    );
    for (const line of report(profile, bundle, worker.dir, perUnit, unit, Number(opt("top", "30"))))
      console.log(line);
    console.log(`\nWritten to ${file} (and the bundle it names, beside it: .bundle.js)`);
  }
  client.close();
} finally {
  await worker.stop();
  await origin.close();
}
