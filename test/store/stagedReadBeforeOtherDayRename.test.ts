// A paper listed on one day is listed on a second day too: a read of the second day made then,
// before the paper's rename, is staged, and settled later. In between, a read of the first day
// finds the rename and writes the paper's record (the new title, listing the first day only),
// stamped after the staged read. The staged read, settled, finds the paper new to its day (no
// line, no summary entry), and its record lists no other day than the first: the record is not
// this day's, so the read takes it for nothing it must weigh, writes its old title as the day's
// line, and writes the paper's record with its old title over the rename, listing both days. No
// later read of either day writes the rename back: the first day's values already name it (found
// by stagedOverlapFuzz.test.ts, seed 38585).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const { DAY, T0, MIN, paper, run, settle } = madeUpDay("2026-05-18");
const other = madeUpDay("2026-05-20");
const [a, b, x] = ["2605.80001", "2605.80002", "2605.80003"];
const renamed = "The renamed title";
const _kv = env.PAPERS;

const line = () => lineTitle(DAY, x);
const own = () => storedPaperRecord(x);

it("a staged read of a paper's second day, older than its rename on the first, leaves the renamed record", async () => {
  // Paper x is listed on the other day; this day lists a and b.
  await other.settle(T0, [other.paper(x, 1)]);
  await settle(T0, [paper(a, 1), paper(b, 2)]);

  // The day lists x too: a read made now is staged, and settled later.
  const stagedAt = T0 + 10 * MIN;
  // x is renamed; a read of the other day finds it, and writes x's record (listing that day alone).
  await other.run(T0 + 30 * MIN, { papers: [other.paper(x, 2, renamed)] });
  expect((await own())?.paper?.title, "the newer read's record of the paper").toBe(renamed);

  // The staged read is settled, stamped when it is.
  await run(stagedAt, { papers: [paper(a, 1), paper(b, 2), paper(x, 1)], versionAt: T0 + 40 * MIN });
  const settled = await own();
  expect(settled?.paper?.title, "the paper's record after the staged read").toBe(renamed);
  expect([...(settled?.listed_on ?? [])].sort(), "the days the paper's record lists").toEqual([
    DAY,
    other.DAY,
  ]);
  expect(await line(), "the day's line after the staged read").toBe(renamed);

  // The repair pass after it finds both values agreeing.
  await run(T0 + 50 * MIN, { check: true });
  expect((await own())?.paper?.title, "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});
