// A line carried from a paper's own record that gives way to the record of other content read after it
// on another day's page (recordsOverCarriedLines) is still carried: it is that day's read, not this
// day's. Written unmarked, it counted as a read of this day's page, and the next rename read on the
// other day no longer went over it: the day kept a title no read of its page found, older than the
// paper's. A record a read of this day's page wrote (read_on) is this day's, and is not marked.
import { expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { heldByKind } from "./attackShared";
import { at, carriedIn, first, second, titles } from "./replayShared";

const [a, c, x, b] = ["2605.78101", "2605.78102", "2605.78103", "2605.78104"];

const carried = async (kv: KVNamespace) => [
  ...(decodeDayRecord((await kv.get(second.K.day))!, second.DAY)?.lines_carried ?? []),
];
// The runs after: the repair pass, an ordinary run, the repair pass again.
const runsAfter = async (kv: KVNamespace) => {
  await second.run(at(35), { check: true, kv });
  await second.run(at(40), { observed: [], kv });
  await second.run(at(45), { check: true, kv });
};

// The repair pass has carried x into the second day from its record (A, read on the first day:
// replayShared.ts, carriedIn), and a read of the second day at 25 found the day as stored. The first
// day's read at 27 finds x renamed D; the second day's repair pass (30) puts D over the carried line.
// The first day's read at 32 finds it renamed E: the second day's line gives way to it too.
it("keeps a carried line carried where it gives way to a record read on the paper's other day", async () => {
  const kv = await carriedIn([a, c, x]);
  await second.run(at(25), { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
  await first.run(at(27), { papers: [first.paper(a, 2), first.paper(x, 2, "D")], kv });
  await second.run(at(30), { check: true, kv });
  expect(await titles(kv, x)).toEqual({ record: "D", first: "D", second: "D" });
  expect(await carried(kv)).toEqual([x]);
  await first.run(at(32), { papers: [first.paper(a, 3), first.paper(x, 3, "E")], kv });
  await runsAfter(kv);
  expect(await titles(kv, x)).toEqual({ record: "E", first: "E", second: "E" });
});

// The second day's own read at 27 finds x renamed D, and only its paper record lands: the repair pass
// (30) puts D over the carried line, unmarked. A stale page of the first day at 32 (x there as A, a new
// paper beside it) writes x's record of A: it does not go over the second day's own rename.
it("leaves unmarked a carried line's giving way to a record read on this day's page", async () => {
  const kv = await carriedIn([a, c, x]);
  await second.run(at(25), { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
  const held = heldByKind(kv);
  await second.run(at(27), { papers: [second.paper(c, 3), second.paper(x, 3, "D")], kv: held.kv });
  await held.land("paper");
  await second.run(at(30), { check: true, kv });
  expect(await titles(kv, x)).toEqual({ record: "D", first: "A", second: "D" });
  expect(await carried(kv)).toEqual([]);
  await first.run(at(32), { papers: [first.paper(a, 3), first.paper(x, 3, "A"), first.paper(b, 1)], kv });
  await runsAfter(kv);
  expect(await titles(kv, x)).toMatchObject({ first: "A", second: "D" });
});
