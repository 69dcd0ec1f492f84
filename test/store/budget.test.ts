// The free plan's 1,000 KV writes a day (developers.cloudflare.com/kv/platform/limits),
// counted over a simulated day of default scheduled runs, every put recorded.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toIsoDate } from "../../src/core/dates";
import { scrape } from "../../src/scrape/run";
import { countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";

const RUNS_A_DAY = 48;

/** A day of default runs (newest list + 1 older day in rotation), after a run over the whole window. */
async function simulateDay(options: { growingNewestList: boolean }) {
  const template = propsOf("2026-05-15").dailyPapers;
  let runs = 0;
  let now = 0;
  const start = Date.parse("2026-05-19T00:00:00Z");
  const origin = fakeOrigin((url) => {
    const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0] ?? toIsoDate(now);
    const [, mm, dd] = date.split("-");
    // The newest list grows through the day when asked to: one more paper every run.
    const size =
      options.growingNewestList && date === toIsoDate(start)
        ? Math.min(1 + runs, template.length)
        : template.length;
    const items = template.slice(0, size).map((item, i) => ({
      ...item,
      paper: {
        ...item.paper,
        id: `26${mm}.${dd}${String(i).padStart(3, "0")}`,
        submittedOnDailyAt: `${date}T00:00:00.000Z`,
        // Every counter of every paper moves between any two runs: upvotes, stars, comments.
        upvotes: item.paper.upvotes + runs,
        githubRepo: "https://github.com/example/repo",
        githubStars: 100 + runs,
      },
      numComments: runs,
    }));
    return new Response(pageWith({ dailyPapers: items, dateString: date }));
  });
  const config = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7, DAYS_PER_RUN: 1 }; // the defaults
  const runAt = (t: number, kv: KVNamespace, perRun = config.DAYS_PER_RUN) => {
    now = t;
    runs++;
    return scrape({
      kv,
      config: { ...config, DAYS_PER_RUN: perRun },
      fetch: origin.fetch,
      now: t,
      repair: true,
    });
  };
  // The evening before: the archive already holds the whole window.
  await runAt(start - 15 * 60_000, env.PAPERS, 7);
  const kv = countingKv(env.PAPERS);
  for (let i = 0; i < RUNS_A_DAY; i++) expect((await runAt(start + i * 30 * 60_000, kv)).ok).toBe(true);
  const by = (prefix: string) => kv.puts.filter((k) => k.startsWith(prefix)).length;
  return { total: kv.puts.length, by };
}

describe("KV writes in a day of default scheduled runs", () => {
  it("with every counter (upvotes, stars, comments) moving on every run: 332, a third of the free plan", {
    timeout: 120_000,
  }, async () => {
    const { total, by } = await simulateDay({ growingNewestList: false });
    // Counters change only the small summaries and the histories: 2 a run each (the newest
    // list, 1 older day). Never a day record, a search text, a brief or a paper's record.
    expect(by("list:")).toBe(RUNS_A_DAY * 2);
    expect(by("hist:")).toBe(RUNS_A_DAY * 2);
    // The index (its data versions move, it points to the run) and the run's record, once a run.
    expect(by("days")).toBe(RUNS_A_DAY);
    expect(by("run:")).toBe(RUNS_A_DAY);
    // The new day arrives once, whole: its record, its search text and brief, its 40 papers' records.
    expect(by("day:")).toBe(1);
    expect(by("text:")).toBe(1);
    expect(by("brief:")).toBe(1);
    expect(by("paper:")).toBe(40);
    // The one day that has left the window gets its word index, once: it no longer changes.
    expect(by("words:")).toBe(1);
    expect(total).toBe(332);
    expect(total).toBeLessThan(500);
  });

  it("with the newest list also growing by a paper on every run: 443, still well under", {
    timeout: 120_000,
  }, async () => {
    const { total, by } = await simulateDay({ growingNewestList: true });
    // The new day first shows 3 papers, then one more each run until all 40 are listed: 38
    // runs change its content, each rewriting its record, search text and brief; each
    // paper's record is written once.
    expect(by("day:")).toBe(38);
    expect(by("text:")).toBe(38);
    expect(by("brief:")).toBe(38);
    expect(by("paper:")).toBe(40);
    expect(by("list:")).toBe(RUNS_A_DAY * 2);
    expect(by("hist:")).toBe(RUNS_A_DAY * 2);
    // A run that rewrites a day builds no word index: the first that does not, builds it.
    expect(by("words:")).toBe(1);
    expect(total).toBe(38 * 3 + 40 + 1 + RUNS_A_DAY * 6);
  });
});
