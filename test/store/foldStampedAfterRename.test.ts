// A fold (a run that did not read the day) reads the store before a read finds a paper renamed,
// and writes after it: the read's paper record of the new title lands first, then the fold's day
// record of the old line, stamped at the fold's own time, later than the read, and its summary,
// which lacks the read. The fold's lines are as old as its summary says the newest read it took
// in was, older than the read of the rename. The next fold, given the read's observation (its
// records hold the content it wrote), weighs the paper's record against the day record's stamp
// alone: no later than that, the record is not taken, and the day keeps the old line. It leaves
// the renamed record (newer than the day's content), so the paper's record and the day's line
// disagree, and no run after looks at the record again: the day serves the old title (found by
// stagedOverlapFuzz.test.ts, seed 70916).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  lineTitle,
  madeUpDay,
  observedOf,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const { DAY, T0, MIN, paper, run, settle, undoneRead } = madeUpDay("2026-05-20");
const SEC = 1000;
const [x, a, b] = ["2605.80001", "2605.80002", "2605.80003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const line = () => lineTitle(DAY, x);
const own = async () => (await storedPaperRecord(x))?.paper?.title;

it("a fold after a fold stamped past a read of a rename, whose day record of the old line landed last, takes the renamed record", async () => {
  await settle(T0, [paper(x, 1), paper(a, 2)]);
  // A read that added paper b, whose day record and summary an older run's landed over.
  const undoneAt = T0 + 10 * MIN;
  const { settled: undone } = await undoneRead(undoneAt, [paper(x, 1), paper(a, 2), paper(b, 3)]);
  const undoneObserved = observedOf(undoneAt, undone, { wrote: true });

  // The fold puts b back from the old lines; it reads the store, and its writes wait.
  const foldAt = T0 + 21 * MIN;
  const fold = slowWrites(kv);
  const folding = run(foldAt, { observed: [undoneObserved], kv: fold.kv });
  await untilBlocked(fold.blocked);

  // Meanwhile a read made before the fold's time finds x renamed, and writes whole.
  const readAt = foldAt - 60 * SEC;
  const read = await run(readAt, { papers: [paper(x, 1, renamed), paper(a, 2), paper(b, 3)] });
  expect(await own(), "the paper's record after the read").toBe(renamed);

  // The fold's day record of the old line and its summary, lacking the read, land last.
  fold.release();
  await folding;
  expect(await line(), "the day's line after the fold").toBe(`Title ${x}`);
  expect(await own(), "the paper's record after the fold").toBe(renamed);

  // The next fold is given the read's observation, and the paper records it wrote.
  await run(foldAt + 9 * MIN, { observed: [undoneObserved, observedOf(readAt, read, { wrote: true })] });
  expect(await own(), "the paper's record after the next fold").toBe(renamed);
  expect(await line(), "the day's line after the next fold").toBe(renamed);

  // The repair pass.
  await run(foldAt + 19 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});
