// An upstream that misbehaves is bounded: in requests (redirects count), in bytes, in papers
// per day and in the days it may claim. Each case: the run says why, and nothing stored changes.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_ANSWER_BYTES, MAX_REDIRECTS } from "../../src/scrape/upstream";
import { dayRecordKey, MAX_PAPERS_PER_DAY } from "../../src/store/values/dayRecord";
import { countingKv, type FakeOrigin, fakeOrigin, pages, pageWith, propsOf } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { memoryKv } from "../memoryKv";
import { storedIndex } from "../stored";

const getIndex = (_kv: KVNamespace) => storedIndex();
const keys = { day: dayRecordKey };

let before: string | null;
beforeEach(async () => {
  await runScrape(fakeOrigin());
  before = await env.PAPERS.get(keys.day("2026-05-15"));
});
const unchanged = async () => expect(await env.PAPERS.get(keys.day("2026-05-15"))).toBe(before);

/**
 * The newest list's page, and a JSON API that lists nothing (neither the run's day nor the
 * newest stored day): the newest list is then read from its page, so what the page answers is
 * what is tested.
 */
const newestPage = (url: string) => new URL(url).pathname === "/papers";
const noApiList = (url: string) => (url.includes("/api/") ? new Response("[]") : undefined);

describe("redirects", () => {
  it("count against the run's request budget, and a loop stops after a few", async () => {
    const origin = fakeOrigin((url) =>
      newestPage(url) || url.includes("/api/")
        ? new Response(null, { status: 302, headers: { location: "/papers" } })
        : undefined,
    );
    const report = await runScrape(origin, { targets: ["latest"], now: LATER });
    expect(report.days[0]!.error).toMatch(new RegExp(`more than ${MAX_REDIRECTS} redirects`));
    // Every hop is a request, and the report counts each one.
    expect(report.requests).toBe(origin.calls.length);
    expect(origin.calls.length).toBeLessThanOrEqual(3 * (MAX_REDIRECTS + 1));
    await unchanged();
  });

  it("are followed on the same host only", async () => {
    const origin = fakeOrigin((url) =>
      newestPage(url)
        ? new Response(null, { status: 301, headers: { location: "https://elsewhere.example/papers" } })
        : noApiList(url),
    );
    const report = await runScrape(origin, { targets: ["latest"], now: LATER });
    expect(report.days[0]!.error).toMatch(/redirect to another host \(elsewhere\.example\)/);
    // The newest list is asked of the API as the run's day's first (that day has none yet), then
    // as the newest stored day's (none either).
    expect(origin.calls).toEqual([
      "http://hf.test/api/daily_papers?date=2026-05-19&p=0&limit=100",
      "http://hf.test/api/daily_papers?date=2026-05-18&p=0&limit=100",
      "http://hf.test/papers",
    ]);
    await unchanged();
  });

  it("on the same host, are followed to the page", async () => {
    const origin = fakeOrigin((url) =>
      newestPage(url)
        ? new Response(null, { status: 308, headers: { location: "/papers/" } })
        : url.endsWith("/papers/")
          ? new Response(pages["2026-05-15"])
          : noApiList(url),
    );
    const report = await runScrape(origin, { targets: ["latest"], now: LATER });
    expect(report.days[0]).toMatchObject({ outcome: "unchanged", via: "page" });
    // The run's day and the newest stored day in the API (none), then the page and its redirect.
    expect(report.requests).toBe(4);
  });
});

describe("size", () => {
  it("an answer larger than the cap fails the day with a clear reason, read no further than the cap", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const endless = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            sent += chunk.length;
            if (sent > 4 * MAX_ANSWER_BYTES) controller.close();
            else controller.enqueue(chunk);
          },
        }),
      );
    const origin: FakeOrigin = fakeOrigin((url) => (newestPage(url) ? endless() : noApiList(url)));
    const report = await runScrape(origin, { targets: ["latest"], now: LATER });
    expect(report.days[0]!.error).toMatch(/answer is larger than \d+ MB/);
    expect(sent).toBeLessThan(MAX_ANSWER_BYTES + 2 * chunk.length);
    await unchanged();
  });
});

describe("papers per day", () => {
  it(`a page with thousands of papers stores at most ${MAX_PAPERS_PER_DAY}`, async () => {
    // Small items, so the page stays under the size cap and the paper cap is what bounds it.
    const items = Array.from({ length: 5000 }, (_, i) => ({
      paper: {
        id: `2605.${String(50000 + i)}`,
        title: `Paper ${i}`,
        upvotes: i,
        submittedOnDailyAt: "2026-05-13T00:00:00.000Z",
      },
    }));
    const origin = fakeOrigin((url) =>
      newestPage(url)
        ? new Response(pageWith({ dailyPapers: items, dateString: "2026-05-13" }))
        : noApiList(url),
    );
    const report = await runScrape(origin, { targets: ["latest"], now: LATER });
    expect(report.days[0]).toMatchObject({
      outcome: "stored",
      count: MAX_PAPERS_PER_DAY,
      dropped: 5000 - MAX_PAPERS_PER_DAY,
    });
    expect((await getIndex(env.PAPERS)).days.find((d) => d.date === "2026-05-13")?.count).toBe(
      MAX_PAPERS_PER_DAY,
    );
  });
});

