// A paper new to the first day (listed on the second day too). A slow read of the first day finds it
// (B); its writes wait. A second read of the first day, a minute later, finds it (B) too, and a slower
// run's day record and summary land over that read's. A read of the second day finds it renamed (C)
// and writes its record. A fold of the second read puts the paper back in the first day from its own
// record, C, and the day record dates that line at C's read, after its oldest line's. The slow read's
// writes then land, its record of the paper (B) too, and the fold's day record and summary, slower
// still, land over its day record and summary. A fold of the slow read, made after the day's oldest
// line was read but before C's line was, names content other than the summary's; it finds the paper's
// record, read no later than it, holding the content it names, and takes that record over the day's
// line, read after it: the first day serves B, older than the newest read's title, for good.
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
const { T0, MIN, K } = first;
const [a, c, x] = ["2605.65701", "2605.65702", "2605.65703"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("a fold of an observation made before a line was read keeps that line", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
  // A read of the first day finds x (B); its writes are slow.
  const slow = slowWrites(kv);
  const slowRead = first.run(T0 + 12 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "B")],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  // A second read of the first day finds x (B); a slower run's day record and summary land over it.
  const undone = await first.undoneRead(T0 + 13 * MIN, [first.paper(a, 1), first.paper(x, 3, "B")]);
  // A read of the second day finds x renamed C.
  await second.settle(T0 + 15 * MIN, [second.paper(c, 3), second.paper(x, 3, "C")]);
  // A fold of the second read puts x back, from its record.
  await first.run(T0 + 20 * MIN, { observed: [observedOf(T0 + 13 * MIN, undone.settled, { wrote: true })] });
  expect(await line(first.DAY), "the first day's line after the fold").toBe("C");
  const [day, summary] = [await kv.get(K.day), await kv.get(K.summary)];
  // The slow read's writes land; the fold's day record and summary, slower still, land over its own.
  slow.release();
  const slowSettled = await slowRead;
  await kv.put(K.day, day!);
  await kv.put(K.summary, summary!);
  expect((await record())?.paper?.title, "x's record, the slow read's").toBe("B");

  // A fold of the slow read.
  await first.run(T0 + 30 * MIN, { observed: [observedOf(T0 + 12 * MIN, slowSettled, { wrote: true })] });
  expect(await line(first.DAY), "the first day's line after the second fold").toBe("C");

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 45 * MIN);
  expect(await line(first.DAY), "the first day's line after the repair pass").toBe("C");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
});
