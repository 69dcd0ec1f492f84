// A run's summary write can land last while its history write was overwritten by another
// run's, which read the history before it: the summary then names the run as included, and the
// runs after it merged back only the observations the summary does not name, so the run's
// history points were lost for good (found by overlapFuzz.test.ts). Once a later run has gone
// by, every point any run wrote is in the history.
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

it("a run whose summary landed last but whose history was overwritten keeps its history points once a later run has gone by", async () => {
  const id = propsOf(DAY).dailyPapers[0]!.paper.id;
  const first = propsOf(DAY).dailyPapers[0]!.paper.upvotes;
  const withUpvotes = (n: number) => firstPaperAt(DAY, n);
  await runScrape(withUpvotes(first), { targets: [DAY], now: T0 });
  const a = T0 + 10 * MIN;
  const c = a + MIN;

  // C (the later page) reads the day first and holds every write.
  const slowC = slowWrites(env.PAPERS);
  const runC = runScrape(withUpvotes(first + 2), { kv: slowC.kv, targets: [DAY], now: c });
  await untilBlocked(slowC.blocked);
  // A (stamped a minute earlier, the older page) writes its history, then holds its summary.
  const slowA = slowWrites(env.PAPERS, (key) => key === K.summary);
  const runA = runScrape(withUpvotes(first + 1), { kv: slowA.kv, targets: [DAY], now: a });
  await untilBlocked(slowA.blocked);
  // C's history write undoes A's; then A's summary lands last.
  slowC.release();
  await runC;
  slowA.release();
  await runA;
  const summary = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
  expect(summary.runs.some((r) => r.startsWith(new Date(a).toISOString()))).toBe(true);

  // The next run (upstream down) merges back what the store lacks.
  await runScrape(down(), { targets: [DAY], now: c + 10 * MIN });
  const points = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!.papers.get(id)!.points;
  expect(points).toEqual([
    [T0 / 1000, first],
    [a / 1000, first + 1],
    [c / 1000, first + 2],
  ]);
});
