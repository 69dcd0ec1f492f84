// `npm run bench:workerd` (or `npm run bench -- --workerd`): what the Worker costs in workerd,
// the runtime whose CPU the free plan's 10 ms per invocation counts (README, "Performance").
// See bench/FINDINGS.md.
//
// Both ways of running workerd (runtime.ts) run side by side on the same archive, and every
// measurement alternates between them, so the machine's load falls on both alike.
//
// Options (all optional):
//   --row=NAME[,NAME]   only the rows whose name contains one of these ("92 days q", "default feed")
//   --format=atom,json,rss,feed,page   only these formats (page: the front page)
//   --mode=no-inspector|wrangler-dev   one way of running workerd (default: both)
//   --runs=N            measured answers per row and mode (default 16; --quick 8)
//   --warmup=N          unmeasured answers before each row's (default 8), so the code is compiled
//   --warm-rounds=N     unmeasured rounds over every row and format before the first is measured
//                       (default 3), so the first rows do not pay for compiling the code all share
//   --days=N            weekdays in the archive (default 93)
//   --cron-runs=N       measured scheduled runs of each kind and mode (default 40; --quick 10)
//   --no-cron, --no-lists, --no-node   leave out the scheduled runs, the list answers, the Node floor
//   --samples=PATH      also write every measured sample (CPU less /healthz, first mode) as JSON,
//                       for an A/B between two checkouts: npm run bench:compare (compare.ts)
//   --kv=service        workerd mode: KV through workerd's own binding, answered by a service in
//                       this process (kvService.ts), not a MemoryKv in the isolate (the default)
//   --young-histories   leave the upvote histories at the fill's one or two points a paper (to
//                       compare with a checkout whose bench does not grow them)
//   --no-word-indexes   fill without the scheduled runs that build word indexes (faster, less real)
//   --reuse-archive     keep the filled archive in the OS temp dir and reuse it while src/ and
//                       the day are the same (a rerun of one row then takes seconds, not a minute).
//                       For a quick look only: the archive arrives in one burst, and the rows
//                       measured after it came out up to twice as dear as after a fill (FINDINGS)
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { TASKS, type Task } from "../../src/core/schedule";
import { calibrationWork } from "./calibration";
import { type Stats, stats } from "./cpu";
import {
  type Baseline,
  baselineOf,
  builtWordIndex,
  type CronSample,
  cronResult,
  dropSettledWordIndex,
  earlier,
  FORMAT_NAMES,
  fillOrReuseArchive,
  filterRows,
  lessBaseline,
  loadArchive,
  type Measured,
  measureRequest,
  nextRound,
  ROUND_MS,
  type Row,
  type RowResult,
  type RunReport,
  readmeRows,
  rowResult,
  SLOT_MS,
  sampleCron,
  sampleHealth,
  sampleRow,
  slotOf,
} from "./harness";
import { type ArchiveOrigin, isoDate, startArchiveOrigin, weekdaysUpTo } from "./origin";
import type { RowSamples } from "./runStats";
import { type BenchWorker, MODES, type Mode, startBenchWorker } from "./runtime";

const arg = (argv: string[], name: string) =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const FORMAT_KEYS: Record<string, string> = {
  atom: "/feed.atom",
  json: "/api/papers",
  rss: "/feed.rss",
  feed: "/feed.json",
  page: "/",
};
const TOKEN = "bench-admin-token-0123456789abcdef";
/** Rounds of the calibration work per request, so the request's own cost is spread thin. */
const CALIBRATION_ROUNDS = 10;
/** Calibration rounds in the cron's control: about the work of a scheduled run (10 × 0.4 ms). */
const CONTROL_ROUNDS = 10;
const CONTROL_GAP_MS = 200;
const CONTROL = `control: a fixed piece of work (calibration × ${CONTROL_ROUNDS}), after each run`;
/** The kind of scheduled run whose row carries the Node floor (nodeFloor.ts runs the same). */
const NEWEST_FROM_PAGE = "newest, from its page (the JSON API listing nothing): reading it, staged";
/** Its task's next run, which settles the read it staged. */
const NEWEST_PAGE_SETTLED = "newest, from its page: the staged read settled (the task's next run)";

