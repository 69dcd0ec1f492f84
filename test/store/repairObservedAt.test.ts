// The repair pass takes a paper's counts from the history's newest point where it is newer
// than the summary's (a run whose summary write was lost). The summary it writes must say they
// were observed then, not when the old summary's were: the run's record hands that time on
// with the counts, and a later run that merges the record back would otherwise add a point
// claiming the new count at the old time, beside the true one (found by overlapFuzz.test.ts).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { propsOf } from "../fixtures";
import { answer, forgetStored, runScrape } from "../helpers";
import { dayKeys } from "../stored";
import { dayPage, down, failingWrite, slowWrites, untilBlocked } from "./attackShared";

const DAY = "2026-05-18";
const K = dayKeys(DAY);
const T0 = Date.parse("2026-05-19T00:20:00Z");
const MIN = 60_000;

it("a summary the repair pass rebuilt from newer history points says when they were observed, and no point claims its count at an older time", async () => {
  const id = propsOf(DAY).dailyPapers[0]!.paper.id;
  const before = propsOf(DAY).dailyPapers[0]!.paper.upvotes;
  const newer = dayPage(DAY, (p) => {
    p.dailyPapers[0]!.paper.upvotes = before + 5;
  });
  await runScrape(
    dayPage(DAY, () => {}),
    { targets: [DAY], now: T0 },
  );
  // A run saw more upvotes; its history write went through, its summary write failed.
  await runScrape(newer, { kv: failingWrite(env.PAPERS, "list:"), targets: [DAY], now: T0 + 10 * MIN });
  expect(decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!.observed_at).toBe(
    new Date(T0).toISOString(),
  );

  // A slower run reads the day before the repair pass and writes after it, undoing its summary.
  const slow = slowWrites(env.PAPERS);
  const slower = runScrape(newer, { kv: slow.kv, targets: [DAY], now: T0 + 25 * MIN });
  await untilBlocked(slow.blocked);
  const repair = await runScrape(down(), { targets: [], now: T0 + 20 * MIN, repair: true });
  expect(repair.repair).toEqual({ date: DAY, outcome: "repaired" });
  const repaired = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
  expect(repaired.counters[repaired.ids.indexOf(id)]!.upvotes).toBe(before + 5);
  expect(Date.parse(repaired.observed_at)).toBeGreaterThanOrEqual(T0 + 10 * MIN);
  slow.release();
  await slower;

  // The next run merges the repair pass's record back.
  await runScrape(down(), { targets: [DAY], now: T0 + 40 * MIN });
  const points = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!.papers.get(id)!.points;
  expect(points).toEqual([
    [T0 / 1000, before],
    [(T0 + 10 * MIN) / 1000, before + 5],
  ]);
  forgetStored();
  const history = (await answer(PaperAnswer, `/api/papers/${id}`)).upvote_history;
  expect(new Set(history.map(([t]) => t)).size).toBe(history.length);
});
