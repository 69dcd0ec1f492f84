// As in summaryOfNewerReadOverOlderRecordRepaired, where the paper's own record is then lost: the repair
// pass rebuilds it from the day's old line, dated when the newer read's summary says its content was
// read (the rename's read), and a staged read of the second day, made after the rename and before that
// read, settled after, takes the record for newer than its read and keeps the old title.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { paperRecordKey } from "../../src/store/values/paperRecord";
import { lineTitle, madeUpDay, slowWrites, storedPaperRecord, untilBlocked } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN, K } = first;
const [a, c, x] = ["2605.65001", "2605.65002", "2605.65003"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("the repair pass does not date a paper record it rebuilds from an older line at a summary of other content", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // An older read of the first day, listing x there first, reads the store; its writes wait.
  const slowFirst = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: slowFirst.kv,
  });
  await untilBlocked(slowFirst.blocked);
  // A newer read of the first day finds x renamed, and writes whole; the older read's writes land,
  // and the newer read's summary lands last.
  await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  const newerSummary = await kv.get(K.summary);
  slowFirst.release();
  await older;
  await kv.put(K.summary, newerSummary!);
  // x's record is lost.
  await kv.delete(paperRecordKey(x));
  expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");

  // Upstream down: the repair pass on the first day.
  await first.run(T0 + 20 * MIN, { check: true });
  // A staged read of the second day, made after the rename and before the newer read, settled after.
  await second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
  });
  expect((await record())?.paper?.title, "x's record after the staged read").toBe("C");

  // The repair pass on both days.
  for (const day of [first, second]) await day.run(T0 + 35 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
  expect(await line(second.DAY), "the second day's line").toBe("C");
});