/** 06:00 UTC of the first weekday at or after `t` (a slot: runs stay in time order). */
function nextWeekdayMorning(t: number): number {
  for (let d = Date.parse(`${isoDate(t)}T06:00:00Z`); ; d += 86_400_000) {
    const day = new Date(d).getUTCDay();
    if (d >= t && day !== 0 && day !== 6) return d;
  }
}

export const fmt = (n: number) =>
  Number.isNaN(n) ? "–" : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
export const cell = (s: Stats | undefined) => (s ? `${fmt(s.median)} (${fmt(s.p10)}–${fmt(s.p90)})` : "");

export function table(title: string, head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const lines = [`\n${title}\n`];
  for (const [n, r] of all.entries()) {
    lines.push(`| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`);
    if (n === 0) lines.push(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  }
  return lines.join("\n");
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

export interface SectionOptions {
  modes: Mode[];
  rows: Row[];
  runs: number;
  cronRuns: number;
  /** Unmeasured answers before each row's measured ones. */
  warmup: number;
  /** Unmeasured rounds over every row before the first row is measured. */
  warmRounds: number;
  days: number;
  cron: boolean;
  lists: boolean;
  node: boolean;
  wordIndexes: boolean;
  youngHistories: boolean;
  reuseArchive: boolean;
  /** workerd mode: where KV lives (runtime.ts). */
  kv: "service" | "isolate";
  /** Where to write the raw samples (compare.ts reads them). */
  samples?: string;
}

export function parseOptions(argv: string[], now = Date.now()): SectionOptions {
  const quick = argv.includes("--quick");
  const modeArg = arg(argv, "mode");
  const modes = modeArg ? (modeArg.split(",") as Mode[]) : MODES;
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`--mode must be one of ${MODES.join(", ")}`);
  const formats = arg(argv, "format")
    ?.split(",")
    .map((f) => FORMAT_KEYS[f.trim()] ?? f.trim());
  const days = Number(arg(argv, "days") ?? 93);
  const newest = weekdaysUpTo(isoDate(now), 1)[0]!;
  const rows = filterRows(readmeRows(newest), arg(argv, "row"))
    .map((r) => ({ ...r, paths: formats ? r.paths.filter((p) => formats.includes(p)) : r.paths }))
    .filter((r) => r.paths.length > 0);
  return {
    modes,
    rows,
    runs: Number(arg(argv, "runs") ?? (quick ? 8 : 16)),
    warmup: Number(arg(argv, "warmup") ?? 8),
    warmRounds: Number(arg(argv, "warm-rounds") ?? 3),
    cronRuns: Number(arg(argv, "cron-runs") ?? (quick ? 10 : 40)),
    days,
    cron: !argv.includes("--no-cron"),
    lists: !argv.includes("--no-lists") && rows.length > 0,
    node: !argv.includes("--no-node"),
    wordIndexes: !argv.includes("--no-word-indexes"),
    youngHistories: argv.includes("--young-histories"),
    reuseArchive: argv.includes("--reuse-archive"),
    kv: arg(argv, "kv") === "service" ? "service" : "isolate",
    samples: arg(argv, "samples"),
  };
}

/** Starts one Worker per mode, fills the first and copies its archive into the others. */
async function startWorkers(o: SectionOptions, origin: ArchiveOrigin, out: (l: string) => void) {
  const workers: BenchWorker[] = [];
  try {
    for (const mode of o.modes) {
      const t = Date.now();
      workers.push(await startBenchWorker({ mode, origin: origin.url, adminToken: TOKEN, kv: o.kv }));
      out(
        `[${mode}] workerd pid ${workers.at(-1)!.pid}, started in ${((Date.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    const dump = await fillOrReuseArchive(workers[0]!, origin, {
      token: TOKEN,
      wordIndexes: o.wordIndexes,
      youngHistories: o.youngHistories,
      reuse: o.reuseArchive,
      progress: (l) => out(`[${o.modes[0]}] ${l}`),
    });
    for (const w of workers.slice(1)) {
      await loadArchive(w, dump);
      out(`[${w.mode}] archive copied: the same ${dump.length} keys`);
    }
    return { workers, dump };
  } catch (e) {
    await Promise.all(workers.map((w) => w.stop()));
    throw e;
  }
}

/** `runs` samples from each worker in turn (A, B, A, B…), after `warm` unmeasured rounds. */
async function alternate<T>(
  workers: BenchWorker[],
  runs: number,
  warm: number,
  take: (w: BenchWorker, i: number) => Promise<T>,
) {
  const out = workers.map(() => [] as T[]);
  for (let i = 0; i < warm + runs; i++)
    for (const [n, w] of workers.entries()) {
      const s = await take(w, i);
      if (i >= warm) out[n]!.push(s);
    }
  return out;
}

export async function workerdSection(
  argv: string[],
  out: (line: string) => void = console.log,
): Promise<void> {
  const o = parseOptions(argv);
  const days = weekdaysUpTo(isoDate(Date.now()), o.days);
  const origin = await startArchiveOrigin(days);
  out(
    `\nworkerd section: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, load average ${load()} at the start; ${days.length} weekdays × 50 papers (${days.at(-1)} to ${days[0]}); modes: ${o.modes.join(", ")}`,
  );
  const lists = new Map<string, RowResult[]>();
  const crons = new Map<string, ReturnType<typeof cronResult>[]>();
  const nodeLists = new Map<string, Stats>();
  let nodeCron: { read: Stats; settled: Stats } | undefined;
  const baselines: string[] = [];
  /** Each row's and run kind's samples in the first mode, ms less /healthz: total and main thread. */
  const raw: Record<string, RowSamples> = {};
  const keep = (key: string, samples: { total: number; main: number; control?: number }[], b: Baseline) => {
    raw[key] = lessBaseline(samples, b);
  };
  try {
    const { workers, dump } = await startWorkers(o, origin, out);
    try {
      const health = async () => baselineOfEach(await alternate(workers, 30, 3, sampleHealth));
      const base = await health();
      const calibrate = async () =>
        (
          await alternate(workers, 20, 3, (w) =>
            measureRequest(w, `/__bench/calibrate?n=${CALIBRATION_ROUNDS}`, { fresh: false }),
          )
        ).map((samples, n) =>
          stats(samples.map((m) => (m.total - base[n]!.total.median) / CALIBRATION_ROUNDS)),
        );
      const calibrated = await calibrate();
      if (o.lists) {
        // The rows share most of their code (reading, checking, rendering): V8 compiles it while
        // the first rows run, on its helper threads, whose CPU these figures count. So the whole
        // table is answered a few times first, as an isolate that has served traffic has.
        for (let k = 0; k < o.warmRounds; k++)
          for (const row of o.rows)
            for (const path of row.paths) await alternate(workers, 0, 1, (w) => sampleRow(w, row, path));
        for (const row of o.rows)
          for (const path of row.paths) {
            const samples = await alternate(workers, o.runs, o.warmup, (w) => sampleRow(w, row, path));
            const results = samples.map((s, n) => rowResult(row, path, s, base[n]!));
            lists.set(`${row.name}\u0000${path}`, results);
            keep(`${row.name} | ${FORMAT_NAMES[path]}`, samples[0]!, base[0]!);
            out(
              `${row.name}, ${FORMAT_NAMES[path]}: ${results.map((r, n) => `${o.modes[n]} ${cell(r.cpu)} ms`).join(", ")}; ${results[0]!.kvKeys} KV keys, ${Math.round(results[0]!.bytes / 1000)} KB`,
            );
          }
      }
      if (o.cron) {
        // Each kind of run fires at its own task's slots only, one round (30 minutes) apart, so
        // the rotations move on as they would; each kind starts after the one before ended.
        // They start on the day after the archive's newest list, whose list the API does not have.
        let cursor = nextRound(
          Math.max(Date.now() + 3600_000, Date.parse(`${days[0]}T06:00:00Z`) + 86_400_000),
        );
        const bumped = async (time: number) => {
          // The site's upvotes move before every run (both workers' runs read the same pages).
          origin.today = origin.listsToday ? isoDate(time) : earlier(isoDate(time), days[0]!);
          origin.bump += 1;
        };
        const runsOf = async (
          label: string,
          task: Task,
          prepare: (w: BenchWorker, time: number) => Promise<void>,
          expect: (r: RunReport) => string | undefined,
          /** The label of the runs that settle a read their task's run before staged: they alternate. */
          settledLabel?: string,
        ) => {
          const first = slotOf(task, cursor);
          const samples: CronSample[][] = workers.map(() => []);
          const runs = 2 + (settledLabel ? 2 : 1) * o.cronRuns;
          for (let j = 0; j < runs; j++) {
            const time = first + j * ROUND_MS;
            await bumped(time);
            for (const [n, w] of workers.entries()) {
              await prepare(w, time);
              const s = await sampleCron(w, time, (r) =>
                !r.ok ? "the run failed" : !r.quiet && r.task !== task ? `not a ${task} run` : expect(r),
              );
              if (j >= 2) samples[n]!.push(s);
              // The control: a fixed piece of work about a run's size, measured the same way
              // after it, so a run's tail can be told from the machine's; after a pause, so
              // that work V8 does in the background after the run is not counted as the control's.
              if (j >= 2) {
                await sleep(CONTROL_GAP_MS);
                const c = await measureRequest(w, `/__bench/calibrate?n=${CONTROL_ROUNDS}`, { fresh: false });
                control[n]!.push({ total: c.total, main: c.main, reads: 0, puts: 0, outcome: "fixed work" });
                samples[n]!.at(-1)!.control = c.total;
              }
            }
          }
          cursor = first + runs * ROUND_MS;
          const kinds: [string, (s: CronSample) => boolean][] = settledLabel
            ? [
                [label, (s) => s.staging !== "settled"],
                [settledLabel, (s) => s.staging === "settled"],
              ]
            : [[label, () => true]];
          for (const [name, take] of kinds) {
            const taken = samples.map((s) => s.filter(take));
            const results = taken.map((s, n) => cronResult(name, s, base[n]!));
            crons.set(name, results);
            keep(`scheduled: ${name}`, taken[0]!, base[0]!);
            out(
              `${name}: ${results.map((r, n) => `${o.modes[n]} ${cell(r.cpu)} ms`).join(", ")}; ${results[0]!.outcomes}`,
            );
          }
        };
        const control: CronSample[][] = workers.map(() => []);
        // Warm-up, unmeasured: three rounds of every task, so the code the runs share has been
        // compiled before the first kind is measured (as the list rows warm up before theirs).
        for (let k = 0; k < 3 * TASKS.length; k++) {
          const time = cursor + k * SLOT_MS;
          await bumped(time);
          for (const w of workers) await sampleCron(w, time, (r) => (r.ok ? undefined : "the run failed"));
        }
        cursor += 3 * ROUND_MS;
        await runsOf(
          "newest, the run's day without a list: the newest stored day's, from the API",
          "newest",
          async () => {},
          (r) => (r.days[0]?.via !== "api" ? "the newest list was not read from the API" : undefined),
        );
        // The page's path: the API lists nothing (down, or the archive's newest day too old).
        origin.apiEmpty = true;
        // Its task's runs alternate: one reads the page and stages the read, the next settles it.
        await runsOf(
          NEWEST_FROM_PAGE,
          "newest",
          async () => {},
          (r) =>
            r.days[0]?.via !== "page"
              ? "the newest list was not read from its page"
              : !r.staged && r.days[0]?.outcome !== "staged"
                ? "the page's read was neither staged nor a staged read settled"
                : undefined,
          NEWEST_PAGE_SETTLED,
        );
        origin.apiEmpty = false;
        // A weekday whose list is up: the newest list is the run's day's, which the JSON API
        // answers (the runs above fall after the archive's newest day, so they read its page).
        origin.listsToday = true;
        cursor = nextWeekdayMorning(cursor);
        await runsOf(
          "newest, the run's day's list from the API (a weekday whose list is up)",
          "newest",
          async () => {},
          (r) => (r.days[0]?.via !== "api" ? "the newest list was not read from the API" : undefined),
        );
        origin.listsToday = false;
        await runsOf(
          "a day of the window (the API; a weekend's page)",
          "window",
          async () => {},
          (r) => (r.days.length !== 1 ? "not one day read" : undefined),
        );
        await runsOf(
          "upkeep: the repair pass (word indexes current)",
          "upkeep",
          async () => {},
          (r) => (r.days.length ? "upkeep read a day" : undefined),
        );
        // The settled day a run indexes (the newest one older than the window) loses its
        // index just before, so every upkeep run builds one.
        await runsOf(
          "upkeep that builds a word index (its repair pass left to the next)",
          "upkeep",
          (w, time) => dropSettledWordIndex(w, days, time),
          // The words step builds it, or the repair pass does when its turn falls on that day.
          (r) => (builtWordIndex(r) ? undefined : "no word index was built"),
        );
        const results = control.map((c, n) => cronResult(CONTROL, c, base[n]!));
        crons.set(CONTROL, results);
        keep(`scheduled: ${CONTROL}`, control[0]!, base[0]!);
      }
      const after = await health();
      const calibratedAfter = await calibrate();
      for (const [n, w] of workers.entries())
        baselines.push(
          `Calibration (calibration.ts, a fixed piece of JSON and string work), ${w.mode}: ${cell(calibrated[n])} ms before the rows, ${cell(calibratedAfter[n])} ms after`,
        );
      for (const [n, w] of workers.entries())
        baselines.push(
          `/healthz baseline, ${w.mode}: ${fmt(base[n]!.total.median)} ms before the rows, ${fmt(after[n]!.total.median)} ms after (main thread ${fmt(base[n]!.main.median)} / ${fmt(after[n]!.main.median)})`,
        );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }

    if (o.node) {
      const floor = await import("./nodeFloor");
      const quiet = silenceScrapeLog();
      try {
        const vars = { HF_ORIGIN: origin.url, ADMIN_TOKEN: TOKEN };
        if (o.lists) {
          const w = await floor.nodeWorker(dump, vars);
          for (const row of o.rows)
            for (const path of row.paths)
              nodeLists.set(`${row.name}\u0000${path}`, await floor.nodeRow(w, row, path, o.runs));
        }
        if (o.cron) {
          const w = await floor.nodeWorker(dump, vars);
          nodeCron = await floor.nodeCron(
            w,
            origin,
            slotOf("newest", Date.now() + 3600_000),
            2 * o.cronRuns,
            ROUND_MS,
          );
        }
      } finally {
        quiet();
      }
    }
  } finally {
    await origin.close();
  }

  if (o.samples) {
    writeFileSync(
      o.samples,
      JSON.stringify({ mode: o.modes[0], at: new Date().toISOString(), samples: raw }),
    );
    out(`Samples written to ${o.samples}`);
  }
  const modeHeads = (suffix: string) => o.modes.map((m) => `${m}${suffix}`);
  if (lists.size) {
    const head = [
      "answer",
      "format",
      ...modeHeads(" ms"),
      `main thread (${o.modes[0]})`,
      "KV keys",
      "KB",
      ...(nodeLists.size ? ["Node floor ms"] : []),
    ];
    const body = [...lists].map(([key, results]) => {
      const [name, path] = key.split("\u0000") as [string, string];
      const r0 = results[0]!;
      const keys = r0.kvKeys === r0.kvKeysMax ? String(r0.kvKeys) : `${r0.kvKeys} (≤ ${r0.kvKeysMax})`;
      return [
        name,
        FORMAT_NAMES[path]!,
        ...results.map((r) => cell(r.cpu)),
        fmt(r0.cpuMain.median),
        keys,
        String(Math.round(r0.bytes / 1000)),
        ...(nodeLists.size ? [cell(nodeLists.get(key))] : []),
      ];
    });
    out(
      table(
        `W1. Uncached list answers in workerd: CPU ms of the Worker's workerd process per answer (all threads, less /healthz), median (p10–p90) of ${o.runs}; KV keys read (median, and the most); Node floor: the same Worker, archive and requests in Node`,
        head,
        body,
      ),
    );
  }
  if (crons.size) {
    const head = [
      "scheduled run",
      ...modeHeads(" ms"),
      ...modeHeads(" p90"),
      `main thread (${o.modes[0]}), median (p90)`,
      "KV keys read",
      "KV writes",
      ...(nodeCron ? ["Node floor ms"] : []),
      "days read, outcomes",
      `÷ the control after it (${o.modes[0]}), median (p90)`,
    ];
    const body = [...crons].map(([label, results]) => [
      label,
      ...results.map((r) => cell(r.cpu)),
      ...results.map((r) => fmt(r.cpu.p90)),
      `${fmt(results[0]!.cpuMain.median)} (${fmt(results[0]!.cpuMain.p90)})`,
      fmt(results[0]!.kvReads.median),
      fmt(results[0]!.kvPuts.median),
      ...(nodeCron
        ? [
            label === NEWEST_FROM_PAGE
              ? cell(nodeCron.read)
              : label === NEWEST_PAGE_SETTLED
                ? cell(nodeCron.settled)
                : "",
          ]
        : []),
      results[0]!.outcomes,
      results[0]!.perControl
        ? `${results[0]!.perControl.median.toFixed(2)} (${results[0]!.perControl.p90.toFixed(2)})`
        : "",
    ]);
    out(
      table(
        `W2. Scheduled runs in workerd, fired with wrangler's trigger (/cdn-cgi/local/scheduled?time=), ${o.cronRuns} of each kind, each at its task's slots, 30 minutes apart, upvotes moving before every run: CPU ms (all threads, less /healthz), median (p10–p90)`,
        head,
        body,
      ),
    );
  }
  for (const line of baselines) out(line);
  out(`Calibration in Node (this process): ${cell(nodeCalibration())} ms`);
  out(
    `Load average at the end: ${load()} (2 cores shared with other work: it shows in wall time far more than in CPU time).`,
  );
}

/** The calibration work's CPU in this Node process. */
function nodeCalibration(): Stats {
  for (let i = 0; i < 3 * CALIBRATION_ROUNDS; i++) calibrationWork();
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = process.cpuUsage();
    for (let r = 0; r < CALIBRATION_ROUNDS; r++) calibrationWork();
    const d = process.cpuUsage(t);
    samples.push((d.user + d.system) / 1000 / CALIBRATION_ROUNDS);
  }
  return stats(samples);
}

function baselineOfEach(samples: Measured[][]): Baseline[] {
  return samples.map(baselineOf);
}

/** The scrape's one JSON line per run would drown the tables (the Node floor runs it here). */
function silenceScrapeLog(): () => void {
  const original = { log: console.log, error: console.error };
  for (const level of ["log", "error"] as const)
    console[level] = (...args: unknown[]) =>
      typeof args[0] === "string" && args[0].startsWith('{"event":"scrape"')
        ? undefined
        : original[level](...args);
  return () => Object.assign(console, original);
}
