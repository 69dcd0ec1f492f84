// A full read of a day that finds the title of a line the day record marks carried, with other fields than
// the line has, counts as finding it, as a read through the cards does: the summary's content time moves to
// it. The race of carriedLineFoundAsStored.test.ts (openWider seed 162198), with the second day's own read
// at 12, not 16: x listed on the first day as A; the first day's read at 15 finds it renamed C, its abstract
// changed too; the second day's repair pass (26) carries x in from its record (C, the new abstract), marked,
// its line dated at 15. The read at 12 (staged, settled at 30, or not) finds C with the old abstract: older
// than the line, it keeps it. Counted as finding nothing (the content differs), it wrote no summary (nothing
// else moved, the day record as it was), and the read at 11's day record of A, landing last, counted as the
// day's newest read: the second day ended A for good, though its newest read found C. The same race with the
// read at 12 finding the line's very content holds. The race by hand: settleDay called directly on an
// in-memory KV, each run's writes held by kind of value and landed in the order given (replayShared.ts),
// then the runs after.
import { expect, it } from "vitest";
import { at, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.79001", "2605.79002", "2605.79003", "2605.79004"];
// x's abstract as the first day's newer read (15) finds it, beside its rename.
const v2 = (p: ReturnType<typeof first.paper>) => ({ ...p, summary: "Abstract of x, second version" });
it.each([
  [
    "the order of openWider seed 162198",
    at(30),
    [
      "repair",
      "otherMiddle",
      "newer",
      "newer search",
      "older",
      "otherMiddle paper",
      "newer day",
      "otherMiddle list",
      "newer paper",
      "newer list",
      "newer hist",
      "otherRepair",
      "otherMiddle search",
      "otherMiddle hist",
      "otherRepair day",
      "otherRepair list",
      "otherRepair hist",
      "otherDay",
      "otherRepair paper",
      "otherDay list",
      "older list",
      "older hist",
      "otherRepair search",
      "otherDay hist",
      "otherMiddle day",
      "fold",
    ],
  ],
  [
    "the read at 12 not staged, its summary landing last",
    0,
    [
      "repair",
      "otherMiddle",
      "newer",
      "newer search",
      "older",
      "otherMiddle paper",
      "newer day",
      "otherMiddle list",
      "newer paper",
      "newer list",
      "newer hist",
      "otherRepair",
      "otherMiddle search",
      "otherMiddle hist",
      "otherRepair day",
      "otherRepair list",
      "otherRepair hist",
      "otherDay",
      "otherRepair paper",
      "older list",
      "older hist",
      "otherRepair search",
      "otherMiddle day",
      "fold",
      "otherDay hist",
      "otherDay list",
    ],
  ],
])(
  "keeps the title a full read of the day found on a carried line, other fields older (%s)",
  async (_, otherDayVersionAt, steps) => {
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
          papers: [first.paper(a, 2), v2(first.paper(x, 3, "C")), first.paper(y, 3, "D")],
        },
        otherDay: {
          at: at(12),
          day: second,
          papers: [second.paper(c, 3), second.paper(x, 3, "C")],
          ...(otherDayVersionAt ? { versionAt: otherDayVersionAt } : {}),
        },
        otherMiddle: { at: at(11), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "A")] },
        fold: { at: at(9), day: first, folds: ["older"] },
        repair: { at: at(25), day: first, check: true },
        otherRepair: { at: at(26), day: second, check: true },
      },
      steps,
      [x, y],
    );
    expect(ended, "when the runs end").toMatchObject({
      [x]: { record: "C", first: "C", second: "A" },
      [y]: { record: "D", first: "D" },
    });
    expect(after, "once the runs after are done").toMatchObject({
      [x]: { record: "C", first: "C", second: "C" },
      [y]: { record: "D", first: "D" },
    });
  },
);
