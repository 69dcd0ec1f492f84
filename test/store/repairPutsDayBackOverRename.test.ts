// A paper listed on two days whose own record lost the first day's listing (a read of the second
// day, which read the record before the first day's write, landed its record last). A read of the
// second day then finds the paper renamed and writes its record (still listing the second day
// alone). The repair pass on the first day finds the record lacking the day and puts the day back,
// with the first day's line, the old title, though the record's content was read after that line:
// the paper's own record keeps an older title than its days' newest read, stamped after it, and
// every run after takes it for the newer.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, listingLost, madeUpDay, runsAfterThenRepair, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.30001", "2605.30002", "2605.30003"];
const renamed = "The renamed title";
const _kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("the repair pass putting a day back in a paper's record keeps the record's newer title", async () => {
  // The second day's first read reads before the first day's is written, and lands last.
  await listingLost(
    { day: second, at: T0 + MIN, papers: [second.paper(c, 3), second.paper(x, 2)] },
    { day: first, at: T0, papers: [first.paper(a, 1), first.paper(x, 2)] },
  );
  expect((await record())?.listed_on, "x's record, the first day's listing lost").toEqual([second.DAY]);

  // The rename's read of the second day; then the repair pass on the first day.
  await second.settle(T0 + 20 * MIN, [second.paper(c, 3), second.paper(x, 2, renamed)]);
  expect((await record())?.paper?.title, "x's record after the rename's read").toBe(renamed);
  await first.run(T0 + 21 * MIN, { check: true });
  expect((await record())?.listed_on, "x's record after the repair pass").toEqual([second.DAY, first.DAY]);

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 30 * MIN);
  expect(await line(second.DAY), "the second day's line").toBe(renamed);
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe(renamed);
});
