import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { scrape, windowTargets } from "../src/scrape";
import { getDay, getIndex, getPaperDates } from "../src/store";
import { countingKv, fakeOrigin, pageWith, propsOf, type FakeOrigin } from "./fixtures";

const config = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7 };
// A Tuesday morning: the window reaches back over the weekend of 2026-05-16/17.
const NOW = Date.parse("2026-05-19T06:00:00Z");
const run = (origin: FakeOrigin, kv: KVNamespace = env.PAPERS, now = NOW) => scrape({ kv, config, fetch: origin.fetch, now });

afterEach(() => vi.restoreAllMocks());

describe("windowTargets", () => {
  it("is the newest list and the 7 days before the run's date", () => {
    expect(windowTargets(NOW, 7)).toEqual(["latest", "2026-05-18", "2026-05-17", "2026-05-16", "2026-05-15", "2026-05-14", "2026-05-13", "2026-05-12"]);
  });
});

describe("scrape", () => {
  it("stores each listed day under the day the page shows, with an index", async () => {
    const origin = fakeOrigin();
    const report = await run(origin);
    expect(origin.calls[0]).toBe("http://hf.test/papers");
    expect(origin.calls).toHaveLength(8);
    expect(report.ok).toBe(true);

    const mon = await getDay(env.PAPERS, "2026-05-18");
    expect(mon?.papers).toHaveLength(10);
    expect(mon?.updated_at).toBe("2026-05-19T06:00:00.000Z");
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers).toHaveLength(40);
    // The weekend pages showed Friday's list: nothing is stored under the days asked for.
    expect(await env.PAPERS.get("day:2026-05-16")).toBeNull();
    expect(await env.PAPERS.get("day:2026-05-17")).toBeNull();
    expect(report.days.find((d) => d.asked === "2026-05-17")).toMatchObject({ date: "2026-05-15", outcome: "stored" });
    expect(report.days.find((d) => d.asked === "2026-05-16")).toMatchObject({ date: "2026-05-15", outcome: "repeat" });

    const index = await getIndex(env.PAPERS);
    expect(index.slice(0, 3)).toEqual([
      { date: "2026-05-18", count: 10 },
      { date: "2026-05-15", count: 40 },
      { date: "2026-05-14", count: 4 },
    ]);
    expect(await getPaperDates(env.PAPERS, "2605.13301")).toEqual(["2026-05-15"]);
  });

  it("writes nothing when no day's content changed", async () => {
    await run(fakeOrigin());
    const kv = countingKv(env.PAPERS);
    const report = await run(fakeOrigin(), kv, NOW + 30 * 60_000);
    expect(kv.puts).toEqual([]);
    expect(report.days.filter((d) => d.outcome !== "repeat").map((d) => d.outcome)).toEqual(Array(4).fill("unchanged"));
  });

  it("rewrites a day whose upvotes changed, keeping its papers' other data", async () => {
    await run(fakeOrigin());
    const props = propsOf("2026-05-18");
    props.dailyPapers[0].paper.upvotes += 5;
    const first = props.dailyPapers[0].paper.id;
    const kv = countingKv(env.PAPERS);
    const later = NOW + 3_600_000;
    await run(fakeOrigin((url) => (url.endsWith("/papers") || url.endsWith("2026-05-18") ? new Response(pageWith(props)) : undefined)), kv, later);
    expect(kv.puts).toEqual(["day:2026-05-18"]);
    const day = await getDay(env.PAPERS, "2026-05-18");
    expect(day?.papers.find((p) => p.id === first)?.upvotes).toBe(props.dailyPapers[0].paper.upvotes);
    expect(day?.updated_at).toBe(new Date(later).toISOString());
  });

  it("keeps stored papers a partial re-read lacks (a list read mid-update)", async () => {
    await run(fakeOrigin());
    const props = propsOf("2026-05-15");
    props.dailyPapers = props.dailyPapers.slice(0, 1);
    const report = await run(fakeOrigin((url) => (/2026-05-1[5-7]$/.test(url) ? new Response(pageWith(props)) : undefined)));
    expect(report.days.find((d) => d.date === "2026-05-15" && d.outcome !== "repeat")?.outcome).toBe("unchanged");
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers).toHaveLength(40);
  });

  it.each([
    ["an upstream 500", () => new Response("oops", { status: 500 })],
    ["a connection error", () => Promise.reject(new TypeError("Network connection lost"))],
    ["a page without the DailyPapers element", () => new Response("<html><body>We are redesigning</body></html>")],
    ["broken JSON in data-props", () => new Response('<div data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:[{"></div>')],
    ["an empty list", () => new Response(pageWith({ dailyPapers: [], dateString: "2026-05-18" }))],
  ])("keeps what was stored after %s, and reports the run as not ok", async (_name, answer) => {
    await run(fakeOrigin());
    const before = await env.PAPERS.get("day:2026-05-18");
    const kv = countingKv(env.PAPERS);
    const report = await run(fakeOrigin(answer), kv, NOW + 3_600_000);
    expect(report.ok).toBe(false);
    expect(kv.puts).toEqual([]);
    expect(await env.PAPERS.get("day:2026-05-18")).toBe(before);
    expect((await getIndex(env.PAPERS))[0]).toEqual({ date: "2026-05-18", count: 10 });
    expect(report.days[0]?.outcome).toMatch(/failed|empty/);
  });

  it("reports the reason of a failed read", async () => {
    const report = await run(fakeOrigin(() => new Response("oops", { status: 503 })));
    expect(report.days[0]).toMatchObject({ asked: "latest", outcome: "failed" });
    expect(report.days[0]?.error).toMatch(/UpstreamError: upstream answered 503/);
  });
});

describe("the scheduled handler", () => {
  it("scrapes the window before controller.scheduledTime and awaits it", async () => {
    const origin = fakeOrigin();
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => origin.fetch(input as string, init));
    const controller = createScheduledController({ scheduledTime: NOW, cron: "*/30 * * * *" });
    await worker.scheduled(controller, env, createExecutionContext());
    expect(origin.calls).toContain("http://hf.test/papers/date/2026-05-12");
    expect((await getDay(env.PAPERS, "2026-05-18"))?.papers).toHaveLength(10);
  });

  it("fails the run when the upstream fails, keeping the data", async () => {
    await run(fakeOrigin());
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("down", { status: 502 }));
    const controller = createScheduledController({ scheduledTime: NOW });
    await expect(worker.scheduled(controller, env, createExecutionContext())).rejects.toThrow(/8 of 8 reads failed/);
    expect((await getDay(env.PAPERS, "2026-05-18"))?.papers).toHaveLength(10);
  });
});
