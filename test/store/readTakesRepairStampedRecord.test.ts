// A paper listed on two days whose own record lost one day's listing (a read of its other day,
// which read the record before that day's write, landed its record last). The repair pass on that
// day puts the listing back, with the paper's old title, stamped at its own time. A read of a third
// day, started half a minute before the repair pass but slow to read upstream, finds the paper
// renamed and new to that day, and reads the store after the repair pass's write: it takes the
// paper's record, stamped after its read, for a newer read's, and writes the old title as the
// day's line and the paper's record. The rename it read is lost everywhere.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, listingLost, madeUpDay, runsAfterThenRepair, storedPaperRecord } from "./attackShared";

const third = madeUpDay("2026-05-17");
const second = madeUpDay("2026-05-18");
const first = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const SEC = 1000;
const [a, c, e, x] = ["2605.20001", "2605.20002", "2605.20004", "2605.20003"];
const renamed = "The renamed title";
const _kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("a read of a paper new to its day does not take a repair pass's record, stamped after the read, for a newer read's", async () => {
  await first.settle(T0, [first.paper(c, 3)]);
  // The third day's first read reads before the second day's is written, and lands last.
  await listingLost(
    { day: third, at: T0 + MIN, papers: [third.paper(e, 4), third.paper(x, 2)] },
    { day: second, at: T0, papers: [second.paper(a, 1), second.paper(x, 2)] },
  );
  expect((await record())?.listed_on, "x's record, the second day's listing lost").toEqual([third.DAY]);

  // The repair pass on the second day puts the listing back, 30 s after a read of the first day
  // started; that read, which finds x renamed and listed there, reads the store after it.
  const readAt = T0 + 20 * MIN;
  await second.run(readAt + 30 * SEC, { check: true });
  expect((await record())?.listed_on, "x's record after the repair pass").toEqual([second.DAY, third.DAY]);
  await first.settle(readAt, [first.paper(c, 3), first.paper(x, 2, renamed)]);

  // Upstream down: the runs after, then the repair pass on every day.
  await runsAfterThenRepair([first, second, third], T0 + 30 * MIN);
  expect(await line(first.DAY), "the first day's line").toBe(renamed);
  expect((await record())?.paper?.title, "x's record").toBe(renamed);
});
