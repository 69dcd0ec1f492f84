// A paper listed on a second day, then renamed: a read of the day made before the rename (and
// before the day listed the paper in any stored value) is staged, and settled later, stamped when
// it is settled. A newer read of the day, after the rename, writes the paper's record (the new
// title, listing the day) first; the staged read, settling beside it, reads the day record and
// summary before that read's land but the paper's record after, and finds the paper new to the
// day: no line, no summary entry, so no older read (the record's stamp is before it). It leaves the
// paper's record, which it sees was written after its read (readBefore, newerThanDay), but it
// writes its own old title as the day's line, and its day record, stamped at the later settling
// time, lands after the newer read's. A fold of the newer read's observation then weighs the
// paper's record (stamped at the newer read) against that later day record, finds it older, and
// writes the old title over it too: the day and the paper serve the old title, and no later read
// of the day puts the rename back (found by stagedOverlapFuzz.test.ts, seed 37116).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, observedOf, storedPaperRecord } from "./attackShared";

const { DAY, T0, MIN, paper, run, settle, stagedBesideNewer } = madeUpDay("2026-05-19");
const other = madeUpDay("2026-05-18");
const SEC = 1000;
const [a, b, x] = ["2605.70001", "2605.70002", "2605.70003"];
const renamed = "The renamed title";
const _kv = env.PAPERS;

const line = () => lineTitle(DAY, x);
const own = async () => (await storedPaperRecord(x))?.paper?.title;

it("a staged read of a paper's second day, older than its rename, leaves the newer read's line", async () => {
  // Paper x is listed on the other day; this day lists a and b.
  await other.settle(T0, [other.paper(x, 1)]);
  await settle(T0, [paper(a, 1), paper(b, 2)]);

  // The day lists x too: a read made now is staged, and settled beside a newer read, which finds
  // x renamed and writes x's record first; the newer read's writes land, then the staged read's.
  const stagedAt = T0 + 10 * MIN;
  const newerAt = T0 + 40 * MIN;
  const newerSettled = await stagedBesideNewer(
    { at: newerAt, papers: [paper(a, 1), paper(b, 2), paper(x, 1, renamed)] },
    { at: stagedAt, papers: [paper(a, 1), paper(b, 2), paper(x, 1)], settledAt: newerAt + 18 * SEC },
    async () => expect(await own(), "the newer read's record of the paper").toBe(renamed),
  );
  expect(await own(), "the paper's record after the staged read").toBe(renamed);
  // The day's line is the staged read's old title now (its day record landed last, stamped later):
  // what the fuzzer found; the runs after must not make it the paper's title too.

  // A later run, upstream down, folds the newer read's observation; then the repair pass.
  await run(T0 + 50 * MIN, { observed: [observedOf(newerAt, newerSettled, { wrote: true })] });
  expect(await own(), "the paper's record after the fold").toBe(renamed);
  expect(await line(), "the day's line after the fold").toBe(renamed);
  await run(T0 + 60 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});
