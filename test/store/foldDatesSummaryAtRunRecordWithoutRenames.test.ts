// A fold given a run's record naming the summary's very content, read later than the summary dates it,
// dates the summary at that read though the record keeps no renames, as where it keeps them
// (foldDatesSummaryAtRunRecord.test.ts): the race there, with twenty more papers renamed by the first
// day's newer read (15), more than a run's record keeps (MAX_RENAMED_KEPT), so its record keeps none.
// Nothing then sent the fold at 45 down the full path: the summary lists the same papers with the same
// content and takes every run in, and the counters-only path never asked whether a run's record dates
// that content later (whatMoved's readLater). It wrote nothing, the summary still dated the content at
// the old lines' read (0), the second day's repair pass wrote its line A (read at 11) in x's record,
// and the first day's repair pass took that record over the line C, read at 10, as a read the history's
// newest point (15) may have found: no value held C any more. The race by hand: replayShared.ts.
import { expect, it } from "vitest";
import { decodeSummary } from "../../src/store/values/summary";
import { at, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.86001", "2605.86002", "2605.86003", "2605.86004"];
// Twenty papers more, renamed by the newer read (Z to W): with y, more renames than a run's record keeps.
const zs = Array.from({ length: 20 }, (_, i) => `2605.861${String(i).padStart(2, "0")}`);
const z = (t: string) => zs.map((id, i) => first.paper(id, 1, `${t}${i}`));

it.each([
  ["as it reads", undefined],
  ["staged, settled at 30", at(30)],
])("keeps the title the first day's newest read found (the other day's read %s)", async (_, versionAt) => {
  let store: KVNamespace | undefined;
  const { ended, after } = await replay(
    async (kv) => {
      store = kv;
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(y, 1, "B"), ...z("Z")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
    },
    {
      older: {
        at: at(5),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(y, 2, "B"), ...z("Z")],
      },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D"), ...z("W")],
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
