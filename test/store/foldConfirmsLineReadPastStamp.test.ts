// A paper listed on its second day; three reads of its first day. The newest finds it renamed (C)
// and its paper record lands first; the oldest then reads the day and keeps that title in its day
// record, the line dated at the record's read, past its own stamp. A middle read of the old title
// wrote its summary and its paper record after. A fold took the papers' records that make the day
// the content that summary names, as confirmed by the summary's read being after the day record's
// stamp, though it was before that line's read: the old title, for every run after.
import { expect, it } from "vitest";
import { dayKeys } from "../stored";
import { heldWrites, lineTitle, madeUpDay, observedOf, runsAfter, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.71601", "2605.71602", "2605.71603"];
const [F, S] = [dayKeys(first.DAY), dayKeys(second.DAY)];
const paper = `paper:${x}`;

it("a summary read before a line was read does not confirm older records over it", async () => {
  await first.run(T0, { papers: [first.paper(a, 1)] });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")] });
  const middle = heldWrites();
  const middleRead = await first.run(T0 + 8 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: middle.kv,
  });
  const newer = heldWrites();
  const newerRead = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  const otherDay = heldWrites();
  const otherRead = await second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "A")],
    kv: otherDay.kv,
    versionAt: T0 + 30 * MIN,
  });
  await middle.land(F.text, F.brief);
  await newer.land(paper);
  const older = heldWrites();
  const olderRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  const ids = {
    older: older.runId(F.summary, T0 + 5 * MIN),
    middle: middle.runId(F.summary, T0 + 8 * MIN),
    newer: newer.runId(F.summary, T0 + 15 * MIN),
  };
  const olderObserved = { ...observedOf(T0 + 5 * MIN, olderRead, { wrote: true }), runId: ids.older };
  const newerObserved = { ...observedOf(T0 + 15 * MIN, newerRead, { wrote: true }), runId: ids.newer };
  await newer.land(F.history);
  const fold = heldWrites();
  const folded = await first.run(T0 + 20 * MIN, { observed: [olderObserved, newerObserved], kv: fold.kv });
  const foldId = fold.runId(F.summary, T0 + 20 * MIN);
  await otherDay.land(S.summary);
  await older.land(F.history);
  await otherDay.land(S.history);
  await middle.land(paper);
  await fold.land(F.history, F.text, F.brief);
  await newer.land(F.text, F.brief, F.day);
  await older.land(F.text, F.brief);
  await fold.land(F.day);
  await older.land(F.summary);
  await fold.land(F.summary);
  await newer.land(F.summary);
  await middle.land(F.day, F.summary, F.history);
  await older.land(F.day);
  await otherDay.landRest();
  expect(await lineTitle(first.DAY, x), "the first day's line, the older read's").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record, the middle read's").toBe("A");

  const runs = [
    olderObserved,
    newerObserved,
    { ...observedOf(T0 + 8 * MIN, middleRead, { wrote: true }), runId: ids.middle },
    { ...observedOf(T0 + 20 * MIN, folded), runId: foldId },
  ];
  await first.run(T0 + 45 * MIN, { observed: runs });
  await second.run(T0 + 45 * MIN, { observed: [observedOf(T0 + 10 * MIN, otherRead)] });
  await runsAfter([first, second], 50);
  expect(await lineTitle(first.DAY, x), "the first day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
});
