// A paper listed on two days, renamed, read on one of them: its own record takes the new title,
// stamped at that read, and the other day's line keeps the old one (that day was not read since).
// A run that then moves only that other day's counters (a fold of another run's observation, or a
// read whose content matches the summary) stamps the day's summary later than the paper record,
// though the day's content is as old as before. The repair pass weighed the paper record against
// that version: it took the record for older than the day and put the old title back in it, and
// no later read of the renamed day looks at paper records again (found by overlapFuzz.test.ts,
// seed 33247).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { madeUpDay, runIdAt } from "./attackShared";

const { DAY, T0, MIN, paper, run, settle } = madeUpDay("2026-05-18");
const other = madeUpDay("2026-05-19");

it("the repair pass of a day whose counters alone moved since a paper's rename leaves the paper's newer record", async () => {
  const [a, b, c] = ["2605.30001", "2605.30002", "2605.30003"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  await other.settle(T0, [other.paper(a, 1), other.paper(c, 3)]);
  // The other day is read after the rename.
  const renamedAt = T0 + 10 * MIN;
  await other.settle(renamedAt, [other.paper(a, 1, "The renamed title"), other.paper(c, 3)]);
  const title = async () => decodePaperRecord((await env.PAPERS.get(paperRecordKey(a)))!, a)?.paper?.title;
  expect(await title()).toBe("The renamed title");
  // A run folds into the first day another run's observation of its counters (read before the rename).
  const foldAt = T0 + 20 * MIN;
  const observation = {
    date: DAY,
    at: (T0 + 5 * MIN) / 1000,
    ids: [a, b],
    counters: [{ upvotes: 4 }, { upvotes: 2 }],
  };
  const folded = await run(foldAt, { observed: [{ runId: runIdAt(T0 + 5 * MIN), observation }] });
  expect(folded.contentWritten, "the fold moves counters only").toBe(false);
  // The repair pass comes round to the first day.
  const repairAt = T0 + 30 * MIN;
  await run(repairAt, { check: true });
  expect(await title(), "the paper's record").toBe("The renamed title");
});
