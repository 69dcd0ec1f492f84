// A fold lands a day record of lines read long before, stamped at its own later time; a read made
// before it then moves the counters alone, so the summary no longer dates the record's lines. A
// paper of the day, listed on a second day too, is renamed twice: a read of the second day finds
// the first rename, then a read of the first day, made after it and before the fold's stamp, finds
// the second. That read counts as older than the day record, keeps the day's line, and no value
// holds the title it read.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, observedOf, runsAfterThenRepair, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, b, c, x] = ["2605.64501", "2605.64502", "2605.64503", "2605.64504"];
const _kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("a read made before a fold's stamp keeps the title it read where the fold's lines are older", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "A")]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
  // A read of the first day finding a new paper b is undone by a slower run's day record and summary.
  const undone = await first.undoneRead(T0 + 2 * MIN, [
    first.paper(a, 1),
    first.paper(x, 2, "A"),
    first.paper(b, 4),
  ]);
  // A read of the second day finds x renamed B.
  await second.settle(T0 + 8 * MIN, [second.paper(c, 3), second.paper(x, 2, "B")]);
  // A fold of the first day, reading the store before that read wrote, lands its day record of the
  // lines read at the start, stamped at its own time.
  await first.run(T0 + 20 * MIN, { observed: [observedOf(T0 + 2 * MIN, undone.settled, { wrote: true })] });
  // A read made before the rename, slow to write, finds the fold's content with other counts.
  await first.settle(T0 + 5 * MIN, [first.paper(a, 7), first.paper(x, 2, "A"), first.paper(b, 4)]);
  // A read made after the second day's and before the fold's stamp, slow to write, finds x renamed C.
  await first.settle(T0 + 12 * MIN, [first.paper(a, 7), first.paper(x, 2, "C"), first.paper(b, 4)]);

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 30 * MIN);
  expect(await line(first.DAY), "the first day's line").toBe("C");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
});
