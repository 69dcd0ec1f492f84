// A paper new to the first day, renamed (B) on its second day by a read whose writes are slow. A read
// of the first day finds it renamed again (C) and writes its record; a slower run's day record and
// summary land over that read's. A fold of that read puts the paper back in the first day, its line
// taken from its own record (C), and dates the record's lines at the oldest of them, another paper's
// line read before the renames. The second day's slow read then lands, its record of the paper (B,
// read before C) over C. A staged read of the first day made between the two renames (B), settled
// after all of them, is older than the fold's record and than C's read; yet its read comes after the
// record's read_at (the other paper's line) and after the paper's own record (B, the older write),
// so it counts as newer than the day's line and writes B over it: no value holds C, the newest read's.
// In the second case a read of the first day after the fold finds C with other counts and moves the
// counters alone, so the summary is of another version than the day record: it names the record's
// content, seen after the staged read was made.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  lineTitle,
  madeUpDay,
  observedOf,
  runsAfterThenRepair,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const kv = env.PAPERS;

/** Papers a and c, and x renamed A, B (slow, on the second day), C (the first day's, folded back). */
async function foldBackUnderSlowRename([a, c, x]: string[]) {
  const record = () => storedPaperRecord(x!);
  await first.settle(T0, [first.paper(a!, 1)]);
  await second.settle(T0 + MIN, [second.paper(c!, 3), second.paper(x!, 2, "A")]);
  // A read of the second day finds x renamed B; its writes are slow.
  const slow = slowWrites(kv);
  const renamed = second.run(T0 + 5 * MIN, {
    papers: [second.paper(c!, 3), second.paper(x!, 2, "B")],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  // A read of the first day finds x, renamed C, and writes its record; a slower run's day record and
  // summary land over its own.
  const undone = await first.undoneRead(T0 + 12 * MIN, [first.paper(a!, 1), first.paper(x!, 2, "C")]);
  expect((await record())?.paper?.title, "x's record, the first day's read").toBe("C");
  // A fold of that read puts x back in the first day, from its record.
  await first.run(T0 + 20 * MIN, { observed: [observedOf(T0 + 12 * MIN, undone.settled, { wrote: true })] });
  expect(await lineTitle(first.DAY, x!), "the first day's line after the fold").toBe("C");
  // The second day's read lands.
  slow.release();
  await renamed;
  expect((await record())?.paper?.title, "x's record, the second day's slow read").toBe("B");
}

/** A staged read of the first day made between the renames, settled after all of them; then the runs after. */
async function stagedReadThenRepair([a, , x]: string[]) {
  await first.run(T0 + 8 * MIN, {
    papers: [first.paper(a!, 1), first.paper(x!, 2, "B")],
    versionAt: T0 + 38 * MIN,
  });
  expect(await lineTitle(first.DAY, x!), "the first day's line after the staged read").toBe("C");
  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 45 * MIN);
  expect(await lineTitle(first.DAY, x!), "the first day's line after the repair pass").toBe("C");
  expect((await storedPaperRecord(x!))?.paper?.title, "x's record after the repair pass").toBe("C");
}

it("a staged read older than a day's line taken from a newer paper record keeps that line", async () => {
  const ids = ["2605.65301", "2605.65302", "2605.65303"];
  await foldBackUnderSlowRename(ids);
  await stagedReadThenRepair(ids);
});

it("a staged read older than a counters-only read of a day's line taken from a newer paper record keeps that line", async () => {
  const [a, c, x] = ["2605.65401", "2605.65402", "2605.65403"];
  await foldBackUnderSlowRename([a, c, x]);
  // A read of the first day finds C with other counts: the counters alone move.
  await first.settle(T0 + 25 * MIN, [first.paper(a, 7), first.paper(x, 2, "C")]);
  expect(await lineTitle(first.DAY, x), "the first day's line after the counters-only read").toBe("C");
  await stagedReadThenRepair([a, c, x]);
});
