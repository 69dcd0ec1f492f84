// A paper the day lists already is renamed: a read of the day made before the rename (which found
// another paper renamed, so it writes the day's content) is staged, and settled later, stamped when
// it is settled. A newer read of the day, after the rename, writes the paper's record (the new
// title) first; the staged read, settling beside it, reads the day record and summary before that
// read's land but the paper's record after. The day record is older than the staged read, so it is
// no older read: it leaves the paper's record, which it sees was written after its read
// (readBefore, newerThanDay), but it writes its own old title as the day's line, the very line the
// day had, and its day record, stamped at the later settling time, lands after the newer read's. A
// fold of the newer read's observation then finds the paper's record (stamped at the newer read)
// older than that day record, and writes the old title over it too: the day and the paper serve the
// old title, and no later read of the day puts the rename back (found by stagedOverlapFuzz.test.ts,
// seed 39950).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, observedOf, storedPaperRecord } from "./attackShared";

const { DAY, T0, MIN, paper, run, settle, stagedBesideNewer } = madeUpDay("2026-05-19");
const SEC = 1000;
const [a, b, x] = ["2605.80001", "2605.80002", "2605.80003"];
const renamed = "The renamed title";
const bRenamed = "Another renamed title";
const _kv = env.PAPERS;

const line = () => lineTitle(DAY, x);
const own = async () => (await storedPaperRecord(x))?.paper?.title;

it("a staged read older than a rename of a paper the day lists leaves the newer read's line", async () => {
  await settle(T0, [paper(a, 1), paper(b, 2), paper(x, 3)]);

  // b is renamed; a read made now is staged, and settled beside a newer read, which finds x
  // renamed too and writes x's record first; the newer read's writes land, then the staged read's.
  const stagedAt = T0 + 10 * MIN;
  const newerAt = T0 + 40 * MIN;
  const newerSettled = await stagedBesideNewer(
    { at: newerAt, papers: [paper(a, 1), paper(b, 2, bRenamed), paper(x, 3, renamed)] },
    {
      at: stagedAt,
      papers: [paper(a, 1), paper(b, 2, bRenamed), paper(x, 3)],
      settledAt: newerAt + 59 * SEC,
    },
    async () => expect(await own(), "the newer read's record of the paper").toBe(renamed),
  );
  expect(await own(), "the paper's record after the staged read").toBe(renamed);

  // A later run, upstream down, folds the newer read's observation; then the repair pass.
  await run(T0 + 50 * MIN, { observed: [observedOf(newerAt, newerSettled, { wrote: true })] });
  expect(await own(), "the paper's record after the fold").toBe(renamed);
  expect(await line(), "the day's line after the fold").toBe(renamed);
  await run(T0 + 60 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});
