// A paper listed on its second day is renamed there (a read of that day finds the new title and
// writes the paper's record), then listed on its first day too. Three reads of the first day overlap:
// an older one made before the rename, which takes the renamed record's title (read after it) and
// writes the day record with it, dated at its own read; a middle one made after the rename, of a stale
// page with the old title, which writes the day and the paper's record with the old title; a newer one
// that finds the rename over the middle read's line and writes the day with it, and the summary naming
// that content. The middle read's paper record lands last over the rename's, and the older read's day
// record over the newer read's: the summary still names the rename's content, read after the middle
// read, and the day record holds that very content, but dated by its own times (the older read's) its
// line counts as older than the middle read's record. The fold that then takes in every run put the
// old title back over the line and kept it (twoDayReadsWiderTimesFuzz seed 45117).
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
const [a, c, x] = ["2605.66101", "2605.66102", "2605.66103"];

it("a fold dates a line at the newest read a value names its day's content at, not at its record's times", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
  // The rename, read on the paper's second day.
  await second.settle(T0 + 7 * MIN, [second.paper(c, 3), second.paper(x, 3, "C")]);

  // The middle read (a stale page) and the older read, both before anything of theirs lands.
  const middleAt = T0 + 12 * MIN;
  const middle = heldByKind(env.PAPERS);
  const middleSettled = await first.run(middleAt, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: middle.kv,
  });
  const olderAt = T0 + 5 * MIN;
  const older = heldByKind(env.PAPERS);
  const olderSettled = await first.run(olderAt, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  for (const kind of ["day", "hist", "search"]) await middle.land(kind);
  await older.land("paper");
  expect((await storedPaperRecord(x))?.paper?.title, "the record after the older read's").toBe("C");

  // The newer read finds the rename over the middle read's line.
  const newerAt = T0 + 15 * MIN;
  const newer = heldByKind(env.PAPERS);
  const newerSettled = await first.run(newerAt, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  for (const kind of ["list", "paper"]) await middle.land(kind);
  for (const kind of ["list", "hist", "search"]) await older.land(kind);
  for (const kind of ["paper", "day", "list", "hist", "search"]) await newer.land(kind);
  await older.land("day");
  expect(await lineTitle(first.DAY, x), "the line after the older read's day record").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "the record after the middle read's").toBe("A");

  const observed: Observed[] = [
    { ...observedOf(olderAt, olderSettled, { wrote: true }), runId: older.runId(olderAt)! },
    { ...observedOf(newerAt, newerSettled, { wrote: true }), runId: newer.runId(newerAt)! },
    { ...observedOf(middleAt, middleSettled, { wrote: true }), runId: middle.runId(middleAt)! },
  ];
  await first.run(T0 + 45 * MIN, { observed });
  expect(await lineTitle(first.DAY, x), "the line after the fold").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "the record after the fold").toBe("C");
  await first.run(T0 + 50 * MIN, { check: true });
  await first.run(T0 + 55 * MIN, { observed: [] });
  expect(await lineTitle(first.DAY, x), "the line after the runs after").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "the record after the runs after").toBe("C");
});
