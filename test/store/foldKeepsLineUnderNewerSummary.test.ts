// A fold of an older read, read after a newer read's summary landed but before its day record did,
// keeps the stored record's lines; those lines are as old as the record says, not as the summary's
// content time, which dates other content (the newer read's). settleDay is called directly on an
// in-memory KV, each run's writes held by kind of value (paper records, day record, summary, history,
// search values) and landed in the order given, then the runs after (a fold of every run of each day,
// the repair pass, an ordinary run, the repair pass again).
import { expect, it } from "vitest";
import { at, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.74001", "2605.74002", "2605.74003", "2605.74004"];

// A paper (x) listed on another day, new to this day with the newer read (at 15), which also finds y
// renamed (B to D). A fold at 9 of the older read (at 5) reads after the newer read's summary landed,
// over the day record written before them (y's line B), and its day record lands last. y's line B was
// read no later than the first run's record says: dated at 15, the newer read's time, which found D,
// it would tie with y's record of D, read at 15, and a tie keeps the line: B on the day though the
// record and the newest read say D.
it("keeps a rename a fold's day record dated at the newer read under the old title", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(y, 1, "B")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
    },
    {
      older: { at: at(5), day: first, papers: [first.paper(a, 1), first.paper(y, 2, "B")] },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D")],
      },
      fold: { at: at(9), day: first, folds: ["older"] },
    },
    [
      "newer",
      "newer list",
      "older",
      "older paper",
      "older search",
      "fold",
      "newer search",
      "older hist",
      "newer day",
      "fold list",
      "older day",
      "fold search",
      "fold hist",
      "fold day",
      "newer hist",
      "newer paper",
      "older list",
    ],
    [x, y],
  );
  expect(ended[y], "when the runs end").toEqual({ record: "D", first: "B", second: undefined });
  expect(after[y], "once the runs after are done").toEqual({ record: "D", first: "D", second: undefined });
});
