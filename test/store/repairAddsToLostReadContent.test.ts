// A paper new to its first day, listed on its second. A read of the first day finds it renamed and
// writes the rename in its record; a slower, older read of the first day, listing the paper there first,
// lands its day record, summary and record of the old title over all of it. A fold of the newer read
// keeps the old line and writes a summary dating that content apart from the read's counters. A read
// of the first day made before the rename's read, listing another paper there, whose day record and
// summary were undone, leaves that paper in the history and its record alone; the repair pass puts it
// back, and the content it writes is the old line with it. A staged read of the second day, made
// before the newer read and after the rename, settles after it; the repair pass on the first day, taking
// the old line for observed after that staged read, writes the old title over it.
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

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x, y] = ["2605.65001", "2605.65002", "2605.65003", "2605.65004"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("content the repair pass puts a paper back in is as old as the lines it kept", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // An older read of the first day, listing x there first, reads the store; its writes wait.
  const slowFirst = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: slowFirst.kv,
  });
  await untilBlocked(slowFirst.blocked);
  // A newer read of the first day finds x renamed, and writes whole; then the older read's writes land.
  const read = await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  slowFirst.release();
  await older;
  expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");
  expect((await record())?.paper?.title, "x's record, the older read's").toBe("A");

  // A fold of the newer read.
  await first.run(T0 + 25 * MIN, { observed: [observedOf(T0 + 15 * MIN, read, { wrote: true })] });
  // A read of the first day, listing y there, made before the rename's read: its day record and
  // summary undone, its record of y and its history points stay; the repair pass puts y back.
  await first.undoneRead(T0 + 7 * MIN, [first.paper(a, 1), first.paper(y, 4)]);
  await first.run(T0 + 27 * MIN, { check: true });
  expect(await line(first.DAY), "the first day's line after y is put back").toBe("A");
  expect(await lineTitle(first.DAY, y), "y put back").toBe(`Title ${y}`);
  // A staged read of the second day, made after the rename and before the first day's newer read,
  // settled after the fold.
  await second.run(T0 + 12 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
  });
  expect((await record())?.paper?.title, "x's record after the staged read").toBe("C");

  // Upstream down: the repair pass on both days.
  for (const day of [first, second]) await day.run(T0 + 35 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
  expect(await line(second.DAY), "the second day's line").toBe("C");
});
