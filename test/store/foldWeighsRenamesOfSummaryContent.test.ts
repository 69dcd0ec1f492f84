// A fold weighs the renames a run's record keeps where the summary names that run's very content,
// read no earlier than the summary says: a stale read's paper record and day record landed over one
// renamed paper's values, so no paper record makes the summary's content again, and the run record is
// the one value holding that rename. The race by hand: settleDay called directly on an in-memory KV,
// each run's writes held by kind of value (paper records, day record, summary, history, search values)
// and landed in the order given, then the runs after as twoDayReadsWider.ts ends them (a fold of every
// run of each day, the repair pass, an ordinary run, the repair pass again).
import { expect, it } from "vitest";
import { at, type Day, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.75001", "2605.75002", "2605.75003", "2605.75004"];

// Two papers renamed by one read (x: A to C, y: B to D, the newer read at 15); x is listed on the
// second day first. A repair pass at 11, reading the newer read's day record, writes x's and y's
// records of C and D. A middle read at 12 of the stale page (A and B) writes x's record of A, which
// lands over the repair pass's, and its day record of A and B lands last. An older read at 5 reads the
// newer read's values and writes a summary naming the newer read's content at 15, which lands last.
// When the runs end x's record is A, y's D, the line of each the old title, and the summary names C and
// D at 15, the very time of the newer read's run record of the renames. A fold of every run took the
// summary's content as holding the renames, and with x's record of A, the records no longer made it:
// the fold kept A and B, and wrote B in y's record over D. It now restores both renames from the newer
// read's run record.
it("keeps two renames a summary names where a stale read's record went over one paper's record", async () => {
  const stale = (day: Day) => [day.paper(a, 1), day.paper(x, 2, "A"), day.paper(y, 2, "B")];
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(y, 1, "B")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
    },
    {
      older: { at: at(5), day: first, papers: stale(first) },
      repair: { at: at(11), day: first, check: true },
      middle: { at: at(12), day: first, papers: stale(first) },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D")],
      },
      fold: { at: at(20), day: first, folds: [] },
      otherRepair: { at: at(26), day: second, check: true },
    },
    [
      "middle",
      "newer",
      "newer day",
      "newer list",
      "repair",
      "newer paper",
      "middle search",
      "repair hist",
      "middle list",
      "repair paper",
      "repair search",
      "older",
      "otherRepair",
      "older search",
      "newer hist",
      "middle hist",
      "middle paper",
      "fold",
      "older hist",
      "middle day",
      "older list",
      "newer search",
    ],
    [x, y],
  );
  expect(ended, "when the runs end").toEqual({
    [x]: { record: "A", first: "A", second: "A" },
    [y]: { record: "D", first: "B", second: undefined },
  });
  // No read of x's second day found C: that day's line keeps what its reads found.
  expect(after, "once the runs after are done").toEqual({
    [x]: { record: "C", first: "C", second: "A" },
    [y]: { record: "D", first: "D", second: undefined },
  });
});
