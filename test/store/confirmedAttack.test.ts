// A run record keeps the reads that found a day's counters as stored (`confirmed`), and the next
// runs merge one back where it is newer than the summary's counts and differs. A run record is
// a stored value like any other: what it says of a read must not fail a run, move counts back
// to what is older than the summary, or be merged again on every run (each merge writes the
// summary); and while upstream holds still, the reads it keeps must cost no write at all.
import { describe, expect, it } from "vitest";
import { toIsoDate } from "../../src/core/dates";
import { CRON_INTERVAL_MINUTES } from "../../src/core/schedule";
import { scheduledRun, scrape } from "../../src/scrape/run";
import { newRunId, runRecordKey } from "../../src/store/runs";
import { decodeSummary, type StoredSummary } from "../../src/store/values/summary";
import { countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { NOW, runScrape } from "../helpers";
import { memoryKv } from "../memoryKv";
import { dayKeys, storedIndex } from "../stored";
import { down, firstPaperAt } from "./attackShared";

const DAY = "2026-05-18";
const K = dayKeys(DAY);
const MIN = 60_000;
const first = propsOf(DAY).dailyPapers[0]!.paper.upvotes;

const summaryOf = async (kv: KVNamespace) => decodeSummary((await kv.get(K.summary))!, DAY)!;
/** Keys of the day's values and of papers' records: what a run that changed nothing leaves alone. */
const dayWrites = (puts: string[]) =>
  puts.filter((k) => Object.values(K).includes(k) || k.startsWith("paper:"));

/** A run record started at `startedAt` (ms), its report copied from a stored one, keeping `confirmed` as given. */
async function plantConfirmed(kv: KVNamespace, startedAt: number, confirmed: unknown): Promise<string> {
  const template = JSON.parse((await kv.get((await storedIndex(kv)).last_run!.key))!);
  const id = newRunId(new Date(startedAt).toISOString());
  await kv.put(
    runRecordKey(id),
    JSON.stringify({ ...template, id, observed: [], confirmed, unpurged: [], unannounced: false }),
  );
  return id;
}

describe("a run record's confirmed reads, planted", () => {
  /** A day read, a run record planted a minute on, and four runs: upstream down, the same page, down, the same page. */
  async function fourRuns(plant: (summary: StoredSummary, at: number) => unknown[]) {
    const kv = memoryKv();
    await runScrape(firstPaperAt(DAY, first), { kv, targets: [DAY], now: NOW });
    const summary = await summaryOf(kv);
    await plantConfirmed(kv, NOW + MIN, plant(summary, NOW / 1000));
    const counting = countingKv(kv);
    const origins = [down(), firstPaperAt(DAY, first), down(), firstPaperAt(DAY, first)];
    const reports = [];
    for (const [i, origin] of origins.entries()) {
      const report = await runScrape(origin, { kv: counting, targets: [DAY], now: NOW + (i + 1) * 30 * MIN });
      expect(report.errors).toBeUndefined();
      reports.push(report);
    }
    return { summary, after: await summaryOf(kv), puts: dayWrites(counting.puts), reports };
  }

  it("of every shape but a read's, or that no run could make: no run fails, no count moves, nothing is merged", async () => {
    const { summary, after, puts, reports } = await fourRuns(({ ids: listed }, at) => {
      const ids = listed.join(" ");
      const zeros = listed.map(() => [0, 0, 0]);
      return [
        null,
        "a read",
        { date: 5, at: "soon", ids: [1], counters: "many" },
        { date: DAY, at: at + 60, ids, counters: "many" },
        // Days no page may claim at the run's time.
        { date: "2031-01-01", at: at + 60, ids, counters: zeros },
        { date: "2019-01-01", at: at + 60, ids, counters: zeros },
        // Past the run's time by more than a day, and past what Date can show.
        { date: DAY, at: at + 2 * 86_400, ids, counters: zeros },
        { date: DAY, at: 9e15, ids, counters: zeros },
        // Before the summary's counts were observed.
        { date: DAY, at: at - 60, ids, counters: zeros },
        // Ids that are no arXiv ids.
        { date: DAY, at: at + 60, ids: "../../day:x <b> 2605.1", counters: [[0], [0], [0]] },
      ];
    });
    expect(reports.map((r) => r.merged_days)).toEqual([undefined, undefined, undefined, undefined]);
    expect(reports.map((r) => r.days[0]?.outcome)).toEqual(["failed", "unchanged", "failed", "unchanged"]);
    expect(puts).toEqual([]);
    expect(after.counters).toEqual(summary.counters);
  });

  it("naming papers no value holds (one, or thousands), newer than the summary: taken in by one write, never again", async () => {
    const { summary, after, puts, reports } = await fourRuns(({ ids, counters }, at) => [
      {
        date: DAY,
        at: at + 60,
        ids: [...ids, "2605.99999"].join(" "),
        counters: [...counters.map((c) => [c.upvotes, c.num_comments ?? null, c.github_stars ?? null]), [1]],
      },
      {
        date: DAY,
        at: at + 90,
        ids: Array.from({ length: 5000 }, (_, i) => `2605.${String(50000 + i)}`).join(" "),
        counters: Array.from({ length: 5000 }, () => [1, 1, 1]),
      },
    ]);
    // The first read takes them in and names the run in the summary; no run merges it again.
    expect(reports.map((r) => r.days[0]?.outcome)).toEqual(["failed", "stored", "failed", "unchanged"]);
    expect(puts).toEqual([K.summary]);
    expect(after.ids).toEqual(summary.ids);
    expect(after.counters).toEqual(summary.counters);
  });
});

it("with upstream holding still, scheduled runs keep their reads as confirmed and write nothing of any day", {
  timeout: 60_000,
}, async () => {
  const template = propsOf("2026-05-15").dailyPapers;
  const origin = fakeOrigin((url) => {
    const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0] ?? toIsoDate(now);
    const [, mm, dd] = date.split("-");
    const items = template.map((item, i) => ({
      ...item,
      paper: {
        ...item.paper,
        id: `26${mm}.${dd}${String(i).padStart(3, "0")}`,
        submittedOnDailyAt: `${date}T00:00:00.000Z`,
      },
    }));
    return new Response(pageWith({ dailyPapers: items, dateString: date }));
  });
  const config = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7, DAYS_PER_RUN: 1 };
  const kv = memoryKv();
  let now = Date.parse("2026-05-19T00:00:00Z");
  await scrape({ kv, config: { ...config, DAYS_PER_RUN: 7 }, fetch: origin.fetch, now, repair: true });
  const counting = countingKv(kv);
  // Six hours of runs, twice as long as a run looks back at others' records.
  const confirmed: number[] = [];
  for (let i = 1; i <= 36; i++) {
    now += CRON_INTERVAL_MINUTES * MIN;
    const { task, targets, repair } = scheduledRun(now, config.WINDOW_DAYS, config.DAYS_PER_RUN);
    const stage = task !== "upkeep";
    const report = await scrape(
      { kv: counting, config, fetch: origin.fetch, now, repair, task, ...(stage ? { stage } : {}) },
      targets,
    );
    expect(report.ok).toBe(true);
    expect(report.merged_days).toBeUndefined();
    const key = (await storedIndex(kv)).last_run!.key;
    confirmed.push(JSON.parse((await kv.get(key))!).confirmed?.length ?? 0);
  }
  expect(dayWrites(counting.puts)).toEqual([]);
  // The reads were kept all the same: what the merge is there for is in the records.
  expect(confirmed.some((n) => n > 0)).toBe(true);
});
