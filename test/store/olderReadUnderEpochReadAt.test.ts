// A paper listed on two days, renamed by a read of its second day (its record holds the rename);
// a read of the first day then finds the rename too and writes the day's record, its lines read at
// its own time. That record's read_at is then damaged to a time long past (2001), which no run
// writes: a day record's lines are read no earlier than the record it was written over. A read of
// the first day made before that read, whose page still showed the old title and whose store read
// came after it, is an older read: yet under that read_at it counts as newer than the day's lines
// (the paper's own record, too, was read before it), writes the old title over the day's line and
// the paper's record, and no value holds the title the newer read found.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, runsAfterThenRepair, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.65201", "2605.65202", "2605.65203"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("an older read does not count as newer than a day record whose read_at is damaged to long past", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "A")]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
  // The second day's read finds x renamed; the first day's, later, finds it too.
  await second.settle(T0 + 3 * MIN, [second.paper(c, 3), second.paper(x, 2, "C")]);
  await first.settle(T0 + 10 * MIN, [first.paper(a, 1), first.paper(x, 2, "C")]);
  expect(await line(first.DAY), "the first day's line").toBe("C");
  expect((await record())?.paper?.title, "x's record").toBe("C");

  // The first day's record read_at damaged to 1970.
  const { value, metadata } = await kv.getWithMetadata(first.K.day);
  const damaged = value!.replace(/("updated_at":"[^"]*",)/, '$1"read_at":"2001-01-01T00:00:00.000Z",');
  expect(damaged).not.toBe(value);
  await kv.put(first.K.day, damaged, { metadata });

  // A read of the first day made before the newer one, whose page still showed the old title,
  // reads the store after it.
  await first.settle(T0 + 5 * MIN, [first.paper(a, 1), first.paper(x, 2, "A")]);
  expect(await line(first.DAY), "the first day's line after the older read").toBe("C");
  expect((await record())?.paper?.title, "x's record after the older read").toBe("C");

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 30 * MIN);
  expect(await line(first.DAY), "the first day's line after the repair pass").toBe("C");
  expect(await line(second.DAY), "the second day's line after the repair pass").toBe("C");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
});
