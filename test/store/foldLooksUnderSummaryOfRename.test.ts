// A fold given a run's record that keeps a rename made with the content the summary names looks at the
// day record, though the summary takes that run in: an older read's day record of the old title may
// have landed under that summary. The race by hand: settleDay called directly on an in-memory KV, each
// run's writes held by kind of value (paper records, day record, summary, history, search values) and
// landed in the order given, then the runs after as twoDayReadsWider.ts ends them (a fold of every run
// of each day, the repair pass, an ordinary run, the repair pass again).
import { expect, it } from "vitest";
import { at, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.75001", "2605.75002", "2605.75003"];

// One paper renamed (x: A to C), listed on the second day first. An older read of the first day (at 5)
// finds x new there (A); a newer one (at 15) finds C, and its summary, landing last, names C at 15 and
// takes both runs in, while the older read's day record of A lands over the newer read's. A read of the
// second day at 10 finds C too, and its paper record of C, read at 10 and listing that day alone, lands
// over the newer read's record of C read at 15; a stale read there at 11 (A) writes that day's line.
// The fold of the first day's runs, every one of them taken in by the summary, took counters alone and
// left the line A under the summary of C; the fold of the second day then took its line read at 11
// over the record of C read at 10 and wrote A in the record, and no value but the summary's hash held
// C: the repair pass wrote A as the first day's content. The fold now looks at the day record, finds
// other content than the summary names, and weighs the newer read's rename (read at 15) over the line
// read at 5: C on the first day, and in the record once the runs after are done.
it("keeps a rename whose summary landed over an older read's day record, every run taken in", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1)], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
    },
    {
      older: { at: at(5), day: first, papers: [first.paper(a, 1), first.paper(x, 2, "A")] },
      newer: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
      otherDay: { at: at(10), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
      otherMiddle: { at: at(11), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "A")] },
    },
    [
      "older",
      "otherDay",
      "older list",
      "older paper",
      "older hist",
      "newer",
      "newer day",
      "newer paper",
      "otherDay search",
      "otherDay hist",
      "otherDay day",
      "otherMiddle",
      "newer hist",
      "older day",
      "otherDay list",
      "older search",
      "otherMiddle list",
      "otherDay paper",
      "newer search",
      "otherMiddle search",
      "otherMiddle day",
      "newer list",
    ],
    [x],
  );
  expect(ended[x], "when the runs end").toEqual({ record: "C", first: "A", second: "A" });
  expect(after[x], "once the runs after are done").toMatchObject({ record: "C", first: "C" });
});
