// A read that finds a day as stored writes no summary and no history point: its run record keeps a
// confirmation alone, naming the content it found. Where a slower, stale read's day record and summary
// land after it, that confirmation is the one value saying the day's content was other than theirs at
// a later read, though its counters say nothing more than the summary's. x is listed on both days as A.
// The first day's newer read at 15 finds x renamed C (its paper record of C lands); the second day's
// repair pass at 26 puts C into that day from x's record; the second day's own read at 12 (staged,
// settled at 30) finds the day as stored, C, and confirms it; a stale read of the second day at 8 (x as
// A, c renamed c2) lands its day record and summary last. Once the runs after are done (each day folded
// with its runs' records, confirmations among them, as a run is given them) the second day must show C.
import { expect, it } from "vitest";
import { at, first, type ReplayRun, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.66001", "2605.66002", "2605.66003"];

const setup = async (kv: KVNamespace) => {
  await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
};
const runs: Record<string, ReplayRun> = {
  older: { at: at(5), day: first, papers: [first.paper(a, 1), first.paper(x, 2, "A")] },
  newer: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
  own: {
    at: at(12),
    day: second,
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
  },
  stale: { at: at(8), day: second, papers: [second.paper(c, 3, "c2"), second.paper(x, 3, "A")] },
  fold: { at: at(20), day: first, folds: ["older", "newer"] },
  repair: { at: at(11), day: first, check: true },
  otherRepair: { at: at(26), day: second, check: true },
};
// openWider's varied seed 95369, as it played.
const steps = [
  "stale",
  "stale hist",
  "repair",
  "newer",
  "newer list",
  "older",
  "newer day",
  "newer search",
  "fold",
  "newer hist",
  "fold paper",
  "newer paper",
  "older list",
  "otherRepair",
  "older hist",
  "stale paper",
  "otherRepair list",
  "own",
  "otherRepair day",
  "otherRepair search",
  "own day",
  "stale search",
  "fold hist",
  "own paper",
  "older search",
  "stale list",
  "fold list",
  "own search",
  "stale day",
];

it("keeps the rename the second day's read confirmed under a stale read's values landing after it", async () => {
  const { ended, after } = await replay(setup, runs, steps, [x]);
  // The race ends with the stale read's line of A on the second day.
  expect(ended[x]?.second).toBe("A");
  expect(after[x]).toEqual({ record: "C", first: "C", second: "C" });
});
