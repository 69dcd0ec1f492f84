// As in foldObservationRecordLackingDay, where the run record of the first day's newer read is gone
// (expired, or never written): the older read's history write landed first, and the newer read's point
// stays, while its day record, summary and record of the paper landed after that read's. The repair pass,
// finding the history's newest point newer than every read the summary took in, does not take the
// paper's record of the rename for what that point's read found, since the record lacks the day; it
// puts the day back in the record, and writes a summary saying the old line was observed when that
// point was; the next repair pass dates the old line after the rename's read and writes the old title
// over the paper's record.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, slowWrites, storedPaperRecord, untilBlocked } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.64901", "2605.64902", "2605.64903"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("the repair pass under a history point newer than the summary keeps a rename whose record lacks the day", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // A read of the second day finds x renamed; it reads the store, its writes wait.
  const slowSecond = slowWrites(kv);
  const renaming = second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 2, "C")],
    kv: slowSecond.kv,
  });
  await untilBlocked(slowSecond.blocked);
  // An older read of the first day, listing x there first, reads the store; its writes wait.
  const slowFirst = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: slowFirst.kv,
  });
  await untilBlocked(slowFirst.blocked);
  // A newer read of the first day finds x renamed, and writes whole; its run record is gone since.
  await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  const history = (await kv.get(first.K.history))!;
  slowFirst.release();
  await older;
  // The older read's history write landed first: the newer read's point stays.
  await kv.put(first.K.history, history);
  slowSecond.release();
  await renaming;
  expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");
  expect((await record())?.paper?.title, "x's record, the second day's read's").toBe("C");
  expect((await record())?.listed_on, "x's record, written before the first day listed x").not.toContain(
    first.DAY,
  );

  // Upstream down: the repair pass on both days, twice.
  for (const step of [25, 35])
    for (const day of [first, second]) await day.run(T0 + step * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair passes").toBe("C");
  expect(await line(second.DAY), "the second day's line").toBe("C");
  expect(await line(first.DAY), "the first day's line").toBe("C");
});
