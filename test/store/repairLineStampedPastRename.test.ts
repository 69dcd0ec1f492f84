// A paper listed on two days whose own record holds an older title than the first day's line and
// lacks that day: a read of the second day, made before a rename the first day's read found, read
// the store before that read wrote, and landed its record last. The repair pass on the first day
// reads the record and is slow to write; a read of the second day finds the paper renamed again
// meanwhile and writes its record. The repair pass then puts the first day back in the record with
// the first day's line (newer than the record's content, so not kept), and dates that content at
// its own write, after the rename's read: its record lands over the rename's, and every run after
// takes it for the newer (the second day's line stays renamed, the paper's record keeps the
// first day's older title).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  lineTitle,
  listingLost,
  madeUpDay,
  overlapping,
  runsAfterThenRepair,
  storedPaperRecord,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const SEC = 1000;
const [a, c, x] = ["2605.64001", "2605.64002", "2605.64003"];
const older = "The first title";
const middle = "The second title";
const renamed = "The renamed title";
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("the repair pass putting a day's newer line in a paper's record dates it no later than the day's read", async () => {
  // The second day's read (older title) reads before the first day's read (a newer title) writes,
  // and lands last: x's record lacks the first day and holds the older title.
  await listingLost(
    { day: second, at: T0, papers: [second.paper(c, 3), second.paper(x, 2, older)] },
    { day: first, at: T0 + MIN, papers: [first.paper(a, 1), first.paper(x, 2, middle)] },
  );
  expect((await record())?.listed_on, "x's record, the first day's listing lost").toEqual([second.DAY]);
  expect((await record())?.paper?.title, "x's record holds the older title").toBe(older);

  // The repair pass on the first day reads; its writes wait. The rename's read of the second day
  // (30 s before it) runs whole; then the repair pass's writes land.
  await overlapping(
    kv,
    (slow) => first.run(T0 + 20 * MIN + 30 * SEC, { check: true, kv: slow }),
    async () => {
      await second.settle(T0 + 20 * MIN, [second.paper(c, 3), second.paper(x, 2, renamed)]);
      expect((await record())?.paper?.title, "x's record after the rename's read").toBe(renamed);
    },
  );

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 30 * MIN);
  expect(await line(second.DAY), "the second day's line").toBe(renamed);
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe(renamed);
});
