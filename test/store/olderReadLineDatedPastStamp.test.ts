// Three reads of a paper's first day: the newest finds it renamed (C), two older ones the old title
// (A). The newest read's paper record lands first; the oldest read then reads the day, keeps the
// newer record's title in its day record (it is an older read), and that record lands last. Its
// line of the paper was dated at its own stamp, before the middle read, whose record of the old
// title landed last of all: a fold took that record over the line, and every run after served A.
import { expect, it } from "vitest";
import { dayKeys } from "../stored";
import { heldWrites, lineTitle, madeUpDay, observedOf, runsAfter, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.71401", "2605.71402", "2605.71403"];
const [F, S] = [dayKeys(first.DAY), dayKeys(second.DAY)];

it("an older read's line of a newer record's title is dated at that record's read, past its stamp", async () => {
  await first.run(T0, { papers: [first.paper(a, 1)] });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")] });
  const newer = heldWrites();
  const newest = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  // A read of the second day finds the old title there, as stored: counters only.
  const otherDay = heldWrites();
  const otherRead = await second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "A")],
    kv: otherDay.kv,
    versionAt: T0 + 30 * MIN,
  });
  await otherDay.land(S.history);
  const middle = heldWrites();
  const middleRead = await first.run(T0 + 8 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: middle.kv,
  });
  await newer.land(`paper:${x}`);
  await middle.land(F.history);
  const oldest = heldWrites();
  const oldestRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: oldest.kv,
  });
  const ids = {
    newest: newer.runId(F.summary, T0 + 15 * MIN),
    middle: middle.runId(F.summary, T0 + 8 * MIN),
    oldest: oldest.runId(F.summary, T0 + 5 * MIN),
  };
  await middle.land(F.text, F.brief, F.summary);
  await oldest.land(F.history);
  await otherDay.landRest();
  await middle.land(F.day);
  await newer.land(F.day);
  await oldest.land(F.day, F.text, F.brief, F.summary);
  await newer.land(F.text, F.brief, F.summary, F.history);
  await middle.land(`paper:${x}`);
  expect(await lineTitle(first.DAY, x), "the first day's line, the oldest read's").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record, the middle read's").toBe("A");

  const runs = [
    { ...observedOf(T0 + 5 * MIN, oldestRead), runId: ids.oldest },
    { ...observedOf(T0 + 15 * MIN, newest, { wrote: true }), runId: ids.newest },
    { ...observedOf(T0 + 8 * MIN, middleRead, { wrote: true }), runId: ids.middle },
  ];
  await first.run(T0 + 45 * MIN, { observed: runs });
  await second.run(T0 + 45 * MIN, { observed: [observedOf(T0 + 10 * MIN, otherRead)] });
  await runsAfter([first, second], 50);
  expect(await lineTitle(first.DAY, x), "the first day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
});
