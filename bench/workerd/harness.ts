// The workerd benchmark's moving parts: filling an archive through the Worker's own routes,
// and measuring the workerd process's CPU for one request or one scheduled run.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CRON, ROUND_MS, RUN_SLOT_MS, TASKS, type Task } from "../../src/core/schedule";
import { processCpu, type Stats, stats } from "./cpu";
import type { KvCounts } from "./kvCounts";
import { type ArchiveOrigin, isoDate } from "./origin";
import { perControl, type RowSamples } from "./runStats";
import type { BenchWorker } from "./runtime";

const DAY = 86_400_000;
/** wrangler.toml's cron: a run every 10 minutes, the runs taking their tasks in turn by slot. */
export const SLOT_MS = RUN_SLOT_MS;
export { CRON, ROUND_MS };
/** The first scheduled time at or after `after` whose run does `task`. */
export const slotOf = (task: Task, after: number) =>
  Math.ceil(after / ROUND_MS) * ROUND_MS + TASKS.indexOf(task) * SLOT_MS;
const addDays = (date: string, n: number) => isoDate(Date.parse(`${date}T00:00:00Z`) + n * DAY);
/** The earlier of two ISO dates. */
export const earlier = (a: string, b: string) => [a, b].sort()[0]!;

/**
 * How long after an answer the harness waits before reading the CPU counters again: work the
 * process does after sending the answer (logging it, finishing a stream, a GC step) belongs
 * to this request, not the next.
 */
const SETTLE_MS = 25;

export interface Measured {
  /** CPU of the workerd process (all threads) over the request, ms, before subtracting the baseline. */
  total: number;
  /** The same, the process's main thread only. */
  main: number;
  status: number;
  bytes: number;
  kvKeys: number;
  kvPuts: number;
}

let hostCounter = 0;
/** A host of its own for each request (the same length each time): the isolate's answer copy misses. */
export const freshHost = () => `r${String(hostCounter++).padStart(7, "0")}.bench.test`;

/** One request, with the CPU the Worker's workerd process spent on it. */
export async function measureRequest(
  worker: BenchWorker,
  path: string,
  init: RequestInit & { fresh?: boolean } = {},
): Promise<Measured> {
  const headers = new Headers(init.headers);
  if (init.fresh !== false) headers.set("x-bench-host", freshHost());
  // Miniflare's entry Worker gzips answers (JSON ones) for a client that accepts it, in the
  // Worker's own process; a deployment compresses at the edge, outside the Worker's CPU.
  if (!headers.has("accept-encoding")) headers.set("accept-encoding", "identity");
  const before = processCpu(worker.pid);
  const res = await fetch(`${worker.base}${path}`, { ...init, headers });
  const body = new Uint8Array(await res.arrayBuffer());
  await sleep(SETTLE_MS);
  const after = processCpu(worker.pid);
  return {
    total: after.total - before.total,
    main: after.main - before.main,
    status: res.status,
    bytes: body.byteLength,
    kvKeys: Number(res.headers.get("x-bench-kv-keys") ?? Number.NaN),
    kvPuts: Number(res.headers.get("x-bench-kv-puts") ?? Number.NaN),
  };
}

/** /healthz (no KV, no rendering): what serving any request costs the process. */
export const sampleHealth = (worker: BenchWorker) => measureRequest(worker, "/healthz", { fresh: false });

export function baselineOf(samples: Measured[]): Baseline {
  return { total: stats(samples.map((s) => s.total)), main: stats(samples.map((s) => s.main)) };
}

export const kvCounts = async (worker: BenchWorker): Promise<KvCounts> =>
  (await (await fetch(`${worker.base}/__bench/kv`)).json()) as KvCounts;

const TOKEN_HEADER = (token: string) => ({ authorization: `Bearer ${token}` });

interface DayReport {
  asked: string;
  date?: string;
  outcome: string;
  via?: string;
  error?: string;
  count?: number;
}
export interface RunReport {
  task?: Task;
  started_at?: string;
  /** The bench's own mark: the run left no record (upkeep that found its day sound writes nothing). */
  quiet?: boolean;
  ok: boolean;
  days: DayReport[];
  repair?: { date: string; outcome: string };
  words?: { date: string; outcome: string };
  /** Set when the run settled a read its task's run before staged. */
  staged?: { settled_at: string };
}

