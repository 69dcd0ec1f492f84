// A paper listed on its first day is renamed on its second (a read of that day writes the paper's
// record with the new title). A newer read of the first day finds the rename and writes the summary
// naming that content; its day record lands, but before it does, the repair pass reads the day's older
// line and takes the rename from the paper's record, and its day record lands last. A middle read of
// the first day, made at the very second of the second day's read, of a stale page with the old title,
// writes the paper's record with the old title over the rename's. A fold of an older read then writes
// the summary naming the repair pass's lines. The repair pass dated the line it took at the paper
// record's read, the middle read's second, though the summary it read named that very content at the
// newer read: the fold's summary dated the rename's content there too, and the repair pass after,
// given no run records, broke the tie at that second for the middle read's record and put the old
// title back for good (twoDayReadsWiderTimesFuzz seed 177235).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  heldByKind,
  lineTitle,
  madeUpDay,
  type Observed,
  observedOf,
  storedPaperRecord,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.66201", "2605.66202", "2605.66203"];

it("a run dates the lines it writes at the newest read a value names that content at", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 1, "A")]);
  await second.settle(T0 + MIN, [second.paper(c, 3)]);

  const olderAt = T0 + 5 * MIN;
  const older = heldByKind(env.PAPERS);
  const olderSettled = await first.run(olderAt, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  // The rename, read on the paper's second day.
  const renameAt = T0 + 12 * MIN;
  await second.settle(renameAt, [second.paper(c, 3), second.paper(x, 3, "C")]);

  const newerAt = T0 + 15 * MIN;
  const newer = heldByKind(env.PAPERS);
  const newerSettled = await first.run(newerAt, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  await newer.land("list");
  const repair = heldByKind(env.PAPERS);
  await first.run(T0 + 25 * MIN, { check: true, kv: repair.kv });
  // The middle read, of the stale page, at the very second the rename was read.
  const middle = heldByKind(env.PAPERS);
  const middleSettled = await first.run(renameAt, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: middle.kv,
  });
  for (const kind of ["search", "day", "hist"]) await newer.land(kind);
  await middle.land("search");
  await middle.land("paper");
  await repair.land("day");
  await older.land("list");
  for (const kind of ["hist", "list"]) await middle.land(kind);
  await older.land("hist");
  await repair.land("search");
  expect(await lineTitle(first.DAY, x), "the line after the repair pass's day record").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "the record after the middle read's").toBe("A");

  // A fold of the older read alone.
  await first.run(T0 + 9 * MIN, {
    observed: [{ ...observedOf(olderAt, olderSettled), runId: older.runId(olderAt)! }],
  });

  const observed: Observed[] = [
    { ...observedOf(olderAt, olderSettled), runId: older.runId(olderAt)! },
    { ...observedOf(newerAt, newerSettled), runId: newer.runId(newerAt)! },
    { ...observedOf(renameAt, middleSettled, { wrote: true }), runId: middle.runId(renameAt)! },
  ];
  await first.run(T0 + 45 * MIN, { observed });
  await first.run(T0 + 50 * MIN, { check: true });
  await first.run(T0 + 55 * MIN, { observed: [] });
  await first.run(T0 + 60 * MIN, { check: true });
  expect(await lineTitle(first.DAY, x), "the line after the runs after").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "the record after the runs after").toBe("C");
});
