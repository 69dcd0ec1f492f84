// A rename of a paper listed on two days, held on one of them by nothing but a read's run record and
// the summary's hash, once a slower, older read of that day (a page a rename behind) landed its day
// record and the paper's record over the newer read's: the runs after keep the rename there. Each race
// by hand: settleDay called directly on an in-memory KV, each run's writes held by kind of value
// (paper records, day record, summary, history, search values) and landed in the order given, then the
// runs after as twoDayReadsWider.ts ends them (a fold of every run of each day, the repair pass, an
// ordinary run, the repair pass again).
import { expect, it } from "vitest";
import { memoryKv } from "../memoryKv";
import { heldByKind, observedOf } from "./attackShared";
import { at, first, replay, second, titles } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.74001", "2605.74002", "2605.74003"];

// A paper (x) listed on its first day as A. A read of its second day at 13 finds it as A (a page a
// rename behind) and is slow: all its writes land last. A read of the first day at 15 finds C and
// writes x's record; a read of the second day at 16 reads that record (C) and finds C, new to that
// day: no rename over stored content. Then the read at 13 lands its paper record (A) and the second
// day's record (line A) over both. Nothing names C on the second day but the read at 16's summary
// hash, which the stale read's summary replaced: that read's run record keeps C as found on the
// paper's other day (read at 16, after the line A at 13), and the fold of the day's runs takes it.
it("keeps a rename a day's own newer read found stored, where a stale read landed over the day record and the paper record", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
    },
    {
      stale: { at: at(13), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "A")] },
      newer: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
      otherDay: { at: at(16), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
    },
    [
      "stale",
      "newer",
      "newer paper",
      "newer day",
      "newer list",
      "newer hist",
      "newer search",
      "otherDay",
      "otherDay paper",
      "otherDay day",
      "otherDay list",
      "otherDay hist",
      "otherDay search",
      "stale hist",
      "stale search",
      "stale paper",
      "stale list",
      "stale day",
    ],
    [x],
  );
  expect(ended[x], "when the runs end").toEqual({ record: "A", first: "C", second: "A" });
  expect(after[x], "once the runs after are done").toEqual({ record: "C", first: "C", second: "C" });
});

// A paper (x) listed on its first day as A. A read of its second day at 11 finds it as A (a page a
// rename behind); a read of that day at 12 finds C, over x's record (A), and keeps the rename in its
// run record. The read at 12 lands all but its summary; then the read at 11 lands its paper record (A),
// summary and day record (line A) over it; then the read at 12's summary lands last, naming the content
// with C, read at 12. Nothing holds C on the second day but that hash and the read at 12's run record:
// taken for held, the summary's content let the fold of the day's runs leave the rename unweighed, and
// it wrote A as the day's content, read at 11. The summary names content the day record does not hold,
// so the rename is weighed against the line and the paper's record (both A, read at 11) and kept.
it("keeps a rename a summary names where a stale read's day record and paper record landed under it", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
    },
    {
      stale: { at: at(11), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "A")] },
      otherDay: { at: at(12), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
      newer: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
    },
    [
      "stale",
      "otherDay",
      "otherDay paper",
      "otherDay day",
      "otherDay hist",
      "otherDay search",
      "newer",
      "newer paper",
      "newer day",
      "newer list",
      "newer hist",
      "newer search",
      "stale paper",
      "stale list",
      "stale day",
      "stale hist",
      "stale search",
      "otherDay list",
    ],
    [x],
  );
  expect(ended[x], "when the runs end").toEqual({ record: "A", first: "C", second: "A" });
  expect(after[x], "once the runs after are done").toEqual({ record: "C", first: "C", second: "C" });
});

// A paper listed on its second day as A, new to its first. A read of the first day at 15 finds it as
// C (over its record, A) and keeps the rename; its summary lands, its paper record and day record wait.
// A fold of that read at 20 finds the paper in neither the day record nor the summary's content: the
// summary names the read's content, which no day record holds, so the fold weighs the rename the read's
// run record keeps, and writes C, not the paper's record of A, in the day record and the paper's record.
it("a fold takes the rename a read's run record keeps where only that read's summary landed", async () => {
  const kv = memoryKv();
  await first.run(T0, { papers: [first.paper(a, 1)], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
  const newer = heldByKind(kv);
  const rename = await first.run(at(15), {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  await newer.land("list");
  await newer.land("hist");
  await first.run(at(20), { observed: [observedOf(at(15), rename)], kv });
  expect(await titles(kv, x)).toEqual({ record: "C", first: "C", second: "A" });
});
