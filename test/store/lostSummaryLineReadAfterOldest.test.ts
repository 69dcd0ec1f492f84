// A read of a paper's first day finds it renamed and another paper gone from the page, whose older line
// it keeps: the day record's read_at is the kept line's, and the renamed line's own read time is in its
// head. A slower read of the paper's second day, made before the rename and listing the paper there
// first, lands its record of the old title over the rename. With the first day's summary lost, the
// repair pass weighs that record against when the day's content was last written or read, the oldest
// line's read, takes it for newer than the day, and keeps its old title over the renamed line, read
// after it: the paper's record serves an older title than the newest read's.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, slowWrites, storedPaperRecord, untilBlocked } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.65101", "2605.65102", "2605.65103"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("the repair pass weighs a paper's record against when its own line was read", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "A")]);
  await second.settle(T0 + MIN, [second.paper(c, 3)]);

  // A read of the second day, listing x there first, reads the store; its writes wait.
  const slow = slowWrites(kv);
  const older = second.run(T0 + 5 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 2, "A")],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  // A read of the first day finds x renamed, and a gone from the page (its line kept).
  await first.settle(T0 + 10 * MIN, [first.paper(x, 2, "C")]);
  slow.release();
  await older;
  expect(await line(first.DAY), "the first day's line, the rename's").toBe("C");
  expect((await record())?.paper?.title, "x's record, the older read's").toBe("A");

  // The first day's summary is lost; upstream down, the repair pass on both days.
  await kv.delete(first.K.summary);
  for (const day of [first, second]) await day.run(T0 + 25 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
  expect(await line(first.DAY), "the first day's line").toBe("C");
});
