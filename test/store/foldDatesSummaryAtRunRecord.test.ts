// A fold given a run's record naming the summary's very content, read later than the summary dates it,
// writes the summary dated at that read. The race by hand: settleDay called directly on an in-memory
// KV, each run's writes held by kind of value and landed in the order given, then the runs after as
// twoDayReadsWider.ts ends them (a fold of every run of each day, the repair pass, an ordinary run, the
// repair pass again).
import { expect, it } from "vitest";
import { decodeSummary } from "../../src/store/values/summary";
import { at, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.86001", "2605.86002", "2605.86003", "2605.86004"];

// x is listed on the second day (A); the first day's newer read (15) finds it renamed C there, and y
// renamed too (B to D). A read of the second day at 10 finds C, and its record of x (listing that day
// alone) lands over the newer read's; a stale read of the second day at 11 (A) reads after it. An older
// read of the first day (5) reads before the newer read's day record lands: it writes its own A on the
// day, y's D from y's record (read at 15), and a summary naming that content at the old lines' time
// (0), having merged the newer read's counters (15), and its record of x (C, read at 10, its listing of
// the first day added) lands over the stale read's (A, read at 11). A fold of the older read (20) puts
// C back on the first day from x's record, the line dated at 10, and keeps the summary's content time,
// 0. The runs after: the fold at 45 is given the newer read's record, which names that very content at
// 15, and found nothing to write; the second day's repair pass wrote its line A (read at 11) in x's
// record, newer there than C read at 10; the first day's repair pass then took that record over the
// line C, read at 10, because the history's newest point (the newer read's, 15) was after the summary's
// content time: a read that may have found the record's title. It was the read that found C.
it.each([
  ["as it reads", undefined],
  ["staged, settled at 30", at(30)],
])("keeps the title the first day's newest read found (the other day's read %s)", async (_, versionAt) => {
  let store: KVNamespace | undefined;
  const { ended, after } = await replay(
    async (kv) => {
      store = kv;
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(y, 1, "B")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
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
      otherDay: {
        at: at(10),
        day: second,
        papers: [second.paper(c, 3), second.paper(x, 3, "C")],
        ...(versionAt ? { versionAt } : {}),
      },
      otherMiddle: { at: at(11), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "A")] },
      fold: { at: at(20), day: first, folds: ["older"] },
    },
    [
      "otherDay",
      "newer",
      "newer paper",
      "newer list",
      "newer hist",
      "newer search",
      "otherDay paper",
      "otherDay day",
      "otherDay list",
      "otherDay hist",
      "otherDay search",
      "otherMiddle",
      "older",
      "newer day",
      "older day",
      "otherMiddle paper",
      "otherMiddle day",
      "otherMiddle list",
      "otherMiddle search",
      "older paper",
      "older list",
      "older hist",
      "older search",
      "fold",
      "fold day",
      "fold list",
      "fold search",
    ],
    [x, y],
  );
  expect(ended, "when the runs end").toMatchObject({
    [x]: { record: "C", first: "C", second: "A" },
    [y]: { record: "D", first: "D" },
  });
  expect(after, "once the runs after are done").toMatchObject({
    [x]: { record: "C", first: "C" },
    [y]: { record: "D", first: "D" },
  });
  // The summary dates the content at the newer read that found it.
  const summary = decodeSummary((await store!.get(first.K.summary))!, first.DAY)!;
  expect(summary.content_at ?? summary.observed_at).toBe(new Date(at(15)).toISOString());
});