/** POST /api/admin/scrape for `from`..`to` (at most 3 days: the route's own limit). */
async function adminScrape(worker: BenchWorker, token: string, from: string, to: string): Promise<RunReport> {
  const res = await fetch(`${worker.base}/api/admin/scrape?from=${from}&to=${to}`, {
    method: "POST",
    headers: TOKEN_HEADER(token),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`bench: admin scrape ${from}..${to} answered ${res.status}: ${text}`);
  const report = JSON.parse(text) as RunReport;
  if (!report.ok) throw new Error(`bench: admin scrape ${from}..${to} failed: ${text}`);
  return report;
}

/**
 * Fires the cron handler at `time`: with wrangler's trigger (Miniflare's /cdn-cgi/local/scheduled),
 * or, under plain `workerd serve`, through the bench entry.
 */
export async function fireCron(worker: BenchWorker, time: number): Promise<Response> {
  const path = worker.mode === "workerd" ? "/__bench/scheduled" : "/cdn-cgi/local/scheduled";
  return fetch(`${worker.base}${path}?time=${time}&cron=${encodeURIComponent(CRON)}`);
}

/** wrangler.toml's WINDOW_DAYS: the days a run re-reads, which word indexes leave alone. */
const WINDOW_DAYS = 7;

/**
 * Deletes the word index of the settled day an upkeep run at `time` indexes (the newest of
 * `days` older than the window), so that run builds one.
 */
export async function dropSettledWordIndex(worker: BenchWorker, days: string[], time: number): Promise<void> {
  const settled = days.find((d) => d < isoDate(time - WINDOW_DAYS * DAY));
  const res = await fetch(`${worker.base}/__bench/kv/delete?prefix=words:${settled}`, { method: "POST" });
  await res.arrayBuffer();
}

/** The last run's report, as /api/status tells it. */
export async function lastRun(worker: BenchWorker): Promise<RunReport> {
  const status = (await (await fetch(`${worker.base}/api/status`)).json()) as { last_run: RunReport };
  return status.last_run;
}

export interface FillOptions {
  token: string;
  /** Re-read the newest days with grown upvotes, so they have an upvote history (sort=rising reads it). */
  historyDays?: number;
  /** Fire the cron over the past two days of slots, as the scheduled runs would have: word indexes. */
  wordIndexes?: boolean;
  /** Leave the histories as the fill stamps them (one or two points), as benches before the growth did. */
  youngHistories?: boolean;
  progress?: (line: string) => void;
}

/**
 * Fills the Worker's archive as a deployment fills it: a backfill through the admin route
 * (3 days a call), the newest days read again after their upvotes grew, then the scheduled
 * runs of the last two days (one word index each, for the days older than the window).
 */
export async function fillArchive(worker: BenchWorker, origin: ArchiveOrigin, o: FillOptions): Promise<void> {
  const say = o.progress ?? (() => {});
  const oldest = origin.days.at(-1)!;
  const newest = origin.days[0]!;
  origin.today = newest;
  const t0 = Date.now();
  for (let from = oldest; from <= newest; from = addDays(from, 3)) {
    const to = earlier(addDays(from, 2), newest);
    await adminScrape(worker, o.token, from, to);
  }
  say(
    `backfill: ${origin.days.length} weekdays, ${oldest} to ${newest}, in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  if (o.wordIndexes) {
    // The upkeep runs of the past few days, one a round (the repair pass and the word index
    // rotate by round), twice as many as there are days so that the repair pass's rotation
    // reaches every day: they read nothing, and write only the word indexes.
    const t1 = Date.now();
    const rounds = Math.max(96, 2 * origin.days.length);
    const start = slotOf("upkeep", Date.now() - (rounds + 1) * ROUND_MS);
    for (let k = 0; k < rounds; k++) {
      const time = start + k * ROUND_MS;
      origin.today = isoDate(time);
      const res = await fireCron(worker, time);
      if (!res.ok)
        throw new Error(
          `bench: scheduled run at ${new Date(time).toISOString()} failed: ${await res.text()}`,
        );
    }
    origin.today = newest;
    const counts = await kvCounts(worker);
    say(
      `upkeep runs over the past ${rounds / 2} hours: ${counts.prefixes["words:"] ?? 0} word indexes, in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
    );
  }

  const historyDays = o.historyDays ?? 10;
  if (historyDays > 0) {
    origin.bump += 1;
    const recent = origin.days.slice(0, historyDays);
    for (let from = recent.at(-1)!; from <= newest; from = addDays(from, 3)) {
      const to = earlier(addDays(from, 2), newest);
      await adminScrape(worker, o.token, from, to);
    }
    say(`upvote history: the newest ${historyDays} weekdays read again with grown upvotes`);
    if (!o.youngHistories) {
      const grown = await matureHistories(worker, Date.now());
      say(`upvote histories as weeks of runs leave them: ${grown} days, up to 40 points a paper`);
    }
  }
  const counts = await kvCounts(worker);
  say(`archive: ${counts.keys} KV keys, ${(counts.bytes / 1e6).toFixed(1)} MB in KV`);
}

