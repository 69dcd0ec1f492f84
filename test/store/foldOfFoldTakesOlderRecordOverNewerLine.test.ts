// A paper new to its first day, listed on its second. A read of the first day finds it renamed; a
// slower, older read of the day lands its day record, summary and record of the old title over it. A
// fold of the rename's read keeps the old line, dated apart from the counters it merged, and its run
// record's observation names that old content. A read of the rename made before the fold's and landed
// after it writes the rename back, in the day's line and the paper's record; then a slower write of the
// paper's record of the old title lands last. A fold of the fold's observation, weighing the paper's
// record against the observation's counters' time, not when the content it names was read, takes the
// old title over the rename's line, read after that content: no value holds the newest read's title.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { paperRecordKey } from "../../src/store/values/paperRecord";
import {
  beforeRenamesKept,
  lineTitle,
  madeUpDay,
  runIdAt,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.65001", "2605.65002", "2605.65003"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("a fold of a fold's observation does not take an older record over a line read after its content", async () => {
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
  const renamed = await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  slowFirst.release();
  await older;
  const oldRecord = await kv.get(paperRecordKey(x));
  expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");

  // A read of the rename made at T0+12 reads the store; its writes wait.
  const slowRead = slowWrites(kv);
  const between = first.run(T0 + 12 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "C")],
    kv: slowRead.kv,
  });
  await untilBlocked(slowRead.blocked);
  // A fold of the rename's read keeps the old line (its run record written before records kept the
  // renames: one that keeps it restores the rename).
  const fold = await first.run(T0 + 20 * MIN, {
    observed: [beforeRenamesKept({ runId: runIdAt(T0 + 15 * MIN), observation: renamed.observation! })],
  });
  expect(await line(first.DAY), "the first day's line after the fold").toBe("A");
  expect(fold.observation?.content_at, "the fold's observation dates its content apart").toBeDefined();
  // The read's writes land, then a slower write of x's record of the old title.
  slowRead.release();
  await between;
  expect(await line(first.DAY), "the first day's line, the rename's").toBe("C");
  await kv.put(paperRecordKey(x), oldRecord!);

  // A fold of the fold's observation (with the rename's read, as its run record still holds it).
  await first.run(T0 + 25 * MIN, {
    observed: [
      { runId: runIdAt(T0 + 15 * MIN), observation: renamed.observation! },
      { runId: runIdAt(T0 + 20 * MIN), observation: fold.observation! },
    ],
  });
  expect(await line(first.DAY), "the first day's line after the second fold").toBe("C");
  expect((await record())?.paper?.title, "x's record after the second fold").toBe("C");
});
