// A paper new to its first day, listed on its second. A newer read of the first day finds it renamed;
// a slower, older read lands its day record, summary and record of the old title over all of it. A
// fold of the newer read's observation, as a record written before records kept the renames holds it,
// keeps the old line and writes a summary that takes the newer read's run in: no run folded that run
// again, and no value held the rename. The newer read's record keeps the rename (Observation.renamed):
// the next run's fold of the recent runs folds the day again though the summary names the run, and
// restores the rename, in the day's line and the paper's record, dated at that read.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { foldRecentRuns } from "../../src/store/runs";
import { dayKeys } from "../stored";
import {
  beforeRenamesKept,
  lineTitle,
  madeUpDay,
  observedOf,
  runIdAt,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.65001", "2605.65002", "2605.65003"];
const kv = env.PAPERS;

it("a run the summary takes in is folded again where its record keeps a rename no value holds", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  const slow = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, { papers: [first.paper(a, 1), first.paper(x, 2, "A")], kv: slow.kv });
  await untilBlocked(slow.blocked);
  const newer = await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  slow.release();
  await older;
  const observed = observedOf(T0 + 15 * MIN, newer, { wrote: true });
  expect(
    observed.observation.renamed?.map((p) => p.title),
    "the newer read's record keeps the rename",
  ).toEqual(["C"]);
  await first.run(T0 + 20 * MIN, { observed: [beforeRenamesKept(observed)] });
  expect(await lineTitle(first.DAY, x), "the fold kept the old line").toBe("A");
  const summary = JSON.parse((await kv.get(dayKeys(first.DAY).summary))!);
  expect(String(summary.runs), "the fold's summary takes the newer read's run in").toContain(observed.runId);

  const folded = await foldRecentRuns(
    kv,
    new Map([[first.DAY, [observed]]]),
    new Set(),
    runIdAt(T0 + 25 * MIN),
    T0 + 25 * MIN,
  );
  expect(
    folded.map((f) => f.date),
    "the day folded again",
  ).toEqual([first.DAY]);
  expect(await lineTitle(first.DAY, x), "the first day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
  // The repair pass of both days, upstream down, keeps it.
  for (const day of [first, second]) await day.run(T0 + 30 * MIN, { check: true });
  expect(await lineTitle(first.DAY, x), "the first day's line after the repair pass").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record after the repair pass").toBe("C");
});