describe("papers per day, over many runs, and KV operations per run", () => {
  /** A page for `date` listing 300 ids never seen before, every time it is asked. */
  function everNewPapers() {
    let served = 0;
    return fakeOrigin((url) => {
      // Pages only: the JSON API is down.
      if (url.includes("/api/")) return new Response("down", { status: 503 });
      const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0];
      if (!date) return undefined;
      const items = Array.from({ length: MAX_PAPERS_PER_DAY }, (_, i) => ({
        paper: {
          id: `2605.${String(10000 + served++).padStart(5, "0")}`,
          title: `Paper ${served}`,
          upvotes: i,
          submittedOnDailyAt: `${date}T00:00:00.000Z`,
        },
      }));
      return new Response(pageWith({ dailyPapers: items, dateString: date }));
    });
  }

  it(`the cap of ${MAX_PAPERS_PER_DAY} papers a day holds after merging: a day never grows past it, whatever runs bring`, async () => {
    const origin = everNewPapers();
    const store = memoryKv();
    for (let run = 0; run < 6; run++) {
      const kv = countingKv(store);
      const report = await runScrape(origin, { kv, targets: ["2026-05-13"], now: LATER + run * 1_800_000 });
      expect(report.days[0]!.count).toBe(MAX_PAPERS_PER_DAY);
      if (run > 0) expect(report.days[0]!.dropped).toBe(MAX_PAPERS_PER_DAY);
      // After the first run, a day full of stored papers takes no new one: no paper is written.
      if (run > 0) expect(kv.puts.filter((k) => k.startsWith("paper:"))).toEqual([]);
    }
    expect((await storedIndex(store)).days.find((d) => d.date === "2026-05-13")?.count).toBe(
      MAX_PAPERS_PER_DAY,
    );
  });

  it("a run never makes more than the 1,000 KV operations an invocation may make: the days that do not fit wait for the next run", async () => {
    const origin = everNewPapers();
    const days = Array.from({ length: 7 }, (_, i) => `2026-05-0${i + 1}`);
    const store = memoryKv();
    const kv = countingKv(store);
    const report = await runScrape(origin, { kv, targets: days, now: LATER });
    expect(kv.operations()).toBeLessThanOrEqual(1_000);
    const outcomes = report.days.map((d) => d.outcome);
    expect(outcomes).toContain("deferred");
    expect(outcomes.filter((o) => o === "stored").length).toBeGreaterThanOrEqual(2);
    expect(report.ok).toBe(true);
    // What waited is stored by the runs after it, each within the limit too.
    const waiting = report.days.filter((d) => d.outcome === "deferred").map((d) => d.asked);
    const next = countingKv(store);
    const later = await runScrape(origin, { kv: next, targets: waiting, now: LATER + 1_800_000 });
    expect(next.operations()).toBeLessThanOrEqual(1_000);
    expect(later.days.some((d) => d.outcome === "stored")).toBe(true);
  });
});

describe("the day a page claims", () => {
  it.each([
    ["2099-12-31", "after the run's day"],
    ["2026-05-21", "after the run's day"],
    ["1900-01-01", "before the first Daily Papers list"],
    ["2023-04-30", "before the first Daily Papers list"],
  ])("%s is refused (%s), and stored nowhere", async (claimed, why) => {
    const props = propsOf("2026-05-15");
    for (const i of props.dailyPapers) i.paper.submittedOnDailyAt = `${claimed}T00:00:00.000Z`;
    const origin = fakeOrigin(
      () => new Response(pageWith({ ...props, prevDate: null, dateString: claimed })),
    );
    const report = await runScrape(origin, { targets: ["latest"], now: LATER });
    expect(report.days[0]).toMatchObject({ outcome: "failed" });
    expect(report.days[0]!.error).toContain(why);
    expect(await env.PAPERS.get(keys.day(claimed))).toBeNull();
    expect((await getIndex(env.PAPERS)).days[0]!.date).toBe("2026-05-18");
  });

  it("a day of clock skew is allowed: the day after the run's day is stored", async () => {
    const props = propsOf("2026-05-18");
    for (const i of props.dailyPapers) i.paper.submittedOnDailyAt = "2026-05-20T00:00:00.000Z";
    const origin = fakeOrigin(() => new Response(pageWith({ ...props, dateString: "2026-05-20" })));
    const report = await runScrape(origin, { targets: ["latest"], now: LATER });
    expect(report.days[0]).toMatchObject({ date: "2026-05-20", outcome: "stored" });
  });
});
