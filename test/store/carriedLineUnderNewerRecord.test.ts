// A line the repair pass took from a paper's own record, a read of the paper's other day, is no read of
// this day's page: the paper's record of a rename read after it, listing the day, is newer. The race
// by hand: settleDay called directly on an in-memory KV, each run's writes held by kind of value (paper
// records, day record, summary, history, search values) and landed in the order given, then the runs
// after as twoDayReadsWider.ts ends them (a fold of every run of each day, the repair pass, an ordinary
// run, the repair pass again).
import { expect, it } from "vitest";
import { at, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.76001", "2605.76002", "2605.76003", "2605.76004"];

// Two papers renamed by one read of the first day (x: A to C, y: B to D, the newer read at 15). A read
// of the second day at 10 finds x new there, renamed C, and a fold of it (at 18) writes a summary
// naming C on that day, but neither run's day record has landed when the second day's repair pass (at
// 26) reads: the day record lacks x, and x's record holds A, from a middle read of the first day at 12
// (a stale page). The repair pass puts x on the second day as its record has it, the line A dated at
// 12, and its day record lands last. The newer read's record of C (read at 15) lands last of all. The
// folds and repair passes after weighed the second day's line A, read at 12 after the summary's
// content, against the record read at 15 as a stale page of the other day, and kept it: the second
// day titled x A for good, though its own read found C and so did the newest read of the paper. The
// line, dated at a second no run of the second day started, was the record's read, and the record
// read since is newer.
it("takes a paper's newer record over a line the repair pass carried from its other day", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, {
        papers: [first.paper(a, 1), first.paper(x, 1, "A"), first.paper(y, 1, "B")],
        kv,
      });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
    },
    {
      older: {
        at: at(5),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(y, 2, "B")],
      },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D")],
      },
      middle: {
        at: at(12),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(y, 2, "B")],
      },
      otherDay: { at: at(10), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
      otherFold: { at: at(18), day: second, folds: ["otherDay"] },
      fold: { at: at(20), day: first, folds: [] },
      repair: { at: at(11), day: first, check: true },
      otherRepair: { at: at(26), day: second, check: true },
    },
    [
      "older",
      "otherDay",
      "newer",
      "otherDay search",
      "newer hist",
      "otherDay paper",
      "newer day",
      "otherFold",
      "otherDay list",
      "older hist",
      "otherFold hist",
      "newer search",
      "middle",
      "otherFold search",
      "repair",
      "older list",
      "newer list",
      "middle paper",
      "middle search",
      "otherFold list",
      "middle day",
      "otherRepair",
      "fold",
      "otherDay hist",
      "otherRepair search",
      "repair paper",
      "middle list",
      "otherDay day",
      "otherFold day",
      "otherRepair day",
      "newer paper",
      "otherRepair list",
      "repair list",
    ],
    [x, y],
  );
  expect(ended, "when the runs end").toMatchObject({
    [x]: { record: "C", first: "A", second: "A" },
    [y]: { record: "D", first: "D" },
  });
  expect(after, "once the runs after are done").toMatchObject({
    [x]: { record: "C", first: "C", second: "C" },
    [y]: { record: "D", first: "D" },
  });
});
