// Two papers (x, y) renamed by one read, and a stale read's paper record of the old title landing over
// one of them (x) only. A content hash names a day's content whole, so where one paper's record went
// over and the other's did not, no value holds the content the newest read's hash names, and each
// paper was weighed by the times of the values holding it alone: the stale record, read after the
// line of the rename and before the newest read, counted as newer, and x lost its rename on the day
// and in its record. With y left out (one paper renamed) the same races held.
import { expect, it } from "vitest";
import { memoryKv } from "../memoryKv";
import { heldByKind, runsAfter } from "./attackShared";
import { at, first, replay, second, titles } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.74101", "2605.74102", "2605.74103", "2605.74104"];

// x: A to C, y: B to D, read at 15. A read of x's second day at 7 finds C and writes x's record after
// the newer read's; a middle read at 8 of a page of the old titles reads y's record the newer read
// wrote (D, read after it) and writes A in x's record. An older read at 5, slow, reads after the newer
// read's summary and paper records landed: its day record, landing last, takes C and D from the
// records, and its summary, landing last, names the newer read's content (and takes its run in) but
// dates it at the day's first read. The newer read's run record keeps both renames; a fold of every
// run found its content named by the summary and left them out, so nothing was folded, and the
// repair pass took x's record of A, read after the line's C, over it.
const twoRenamed = (withY: boolean) =>
  replay(
    async (kv) => {
      const ys = withY ? [first.paper(y, 1, "B")] : [];
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A"), ...ys], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
    },
    {
      older: {
        at: at(5),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), ...(withY ? [first.paper(y, 2, "B")] : [])],
      },
      otherDay: { at: at(7), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
      middle: {
        at: at(8),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), ...(withY ? [first.paper(y, 2, "B")] : [])],
      },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), ...(withY ? [first.paper(y, 3, "D")] : [])],
      },
    },
    [
      "otherDay",
      "otherDay day",
      "otherDay search",
      "newer",
      "otherDay hist",
      "newer paper",
      "otherDay paper",
      "newer list",
      "newer search",
      "middle",
      "middle hist",
      "newer hist",
      "middle list",
      "older",
      "middle paper",
      "otherDay list",
      "newer day",
      "older search",
      "middle search",
      "middle day",
      "older day",
      "older list",
      "older hist",
    ],
    [x, y],
  );

it("keeps a rename read with another paper's, where a stale read's record went over its record only", async () => {
  const { ended, after } = await twoRenamed(true);
  expect(ended[x], "when the runs end").toEqual({ record: "A", first: "C", second: "C" });
  expect(after[y], "the other paper renamed").toEqual({ record: "D", first: "D", second: undefined });
  expect(after[x], "once the runs after are done").toEqual({ record: "C", first: "C", second: "C" });
});

it("keeps the rename in the same race with one paper renamed", async () => {
  const { after } = await twoRenamed(false);
  expect(after[x]).toEqual({ record: "C", first: "C", second: "C" });
});

// No run's record at all: the repair pass alone. x listed on its second day (A); a read of it at 12
// finds C and writes x's record. An older read of the first day at 5 (x new there), slow, takes C from
// that record, and its day record (C, B) lands last. The newer read at 15 (x C, y B to D) lands its
// paper records and summary, which names C and D read at 15. A stale read of the second day at 13 (A),
// made before those landed, lands x's record last. So the summary's content is x's line and y's record, and no single value
// holds it: taking every record (A, D) or none (C, B) makes other content. The repair pass kept the
// line of B (its summary then named C and B), and the next took x's record of A over the line.
it("the repair pass takes, paper by paper, the content the summary names, where no single value holds it", async () => {
  const kv = memoryKv();
  await first.run(T0, { papers: [first.paper(a, 1), first.paper(y, 1, "B")], kv });
  await second.run(at(1), { papers: [second.paper(c, 3), second.paper(x, 1, "A")], kv });
  await second.run(at(12), { papers: [second.paper(c, 3), second.paper(x, 2, "C")], kv });
  const older = heldByKind(kv);
  await first.run(at(5), {
    papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(y, 1, "B")],
    kv: older.kv,
  });
  const newer = heldByKind(kv);
  await first.run(at(15), {
    papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D")],
    kv: newer.kv,
  });
  const stale = heldByKind(kv);
  await second.run(at(13), { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv: stale.kv });
  for (const kind of ["paper", "list", "hist", "search"]) await newer.land(kind);
  await stale.land("paper");
  await older.land("day");
  expect(await titles(kv, x), "when the runs end").toEqual({ record: "A", first: "C", second: "C" });
  expect(await titles(kv, y)).toEqual({ record: "D", first: "B", second: undefined });

  await first.run(at(50), { check: true, kv });
  expect(await titles(kv, y), "after the repair pass").toEqual({
    record: "D",
    first: "D",
    second: undefined,
  });
  expect((await titles(kv, x)).first, "after the repair pass").toBe("C");
  await runsAfter([first], 55, kv);
  expect(await titles(kv, x), "once the runs after are done").toEqual({
    record: "C",
    first: "C",
    second: "C",
  });
  expect(await titles(kv, y)).toEqual({ record: "D", first: "D", second: undefined });
});
