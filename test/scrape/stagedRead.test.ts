// A scheduled run that reads a day from its page stages the read, and its task's next run
// settles it, as the run that read it would have: at the read's time, merged with what other
// runs wrote since. A staged value that does not validate hides only itself: the run reads
// for itself, and a damaged paper in it is left out until a later read brings it back.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ROUND_MS, RUN_SLOT_MS } from "../../src/core/schedule";
import { decodeHistory } from "../../src/store/values/history";
import { stagedReadKey } from "../../src/store/values/stagedRead";
import { COUNTS, countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { NOW, runScrape } from "../helpers";
import { dayKeys, storedDay } from "../stored";

const DAY = "2026-05-18";
const KEY = stagedReadKey("newest");
const newest = (origin = fakeOrigin(), now = NOW, kv: KVNamespace = env.PAPERS) =>
  runScrape(origin, { targets: ["latest"], now, stage: "newest", kv });

describe("a page's read staged by a scheduled run", () => {
  it("is all the run writes; the task's next run settles it at the read's time, without a request", async () => {
    const kv = countingKv(env.PAPERS);
    const staging = await newest(fakeOrigin(), NOW, kv);
    expect(staging.days).toMatchObject([
      { asked: "latest", date: DAY, outcome: "staged", via: "page", count: 10 },
    ]);
    expect(staging.ok).toBe(true);
    expect(kv.puts).toEqual([KEY]);
    expect(await storedDay(DAY)).toBeNull();

    const origin = fakeOrigin();
    const settling = await newest(origin, NOW + ROUND_MS);
    expect(origin.calls).toEqual([]);
    expect(settling).toMatchObject({
      started_at: new Date(NOW).toISOString(),
      staged: { settled_at: new Date(NOW + ROUND_MS).toISOString() },
      days: [{ asked: "latest", date: DAY, outcome: "stored", via: "page", count: 10 }],
    });
    const day = await storedDay(DAY);
    expect(day?.papers).toHaveLength(COUNTS[DAY]);
    // Observed at the read's time (the history's points, below); its data version is when it was settled.
    expect(day?.updated_at).toBe(new Date(NOW + ROUND_MS).toISOString());
    // Settled once: the run deletes it.
    expect(await env.PAPERS.get(KEY)).toBeNull();
    const history = decodeHistory((await env.PAPERS.get(dayKeys(DAY).history))!, DAY);
    for (const { points } of history!.papers.values()) expect(points.map(([t]) => t)).toEqual([NOW / 1000]);
  });

  it("is left once its task's next run has gone by: the run after reads for itself", async () => {
    await newest();
    const origin = fakeOrigin();
    const late = await newest(origin, NOW + ROUND_MS + RUN_SLOT_MS);
    expect(origin.calls).not.toEqual([]);
    expect(late.days[0]).toMatchObject({ outcome: "staged" });
    expect(late).not.toHaveProperty("staged");
  });

  it("is not reread by a run of another task, which does its own", async () => {
    await newest();
    const origin = fakeOrigin();
    const window = await runScrape(origin, {
      targets: ["2026-05-15"],
      now: NOW + RUN_SLOT_MS,
      stage: "window",
    });
    expect(window.days).toMatchObject([{ asked: "2026-05-15", via: "api", outcome: "stored" }]);
    expect(await env.PAPERS.get(KEY)).not.toBeNull();
  });

  it("settled after a newer run wrote the day, keeps that run's newer counts, and adds its own point", async () => {
    await newest();
    const props = propsOf(DAY);
    for (const item of props.dailyPapers) item.paper.upvotes += 10;
    const page = (url: string) => (url.endsWith("/papers") ? new Response(pageWith(props)) : undefined);
    // An admin run five minutes after the staged read settles its own read at once.
    await runScrape(fakeOrigin(page), { targets: ["latest"], now: NOW + 5 * 60_000, trigger: "admin" });
    const newer = (await storedDay(DAY))!.papers.map((p) => p.upvotes);
    await newest(fakeOrigin(), NOW + ROUND_MS);
    expect((await storedDay(DAY))!.papers.map((p) => p.upvotes)).toEqual(newer);
    const history = decodeHistory((await env.PAPERS.get(dayKeys(DAY).history))!, DAY)!;
    for (const { points } of history.papers.values())
      expect(points.map(([t]) => t)).toEqual([NOW / 1000, NOW / 1000 + 300]);
  });
});

type Plant = (v: Record<string, unknown> & { papers: Record<string, unknown>[] }) => unknown;
const SHAPES: [string, Plant | string][] = [
  ["not JSON", '{"v":'],
  ["cut short", ""],
  ["of another version", (v) => ({ ...v, v: 99 })],
  ["of wrong types", (v) => ({ ...v, papers: "all", dropped: "x", date: 20260518 })],
  ["with absurd numbers", (v) => ({ ...v, dropped: -1, other_day: 1e300 })],
  ["read in the future", (v) => ({ ...v, read_at: "2099-01-01T00:00:00.000Z" })],
  ["of a day no page may claim", (v) => ({ ...v, date: "2099-01-01" })],
];

describe("a damaged staged read hides only itself", () => {
  it.each(SHAPES)("%s: the run reads for itself, and fails nothing", async (_, plant) => {
    await newest();
    const original = (await env.PAPERS.get(KEY))!;
    const planted =
      typeof plant === "string"
        ? plant || original.slice(0, original.length / 2)
        : JSON.stringify(plant(JSON.parse(original)));
    await env.PAPERS.put(KEY, planted);
    const report = await newest(fakeOrigin(), NOW + ROUND_MS);
    expect(report.errors).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report).not.toHaveProperty("staged");
    expect(report.days[0]).toMatchObject({ outcome: "staged", date: DAY });
    expect(await storedDay("2099-01-01")).toBeNull();
  });

  it("one damaged paper: the others are settled, and a later read brings it back", async () => {
    await newest();
    const v = JSON.parse((await env.PAPERS.get(KEY))!);
    v.papers[3].upvotes = "many";
    await env.PAPERS.put(KEY, JSON.stringify(v));
    const settling = await newest(fakeOrigin(), NOW + ROUND_MS);
    expect(settling.days[0]).toMatchObject({ outcome: "stored", count: COUNTS[DAY] - 1, dropped: 1 });
    await newest(fakeOrigin(), NOW + 2 * ROUND_MS);
    await newest(fakeOrigin(), NOW + 3 * ROUND_MS);
    expect((await storedDay(DAY))?.papers).toHaveLength(COUNTS[DAY]);
  });
});
