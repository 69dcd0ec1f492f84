// The free plan's 1,000 KV writes a day (developers.cloudflare.com/kv/platform/limits),
// counted over a simulated day of default scheduled runs, every put recorded.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDays, toIsoDate } from "../../src/core/dates";
import { CRON_INTERVAL_MINUTES } from "../../src/core/schedule";
import { scheduledRun, scrape } from "../../src/scrape/run";
import { forgetIndex, readIndex } from "../../src/store/days";
import { indexWords } from "../../src/store/words";
import { countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";

/** Scheduled runs a day, and of them each task's (the newest list, a window day, upkeep). */
const RUNS_A_DAY = (24 * 60) / CRON_INTERVAL_MINUTES;
const EACH_TASK = RUNS_A_DAY / 3;

/**
 * A day of default scheduled runs (their tasks in turn), after a run over the whole window.
 * `unnamedWordIndexes`: that many settled weekdays stored before it, each with a word index
 * the index does not name (as after an upgrade from a release without IndexEntry.words).
 */
async function simulateDay(options: { growingNewestList: boolean; unnamedWordIndexes?: number }) {
  const template = propsOf("2026-05-15").dailyPapers;
  let runs = 0;
  let newestReads = 0;
  let now = 0;
  const start = Date.parse("2026-05-19T00:00:00Z");
  const origin = fakeOrigin((url) => {
    const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0] ?? toIsoDate(now);
    const [, mm, dd] = date.split("-");
    // The newest list grows through the day when asked to: one more paper every time it is read.
    const size =
      options.growingNewestList && date === toIsoDate(start)
        ? Math.min(1 + newestReads, template.length)
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
  const scheduled = (t: number, kv: KVNamespace) => {
    now = t;
    runs++;
    const { task, targets, repair } = scheduledRun(t, config.WINDOW_DAYS, config.DAYS_PER_RUN);
    if (task === "newest") newestReads++;
    return scrape({ kv, config, fetch: origin.fetch, now: t, repair, task }, targets);
  };
  // The evening before: the archive already holds the whole window.
  now = start - 15 * 60_000;
  const settled: string[] = [];
  for (let d = "2026-05-08"; settled.length < (options.unnamedWordIndexes ?? 0); d = addDays(d, -1))
    if (![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) settled.push(d);
  for (let i = 0; i < settled.length; i += 5)
    await scrape({ kv: env.PAPERS, config, fetch: origin.fetch, now }, settled.slice(i, i + 5));
  for (const d of settled) expect((await indexWords(env.PAPERS, d)).outcome).toBe("indexed");
  runs++;
  newestReads++;
  await scrape({
    kv: env.PAPERS,
    config: { ...config, DAYS_PER_RUN: 7 },
    fetch: origin.fetch,
    now,
    repair: true,
  });
  const kv = countingKv(env.PAPERS);
  for (let i = 0; i < RUNS_A_DAY; i++)
    expect((await scheduled(start + i * CRON_INTERVAL_MINUTES * 60_000, kv)).ok).toBe(true);
  const by = (prefix: string) => kv.puts.filter((k) => k.startsWith(prefix)).length;
  forgetIndex();
  const named = (await readIndex(env.PAPERS)).days.filter((e) => e.words).map((e) => e.date);
  return { total: kv.puts.length, by, lists: kv.lists(), reads: kv.gets.length, named };
}

describe("KV writes in a day of default scheduled runs", () => {
  it("with every counter (upvotes, stars, comments) moving on every run: 430, under half the free plan", {
    timeout: 120_000,
  }, async () => {
    const { total, by, lists, reads } = await simulateDay({ growingNewestList: false });
    // Counters change only the small summaries and the histories: 1 each a run that reads
    // (the newest list, or 1 day of the window). Never a day record, a search text, a brief
    // or a paper's record.
    expect(by("list:")).toBe(EACH_TASK * 2);
    expect(by("hist:")).toBe(EACH_TASK * 2);
    // The index (its data versions move, it points to the run) and the run's record, once a
    // run that reads, and once for the upkeep run that built a word index; upkeep that
    // found its day sound writes nothing.
    expect(by("days")).toBe(EACH_TASK * 2 + 1);
    expect(by("run:")).toBe(EACH_TASK * 2 + 1);
    // The new day arrives once, whole: its record, its search text and brief, its 40 papers' records.
    expect(by("day:")).toBe(1);
    expect(by("text:")).toBe(1);
    expect(by("brief:")).toBe(1);
    expect(by("paper:")).toBe(40);
    // The one day that has left the window gets its word index, once: it no longer changes.
    expect(by("words:")).toBe(1);
    expect(total).toBe(430);
    expect(total).toBeLessThan(500);
    // The free plan's 1,000 list operations a day: a run lists the run records, and one that
    // writes the index lists the day keys too. Its 100,000 reads are far off.
    expect(lists).toBe(RUNS_A_DAY + EACH_TASK * 2 + 1);
    expect(reads).toBeLessThan(10_000);
  });

  it("with the newest list also growing by a paper every time it is read: 541, still well under", {
    timeout: 120_000,
  }, async () => {
    const { total, by } = await simulateDay({ growingNewestList: true });
    // The new day first shows 3 papers, then one more each read until all 40 are listed: 38
    // runs change its content, each rewriting its record, search text and brief; each
    // paper's record is written once.
    expect(by("day:")).toBe(38);
    expect(by("text:")).toBe(38);
    expect(by("brief:")).toBe(38);
    expect(by("paper:")).toBe(40);
    expect(by("list:")).toBe(EACH_TASK * 2);
    expect(by("hist:")).toBe(EACH_TASK * 2);
    // Upkeep builds the word index of the day that left the window, once.
    expect(by("words:")).toBe(1);
    expect(total).toBe(38 * 3 + 40 + 1 + EACH_TASK * 2 * 4 + 2);
    expect(total).toBe(541);
  });

  it("after an upgrade, over 60 settled days whose word indexes the index does not name: two more index writes name them all", {
    timeout: 300_000,
  }, async () => {
    const { total, by, named } = await simulateDay({ growingNewestList: false, unnamedWordIndexes: 60 });
    expect(named.filter((d) => d < "2026-05-09")).toHaveLength(60);
    // The upkeep runs that find the first unnamed ones look for up to 40 more each.
    expect(by("days")).toBe(EACH_TASK * 2 + 1 + 2);
    expect(by("run:")).toBe(EACH_TASK * 2 + 1 + 2);
    expect(total).toBe(430 + 4);
  });
});