export type Dump = [key: string, value: string, metadata: unknown][];

/**
 * Every stored day's upvote history grown to what weeks of scheduled runs leave (entry.ts,
 * /__bench/mature-histories): a fill through the admin route stamps one or two points a paper,
 * where a deployment's histories hold up to 40, and the front page's sparklines and
 * `sort=rising` read them. Returns the days rewritten.
 */
export async function matureHistories(worker: BenchWorker, nowMs: number): Promise<number> {
  const res = await fetch(`${worker.base}/__bench/mature-histories?now=${nowMs}`, { method: "POST" });
  if (!res.ok) throw new Error(`bench: growing the histories answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { days: number }).days;
}

const ROOT = join(import.meta.dirname, "../..");
/** Every file under `dir`, sorted. */
const filesUnder = (dir: string) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => /\.[cm]?[jt]s$/.test(f))
    .sort();

/**
 * Where an archive filled with these options is kept between runs (--reuse-archive): the OS
 * temp dir, under a name that changes with the code that writes it (src/, the stand-in site)
 * and with the day, so a change to the store or a new day fills it afresh.
 */
export function archiveCachePath(
  days: string[],
  o: Pick<FillOptions, "historyDays" | "wordIndexes" | "youngHistories">,
): string {
  const hash = createHash("sha256");
  for (const f of [...filesUnder("src"), "bench/workerd/origin.ts", "bench/pages.ts", "bench/memoryKv.ts"])
    hash.update(f).update(readFileSync(join(ROOT, f)));
  hash.update(
    JSON.stringify([days, o.historyDays ?? 10, !!o.wordIndexes, !!o.youngHistories, isoDate(Date.now())]),
  );
  return join(tmpdir(), `dpf-bench-archive-${hash.digest("hex").slice(0, 16)}.json`);
}

/** Loads an archive dump (GET /__bench/kv/dump of another worker) into a worker's KV. */
export async function loadArchive(worker: BenchWorker, dump: Dump): Promise<void> {
  const res = await fetch(`${worker.base}/__bench/kv/load`, { method: "POST", body: JSON.stringify(dump) });
  if (!res.ok) throw new Error(`bench: loading the archive into ${worker.mode} answered ${res.status}`);
}

/**
 * fillArchive, or, with `reuse`, the archive a previous run with the same code filled the same
 * day (seconds instead of a minute). Returns the archive as a dump.
 */
export async function fillOrReuseArchive(
  worker: BenchWorker,
  origin: ArchiveOrigin,
  o: FillOptions & { reuse?: boolean },
): Promise<Dump> {
  const path = o.reuse ? archiveCachePath(origin.days, o) : undefined;
  if (path && existsSync(path)) {
    const dump = JSON.parse(readFileSync(path, "utf8")) as Dump;
    await loadArchive(worker, dump);
    // The site as the fill left it: upvotes grown once for the history (fillArchive).
    origin.bump += (o.historyDays ?? 10) > 0 ? 1 : 0;
    o.progress?.(`archive reused: ${dump.length} keys from ${path}`);
    return dump;
  }
  await fillArchive(worker, origin, o);
  const dump = (await (await fetch(`${worker.base}/__bench/kv/dump`)).json()) as Dump;
  if (path) writeFileSync(path, JSON.stringify(dump));
  return dump;
}

/** ISO 8601 week (YYYY-Www) of a date: Thursday decides the year. */
export function isoWeekOf(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  const thursday = t + (3 - dow) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export interface Row {
  name: string;
  query: string;
  /** The formats it is measured in: Atom and the JSON API always, the other two for the big rows. */
  paths: string[];
}

export const FORMAT_NAMES: Record<string, string> = {
  "/feed.atom": "Atom",
  "/api/papers": "JSON API",
  "/feed.rss": "RSS",
  "/feed.json": "JSON Feed",
  "/": "front page",
};

/** The rows of README's Performance table, over an archive whose newest day is `newest`. */
export function readmeRows(newest: string): Row[] {
  const from92 = addDays(newest, -91);
  const d92 = `from=${from92}&to=${newest}`;
  const lastWeek = isoWeekOf(addDays(newest, -7));
  const firstOfMonth = `${newest.slice(0, 8)}01`;
  const lastMonth = addDays(firstOfMonth, -1).slice(0, 7);
  const two = ["/feed.atom", "/api/papers"];
  const four = [...two, "/feed.rss", "/feed.json"];
  return [
    { name: "one day", query: `date=${newest}`, paths: two },
    { name: "default feed", query: "", paths: four },
    { name: "week", query: `week=${lastWeek}`, paths: two },
    { name: "month", query: `month=${lastMonth}`, paths: two },
    { name: "92 days", query: d92, paths: four },
    { name: "92 days q=diffusion", query: `${d92}&q=diffusion`, paths: four },
    { name: "92 days sort=upvotes", query: `${d92}&sort=upvotes`, paths: two },
    { name: "92 days min_upvotes=300", query: `${d92}&min_upvotes=300`, paths: two },
    { name: "92 days sort=rising", query: `${d92}&sort=rising`, paths: two },
    { name: "92 days author=wang", query: `${d92}&author=wang`, paths: four },
    {
      name: "default feed digest=day",
      query: "digest=day",
      paths: ["/feed.atom", "/feed.rss", "/feed.json"],
    },
    { name: "one day limit=50", query: `date=${newest}&limit=50`, paths: two },
    { name: "92 days limit=50", query: `${d92}&limit=50`, paths: two },
    // The most KV reads one answer makes: every filter that reads a value of each covered day.
    {
      name: "92 days q= author= org= sort=rising",
      query: `${d92}&q=model&author=wang&org=nvidia&sort=rising`,
      paths: ["/"],
    },
  ];
}

/** Rows whose name contains one of the comma-separated filters (all when there is none). */
export function filterRows(rows: Row[], filter: string | undefined): Row[] {
  if (!filter) return rows;
  const wanted = filter.split(",").map((f) => f.trim().toLowerCase());
  return rows.filter((r) => wanted.some((w) => r.name.toLowerCase().includes(w)));
}

export interface RowResult {
  row: string;
  path: string;
  /** CPU less the /healthz baseline, ms, all threads. */
  cpu: Stats;
  /** The same, main thread only. */
  cpuMain: Stats;
  kvKeys: number;
  kvKeysMax: number;
  bytes: number;
}

export type Baseline = { total: Stats; main: Stats };
const median = (xs: number[]) => stats(xs).median;

/** The figures of one row from its samples, less the baseline. */
export function rowResult(row: Row, path: string, samples: Measured[], base: Baseline): RowResult {
  return {
    row: row.name,
    path,
    cpu: stats(samples.map((s) => s.total - base.total.median)),
    cpuMain: stats(samples.map((s) => s.main - base.main.median)),
    kvKeys: median(samples.map((s) => s.kvKeys)),
    kvKeysMax: Math.max(...samples.map((s) => s.kvKeys)),
    bytes: median(samples.map((s) => s.bytes)),
  };
}

/** One uncached answer of a row, checked. */
export async function sampleRow(worker: BenchWorker, row: Row, path: string): Promise<Measured> {
  const url = row.query ? `${path}?${row.query}` : path;
  const m = await measureRequest(worker, url);
  if (m.status !== 200) throw new Error(`bench: ${url} answered ${m.status}`);
  return m;
}

/** Whether a run built a word index: its words step did, or its repair pass (which may rewrite other values with it). */
export const builtWordIndex = (r: { words?: { outcome: string }; repair?: { outcome: string } }) =>
  r.words?.outcome === "indexed" || r.repair?.outcome === "repaired" || r.repair?.outcome === "indexed";

export interface CronSample {
  total: number;
  main: number;
  reads: number;
  puts: number;
  outcome: string;
  /** The control's CPU (all threads) measured right after this run, when there was one. */
  control?: number;
  /** A run that staged a page's read for its task's next run, or one that settled such a read. */
  staging?: "staged" | "settled";
}

/** Fires one scheduled run at `time` and measures it; `expect` names what is wrong with its report. */
export async function sampleCron(
  worker: BenchWorker,
  time: number,
  expect?: (report: RunReport) => string | undefined,
): Promise<CronSample> {
  const kv0 = await kvCounts(worker);
  const before = processCpu(worker.pid);
  const res = await fireCron(worker, time);
  const text = await res.text();
  await sleep(SETTLE_MS);
  const after = processCpu(worker.pid);
  const kv1 = await kvCounts(worker);
  if (!res.ok) throw new Error(`bench: scheduled run at ${new Date(time).toISOString()} failed: ${text}`);
  const last = await lastRun(worker);
  const at = new Date(time).toISOString();
  // A run that settles a staged read takes that read's time; one that stages a read writes no
  // record of its own, only the read (store/values/stagedRead.ts), which says what it read.
  const report: RunReport =
    last.started_at === at || last.staged?.settled_at === at
      ? last
      : ((await stagedBy(worker, at)) ?? { quiet: true, ok: true, days: [] });
  const problem = expect?.(report);
  if (problem) throw new Error(`bench: ${problem}: ${JSON.stringify(report)}`);
  return {
    total: after.total - before.total,
    main: after.main - before.main,
    reads: kv1.reads - kv0.reads,
    puts: kv1.puts - kv0.puts,
    ...(report.staged ? { staging: "settled" as const } : {}),
    ...(report.days.some((d) => d.outcome === "staged") ? { staging: "staged" as const } : {}),
    outcome: report.quiet
      ? "wrote nothing"
      : [
          report.days.map((d) => d.outcome).join("+"),
          report.repair && `repair ${report.repair.outcome}`,
          report.words && `words ${report.words.outcome}`,
        ]
          .filter(Boolean)
          .join(", "),
  };
}

/** What the run at `at` staged, as its report would say it, if it staged a read (entry.ts). */
async function stagedBy(worker: BenchWorker, at: string): Promise<RunReport | undefined> {
  const res = await fetch(`${worker.base}/__bench/staged?at=${encodeURIComponent(at)}`);
  return res.ok ? ((await res.json()) as RunReport) : undefined;
}

export interface CronResult {
  label: string;
  cpu: Stats;
  /** Each run's CPU over the control's right after it (runStats.perControl). */
  perControl?: Stats;
  cpuMain: Stats;
  kvReads: Stats;
  kvPuts: Stats;
  outcomes: string;
}

export function cronResult(label: string, samples: CronSample[], base: Baseline): CronResult {
  const outcomes = new Map<string, number>();
  for (const s of samples) outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1);
  const less = lessBaseline(samples, base);
  const ratios = perControl(less);
  return {
    label,
    cpu: stats(less.total),
    ...(ratios ? { perControl: stats(ratios) } : {}),
    cpuMain: stats(less.main),
    kvReads: stats(samples.map((s) => s.reads)),
    kvPuts: stats(samples.map((s) => s.puts)),
    outcomes: [...outcomes].map(([k, n]) => `${n}× ${k}`).join("; "),
  };
}

/** Samples less the /healthz baseline (all threads, main thread, and the control where each has one). */
export function lessBaseline(
  samples: { total: number; main: number; control?: number }[],
  base: Baseline,
): RowSamples {
  const controls = samples.map((s) => s.control);
  return {
    total: samples.map((s) => s.total - base.total.median),
    main: samples.map((s) => s.main - base.main.median),
    ...(controls.every((c) => c !== undefined)
      ? { control: controls.map((c) => c - base.total.median) }
      : {}),
  };
}

/** Where the next runs may start: the round after `after`. */
export const nextRound = (after: number) => (Math.floor(after / ROUND_MS) + 1) * ROUND_MS;
