// A paper listed on its second day, new to it. A staged read of the second day settled late writes
// the day's record stamped at its settling time, its lines as old as its read; a newer read of the
// day finds the paper renamed, reads the day then and names the staged read in its summary. Its day
// record lands, then the staged read's over it; a read of the paper's first day reads the paper's
// record before the newer read's lands, finds the same new title, and its record, read after the
// summary's read, lands last. The repair pass takes a paper record of the summary's content only where
// it was read no later than the summary, and every run after serves the staged read's older title.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { heldWrites, lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN, K } = second;
const [a, c, x] = ["2605.71201", "2605.71202", "2605.71203"];
const _kv = env.PAPERS;
const [text, brief, hist] = [`text:${second.DAY}`, `brief:${second.DAY}`, `hist:${second.DAY}`];

it("a staged read's older line of a paper on two days gives way to the newer read's title", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 1, "A")]);
  await second.settle(T0, [second.paper(c, 1)]);
  const staged = heldWrites();
  await second.run(T0 + 22 * MIN, {
    papers: [second.paper(c, 23), second.paper(x, 23, "A")],
    kv: staged.kv,
    versionAt: T0 + 52 * MIN,
  });
  await staged.land(K.summary, brief);
  const newer = heldWrites();
  await second.run(T0 + 54 * MIN, { papers: [second.paper(c, 55), second.paper(x, 55, "C")], kv: newer.kv });
  await newer.land(K.day);
  await staged.land(K.day, `paper:${x}`, text, hist);
  await newer.land(hist, brief);
  // The first day's read reads the paper's record before the newer read's lands; its writes land last.
  const other = heldWrites();
  await first.run(T0 + 58 * MIN, { papers: [first.paper(a, 59), first.paper(x, 59, "C")], kv: other.kv });
  await newer.land(K.summary, `paper:${x}`, text);
  await other.land(
    `list:${first.DAY}`,
    `brief:${first.DAY}`,
    `day:${first.DAY}`,
    `hist:${first.DAY}`,
    `text:${first.DAY}`,
    `paper:${x}`,
  );
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
  expect(await lineTitle(second.DAY, x), "the second day's line, the staged read's").toBe("A");

  // Upstream down: the runs after, the repair pass among them.
  for (const day of [first, second]) await day.run(T0 + 120 * MIN, { observed: [] });
  for (const day of [first, second]) await day.run(T0 + 130 * MIN, { check: true });
  for (const day of [first, second]) await day.run(T0 + 140 * MIN, { observed: [] });
  expect(await lineTitle(second.DAY, x), "the second day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
});
