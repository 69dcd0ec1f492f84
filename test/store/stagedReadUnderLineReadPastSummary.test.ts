// A paper new to the first day (listed on the second day too): a read of the first day finds it (B)
// and writes its record, and a slower run's day record and summary land over that read's. A read of
// the second day finds it renamed (C) and writes its record. A fold of the first day's read puts the
// paper back in the day from its own record, C, read after every observation the fold merged: the
// summary it writes says its newest read was the first day's (B), and the day record's read_at the
// oldest line's. A slow read of the second day, made before either rename's read (B), then lands its
// day record and its record of the paper over C. A staged read of the first day made after the first
// day's read and before C's, settled after all of them, finds B: newer than the summary says the day's
// content is, it writes B over the day's line, and no value holds C, the newest read's title.
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
const { T0, MIN } = first;
const [a, c, x] = ["2605.65501", "2605.65502", "2605.65503"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("a staged read older than a day's line read after its summary's newest read keeps that line", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
  // A read of the second day finds x renamed B; its writes are slow.
  const slow = slowWrites(kv);
  const slowRead = second.run(T0 + 5 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 2, "B")],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  // A read of the first day finds x (B); a slower run's day record and summary land over its own.
  const undone = await first.undoneRead(T0 + 12 * MIN, [first.paper(a, 1), first.paper(x, 2, "B")]);
  // A read of the second day finds x renamed C.
  await second.settle(T0 + 15 * MIN, [second.paper(c, 3), second.paper(x, 2, "C")]);
  expect((await record())?.paper?.title, "x's record, the rename's").toBe("C");
  // A fold of the first day's read puts x back, from its record.
  await first.run(T0 + 20 * MIN, { observed: [observedOf(T0 + 12 * MIN, undone.settled, { wrote: true })] });
  expect(await line(first.DAY), "the first day's line after the fold").toBe("C");
  // The second day's slow read lands.
  slow.release();
  await slowRead;
  expect((await record())?.paper?.title, "x's record, the slow read's").toBe("B");
  expect(await line(second.DAY), "the second day's line, the slow read's").toBe("B");

  // A staged read of the first day made between the first day's read and C's, settled after.
  await first.run(T0 + 13 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "B")],
    versionAt: T0 + 38 * MIN,
  });
  expect(await line(first.DAY), "the first day's line after the staged read").toBe("C");

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 45 * MIN);
  expect(await line(first.DAY), "the first day's line after the repair pass").toBe("C");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
});
