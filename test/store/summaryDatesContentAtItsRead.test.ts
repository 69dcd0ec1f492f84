// A summary dates its content at a read that found it: a fold's summary names a newer read's content
// at that read (not at an older read's time it merged), and an older read's summary that mixes its
// own stale line with lines read later is dated at the older read. Each race by hand: settleDay called
// directly on an in-memory KV, each run's writes held by kind of value (paper records, day record,
// summary, history, search values) and landed in the order given, then the runs after as
// twoDayReadsWider.ts ends them (a fold of every run of each day, the repair pass, an ordinary run,
// the repair pass again).
import { expect, it } from "vitest";
import { at, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.74001", "2605.74002", "2605.74003", "2605.74004"];

// A fold's summary dating its content earlier than a run record it was given names that content. One
// paper renamed (x: A to C). A read of x's other day at 7 finds C; its paper record lands after the
// newer read's (at 15), so x's record is C, read at 7. A fold at 16 of the older read (at 5) and the
// newer read writes a summary naming the newer read's content (C), and lists both runs. A middle read
// at 8 (the old title) reads after x's record is C (which it leaves C) and its day record, landing
// last, holds A, read at 8, stamped past the newer read's version. Where the fold's summary dated C at
// the older read's content time it merged (5), no value dated C after 8 but the newer read's run
// record, which the summary lists, so the fold of every run left it out, and the repair pass took the
// line as the newest and wrote A in the record and the summary: the rename was lost everywhere on the
// day. The summary now dates C at the newer read (15), the newest read that found it, and the repair
// pass takes the record of C over the line read before that (8), though the line's record is stamped
// later.
it("keeps a rename a fold's summary names at an older read's time", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
    },
    {
      older: { at: at(5), day: first, papers: [first.paper(a, 1), first.paper(x, 2, "A")] },
      otherDay: { at: at(7), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
      middle: { at: at(8), day: first, papers: [first.paper(a, 1), first.paper(x, 2, "A")] },
      newer: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
      fold: { at: at(16), day: first, folds: ["older", "newer"] },
    },
    [
      "otherDay",
      "newer",
      "newer list",
      "older",
      "newer paper",
      "otherDay paper",
      "older day",
      "older list",
      "newer hist",
      "otherDay list",
      "older paper",
      "otherDay search",
      "older search",
      "older hist",
      "fold",
      "newer search",
      "newer day",
      "otherDay hist",
      "fold day",
      "fold hist",
      "otherDay day",
      "middle",
      "middle list",
      "middle hist",
      "fold list",
      "fold paper",
      "middle day",
      "fold search",
      "middle search",
      "middle paper",
    ],
    [x],
  );
  expect(ended[x], "when the runs end").toEqual({ record: "C", first: "A", second: "C" });
  expect(after[x], "once the runs after are done").toEqual({ record: "C", first: "C", second: "C" });
});

// An older read's own summary dating content that mixes its stale line with a newer read's lines at
// that newer read. Two papers renamed by one read (x: A to C, y: B to D, the newer read at 15); x is
// listed on the second day first. A middle read at 8 (the old titles) lands its summary over the newer
// read's, naming the old content at 8 (its counters at 15). An older read at 5, of the old titles too,
// reads the newer read's day record (C and D) under that summary, which names this read's very
// content read later: it keeps x's newer line (C, dated 15) and writes its own line of y (B) over D,
// dated 5. Its summary, landing last, named that mix at 15, the time of the newer read's lines, though
// no read found it then; the newer read's run record names the renames at 15 too, a tie, so the fold
// of every run took the summary's content as no older than the renames and kept y's line B under its
// record of D. Dated at the older read (5), the summary names content read before the renames, and the
// fold restores D.
it("keeps a rename where an older read's summary mixes its stale line with a newer read's lines", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(y, 1, "B")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
    },
    {
      older: {
        at: at(5),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(y, 2, "B")],
      },
      otherMiddle: { at: at(8), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "A")] },
      middle: {
        at: at(8),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(y, 2, "B")],
      },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D")],
      },
      fold: { at: at(13), day: first, folds: ["older"] },
    },
    [
      "otherMiddle",
      "newer",
      "newer list",
      "otherMiddle hist",
      "otherMiddle list",
      "middle",
      "newer day",
      "newer hist",
      "middle search",
      "middle hist",
      "middle list",
      "older",
      "newer paper",
      "older search",
      "middle day",
      "newer search",
      "older hist",
      "older paper",
      "fold",
      "fold list",
      "middle paper",
      "older list",
      "older day",
    ],
    [x, y],
  );
  expect(ended, "when the runs end").toMatchObject({
    [x]: { record: "A", first: "C" },
    [y]: { record: "D", first: "B" },
  });
  expect(after, "once the runs after are done").toMatchObject({
    [x]: { record: "C", first: "C" },
    [y]: { record: "D", first: "D" },
  });
});
