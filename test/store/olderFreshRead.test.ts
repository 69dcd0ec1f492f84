// A run stamped up to a minute before one that wrote the day first (runs out of order) reads
// counts no newer than the summary's: it writes no summary, only its point in the history. A
// run that read the history before that write and writes it after undoes the point, and no
// value held it: it was lost for good (found with overlapFuzz.test.ts). Its record now keeps
// its read, at its own time, for the next run to merge back.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { propsOf } from "../fixtures";
import { runScrape } from "../helpers";
import { dayKeys } from "../stored";
import { down, firstPaperAt, slowWrites, untilBlocked } from "./attackShared";

const DAY = "2026-05-18";
const K = dayKeys(DAY);
const T0 = Date.parse("2026-05-19T00:20:00Z");
const MIN = 60_000;

it("the history point of a run stamped before the summary it read is not lost to a run that read the history before it", async () => {
  const id = propsOf(DAY).dailyPapers[0]!.paper.id;
  const first = propsOf(DAY).dailyPapers[0]!.paper.upvotes;
  const withUpvotes = (n: number) => firstPaperAt(DAY, n);
  await runScrape(withUpvotes(first), { targets: [DAY], now: T0 });
  const a = T0 + 10 * MIN;
  const c = a + MIN / 2;
  const b = a + MIN;
  // B, stamped last, writes the day first.
  await runScrape(withUpvotes(first + 1), { targets: [DAY], now: b });
  // C reads the day and holds its writes; A, stamped first, reads and writes its point.
  const slowC = slowWrites(env.PAPERS);
  const runC = runScrape(withUpvotes(first + 1), { kv: slowC.kv, targets: [DAY], now: c });
  await untilBlocked(slowC.blocked);
  await runScrape(withUpvotes(first + 1), { targets: [DAY], now: a });
  slowC.release();
  await runC;
  // Two later runs, upstream down.
  await runScrape(down(), { targets: [DAY], now: b + 10 * MIN });
  await runScrape(down(), { targets: [DAY], now: b + 20 * MIN });
  const points = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!.papers.get(id)!.points;
  expect(points).toEqual([
    [T0 / 1000, first],
    [a / 1000, first + 1],
    [c / 1000, first + 1],
    [b / 1000, first + 1],
  ]);
  // The counts and when they were observed stay the newest run's.
  const summary = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
  expect(summary.counters[summary.ids.indexOf(id)]!.upvotes).toBe(first + 1);
  expect(summary.observed_at).toBe(new Date(b).toISOString());
});
