// A paper listed on two days. An older read of its first day (title A) and a newer one (C) overlap:
// the newer read's summary lands, then the older read's day record over the newer one's. A fold
// of the newer read's observation reads the day then: its lines are the older read's, its summary
// the newer read's, of other content. It gives the paper's record back its listing of the day from
// the older line, and dated that line at the summary's read, the newer read's time. Landed last,
// that record of the old title counted as read with the rename, and every run after kept it.
import { expect, it } from "vitest";
import { dayKeys } from "../stored";
import { heldWrites, lineTitle, madeUpDay, observedOf, runsAfter, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.71501", "2605.71502", "2605.71503"];
const [F, S] = [dayKeys(first.DAY), dayKeys(second.DAY)];
const paper = `paper:${x}`;

it("a fold's record of a paper, given back its listing from an older line, is dated at that line's read", async () => {
  await first.run(T0, { papers: [first.paper(a, 1)] });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")] });
  const older = heldWrites();
  const olderRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  const newer = heldWrites();
  const newerRead = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  const ids = {
    older: older.runId(F.summary, T0 + 5 * MIN),
    newer: newer.runId(F.summary, T0 + 15 * MIN),
  };
  await newer.land(F.text, F.brief, F.summary);
  await older.land(F.day);
  // A fold of both reads' observations reads the day now: the older lines under the newer summary.
  const fold = heldWrites();
  const olderObserved = { ...observedOf(T0 + 5 * MIN, olderRead, { wrote: true }), runId: ids.older };
  const newerObserved = { ...observedOf(T0 + 15 * MIN, newerRead, { wrote: true }), runId: ids.newer };
  const folded = await first.run(T0 + 20 * MIN, { observed: [olderObserved, newerObserved], kv: fold.kv });
  const foldId = fold.runId(F.summary, T0 + 20 * MIN);
  await older.land(F.history);
  await newer.land(F.history);
  await fold.land(F.text, F.brief, F.summary, F.history);
  // A read of the second day between the two finds the new title; settled late.
  const otherDay = heldWrites();
  const otherRead = await second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    kv: otherDay.kv,
    versionAt: T0 + 30 * MIN,
  });
  await otherDay.land(paper);
  await older.land(paper);
  await otherDay.land(S.history);
  await newer.land(paper);
  await fold.land(paper);
  await older.landRest();
  await newer.landRest();
  await otherDay.landRest();
  await fold.landRest();
  expect(await lineTitle(first.DAY, x), "the first day's line, the newer read's").toBe("C");

  const runs = [olderObserved, newerObserved, { ...observedOf(T0 + 20 * MIN, folded), runId: foldId }];
  await first.run(T0 + 45 * MIN, { observed: runs });
  await second.run(T0 + 45 * MIN, { observed: [observedOf(T0 + 10 * MIN, otherRead)] });
  await runsAfter([first, second], 50);
  expect(await lineTitle(first.DAY, x), "the first day's line").toBe("C");
  expect(await lineTitle(second.DAY, x), "the second day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
});
