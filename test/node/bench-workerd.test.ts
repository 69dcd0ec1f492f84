// Keeps `npm run bench -- --workerd` working: one small row measured in workerd (plain
// `workerd serve` with the deploy bundle), over a 3-day archive filled through the admin
// route. It checks that the harness produces figures, not what they are: speed targets
// live in the bench.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baselineOf,
  fillArchive,
  type Measured,
  readmeRows,
  rowResult,
  sampleCron,
  sampleHealth,
  sampleRow,
} from "../../bench/workerd/harness";
import { type ArchiveOrigin, isoDate, startArchiveOrigin, weekdaysUpTo } from "../../bench/workerd/origin";
import { type BenchWorker, startBenchWorker } from "../../bench/workerd/runtime";

const TOKEN = "test-admin-token-0123456789abcdef";

describe("the workerd benchmark harness", () => {
  let origin: ArchiveOrigin;
  let worker: BenchWorker;

  beforeAll(async () => {
    origin = await startArchiveOrigin(weekdaysUpTo(isoDate(Date.now()), 3));
    worker = await startBenchWorker({ mode: "workerd", origin: origin.url, adminToken: TOKEN });
    await fillArchive(worker, origin, { token: TOKEN, historyDays: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await origin?.close();
  });

  it("finds the workerd process that runs the Worker", () => {
    expect(worker.cmdline).toContain("workerd");
    expect(worker.pid).toBeGreaterThan(0);
  });

  it("measures an uncached answer: its CPU in workerd and the KV keys it read", async () => {
    const health: Measured[] = [];
    for (let i = 0; i < 5; i++) health.push(await sampleHealth(worker));
    const row = readmeRows(origin.days[0]!).find((r) => r.name === "one day")!;
    const samples: Measured[] = [];
    for (let i = 0; i < 5; i++) samples.push(await sampleRow(worker, row, "/feed.atom"));
    const result = rowResult(row, "/feed.atom", samples, baselineOf(health));

    for (const s of samples) {
      expect(Number.isFinite(s.total)).toBe(true);
      expect(s.total).toBeGreaterThan(0);
    }
    expect(Number.isFinite(result.cpu.median)).toBe(true);
    expect(result.cpu.n).toBe(5);
    expect(Number.isInteger(result.kvKeys)).toBe(true);
    expect(result.kvKeys).toBeGreaterThan(0);
    expect(result.bytes).toBeGreaterThan(0);
  });

  it("measures a scheduled run: its CPU and the KV keys it read and wrote", async () => {
    const run = await sampleCron(worker, Date.now() + 3600_000, (r) => (r.ok ? undefined : "the run failed"));
    expect(Number.isFinite(run.total)).toBe(true);
    expect(run.total).toBeGreaterThan(0);
    expect(run.reads).toBeGreaterThan(0);
    expect(run.outcome).toMatch(/^\w+/);
  });
});

describe("the workerd benchmark with KV behind workerd's own binding (--kv=service)", () => {
  let origin: ArchiveOrigin;
  let worker: BenchWorker;

  beforeAll(async () => {
    origin = await startArchiveOrigin(weekdaysUpTo(isoDate(Date.now()), 1));
    worker = await startBenchWorker({
      mode: "workerd",
      origin: origin.url,
      adminToken: TOKEN,
      kv: "service",
    });
    await fillArchive(worker, origin, { token: TOKEN, historyDays: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await origin?.close();
  });

  it("stores the archive in the harness's KV service and answers from it", async () => {
    const counts = (await (await fetch(`${worker.base}/__bench/kv`)).json()) as {
      keys: number;
      prefixes: object;
    };
    expect(counts.keys).toBeGreaterThan(3);
    expect(Object.keys(counts.prefixes)).toEqual(expect.arrayContaining(["day:", "list:", "paper:"]));
    const row = readmeRows(origin.days[0]!).find((r) => r.name === "one day")!;
    const s = await sampleRow(worker, row, "/api/papers");
    expect(s.kvKeys).toBeGreaterThan(0);
    expect(s.total).toBeGreaterThan(0);
  });
});
