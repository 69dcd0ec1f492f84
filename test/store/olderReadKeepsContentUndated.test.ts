// A paper listed on two days. An older read of its first day (title A) and the repair pass read
// while each other's writes wait; the repair pass's day record, stamped at its later time, lands
// last. A newer read of the first day then finds the paper renamed (C), but the day record's stamp
// makes it an older read: it keeps the stored title, and wrote the summary and its observation as if
// it had read that title at its own time. A read of the paper's second day, made between the two,
// wrote C to the paper's record. Folded, that observation dated the first day's title A after the
// second day's read, and the repair pass wrote A over C on both days.
import { expect, it } from "vitest";
import { dayKeys } from "../stored";
import { heldWrites, lineTitle, madeUpDay, observedOf, runsAfter, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.71301", "2605.71302", "2605.71303"];
const F = dayKeys(first.DAY);

it("a newer read that keeps an older title does not date it at its own read", async () => {
  await first.run(T0, { papers: [first.paper(a, 1)] });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")] });
  // The older read lists the paper on the first day too (title A); the repair pass reads between its writes.
  const older = heldWrites();
  const olderRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  await older.land(F.history, `paper:${x}`);
  const repair = heldWrites();
  const repaired = await first.run(T0 + 25 * MIN, { check: true, kv: repair.kv });
  const olderId = older.runId(F.summary, T0 + 5 * MIN);
  const repairId = repair.runId(F.summary, T0 + 25 * MIN);
  await older.land(F.text, F.brief, F.summary, F.day);
  await repair.land(F.day);
  // The newer read finds the paper renamed; the repair pass's stamp on the day makes it an older read.
  const newer = heldWrites();
  const newerRead = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  const newerId = newer.runId(F.summary, T0 + 15 * MIN);
  await repair.landRest();
  await newer.landRest();
  // A read of the second day, between the two reads, finds the new title; settled late.
  const secondRead = await second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
  });
  expect((await storedPaperRecord(x))?.paper?.title, "x's record after the second day's read").toBe("C");

  const runs = [
    { ...observedOf(T0 + 5 * MIN, olderRead, { wrote: true }), runId: olderId },
    { ...observedOf(T0 + 15 * MIN, newerRead, { wrote: true }), runId: newerId },
    { ...observedOf(T0 + 25 * MIN, repaired, { wrote: true }), runId: repairId },
  ];
  await first.run(T0 + 45 * MIN, { observed: runs });
  await second.run(T0 + 45 * MIN, { observed: [observedOf(T0 + 10 * MIN, secondRead)] });
  await runsAfter([first, second], 50);
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
  expect(await lineTitle(second.DAY, x), "the second day's line").toBe("C");
  expect(await lineTitle(first.DAY, x), "the first day's line").toBe("C");
});
