// Three reads of a day a few seconds apart, the newest after a paper's rename: the newest read lands
// whole (the paper's record, the day record, the summary: the new title), then a slower read's day
// record of the old line lands over it, stamped before it. The oldest read settles between the slower
// read's day record and its summary: it counts as older than that record and keeps its old line, and
// writes a summary naming those old lines with its counters (the newest read's among them) observed
// when the newest read was. A fold of the slower read, whose summary the oldest one undid, then dates
// the day's content at that observation, as the summary names the record's content: the paper's
// record, which the newest read wrote at that very second, counts as no newer than the day, and the
// fold writes the old title over it. The paper then answers the old title, and a later fold, finding
// that record written by a run the summary lacks, carries it back into the day's line over a newer
// read's (found by stagedOverlapFuzz.test.ts, seed 38955).
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

const { DAY, K, T0, MIN, paper, run, settle } = madeUpDay();
const SEC = 1000;
const [a, x, y] = ["2605.80001", "2605.80002", "2605.80003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const line = () => lineTitle(DAY, x);
const own = async () => (await storedPaperRecord(x))?.paper?.title;

it("an older read between a slower read's day record and its summary leaves the newer read's rename", async () => {
  await settle(T0, [paper(a, 1), paper(x, 2)]);

  // The oldest read (+4s), the slower one (+6s), which finds a new paper y, and the newest (+18s),
  // after paper x's rename.
  const olderAt = T0 + 10 * MIN + 4 * SEC;
  const slowerAt = olderAt + 2 * SEC;
  const newerAt = olderAt + 14 * SEC;
  // The slower read's writes wait; its summary waits longer.
  const lateSummary = slowWrites(kv, (key) => key === K.summary);
  const slower = slowWrites(lateSummary.kv);
  const slowing = run(slowerAt, { papers: [paper(a, 1), paper(x, 2), paper(y, 3)], kv: slower.kv });
  await untilBlocked(slower.blocked);
  // The newest read lands whole.
  await run(newerAt, { papers: [paper(a, 1), paper(x, 2, renamed), paper(y, 3)] });
  slower.release();
  await untilBlocked(lateSummary.blocked);
  expect(await line(), "the slower read's day record landed last").not.toBe(renamed);
  expect(await own(), "the newest read's record of the paper").toBe(renamed);

  // The oldest read settles under the newest read's summary; its writes land after the slower read's summary.
  const oldest = slowWrites(kv);
  const settling = run(olderAt, { papers: [paper(a, 1), paper(x, 2)], kv: oldest.kv });
  await untilBlocked(oldest.blocked);
  lateSummary.release();
  const slowerSettled = await slowing;
  oldest.release();
  await settling;
  expect(await own(), "the paper's record after the oldest read").toBe(renamed);

  // A later run, upstream down, folds the slower read's observation, which the summary lacks; then
  // the repair pass.
  await run(T0 + 20 * MIN, { observed: [observedOf(slowerAt, slowerSettled, { wrote: true })] });
  expect(await own(), "the paper's record after the fold").toBe(renamed);
  await run(T0 + 30 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});
