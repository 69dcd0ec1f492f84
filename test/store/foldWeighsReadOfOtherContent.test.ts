// A read of a day that found it as stored, its record naming content the day record's lines are not,
// read after them: the papers' own records read between the lines and that read hold what it found
// (a paper is one content on all its days), where no value holds the whole content it names. The race
// by hand (test/store/replayShared.ts): x listed on both days as A (c beside it on the second). M, a
// stale read of the second day at 8, finds x as A and c renamed c2; its values are slow. N, the first
// day's read at 15, finds x renamed C: its paper record of C (read on the first day's page) lands. The
// second day's repair pass puts C on that day's line from that record; D, the second day's read at 16,
// finds the day as stored (c, C) and writes only its summary, its run record naming that content. M's
// day record, paper record of c2 and summary then land over every other value: no value holds c as D
// found it, so no way of putting the day together makes the content D's record names. Weighed as the
// day's newest read, M's line of A stayed for good over the rename D read after it.
import { expect, it } from "vitest";
import { at, first, type ReplayRun, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.78001", "2605.78002", "2605.78003"];

const setup = async (kv: KVNamespace) => {
  await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
};
const runsWith = (cTitle: string | undefined): Record<string, ReplayRun> => ({
  M: { at: at(8), day: second, papers: [second.paper(c, 3, cTitle), second.paper(x, 3, "A")] },
  N: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
  D: { at: at(16), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
  F: { at: at(18), day: second, folds: ["D"] },
  repair: { at: at(25), day: first, check: true },
  otherRepair: { at: at(26), day: second, check: true },
});
const all = (run: string) => ["paper", "day", "list", "hist", "search"].map((kind) => `${run} ${kind}`);
const orders: Record<string, string[]> = {
  // N's values land, and M's history point, before the second day's repair pass reads; D reads after
  // that pass's day record lands, before its summary does; M's other values land last.
  "the stale read's values landing last": [
    "M",
    "N",
    ...all("N"),
    "M hist",
    "otherRepair",
    "otherRepair day",
    "D",
    "D list",
    "D search",
    "otherRepair list",
    "otherRepair search",
    "M day",
    "M paper",
    "M list",
    "M search",
  ],
  // As it fell in openWider's varied harness (seed 27955): more runs, their writes interleaved.
  "with a fold of D and the first day's repair pass": [
    "N",
    "N day",
    "N search",
    "N list",
    "M",
    "repair",
    "M search",
    "N hist",
    "repair paper",
    "M hist",
    "N paper",
    "otherRepair",
    "otherRepair day",
    "D",
    "D list",
    "otherRepair list",
    "M day",
    "M paper",
    "otherRepair search",
    "F",
    "F list",
    "F search",
    "M list",
    "D search",
  ],
};
const only = (steps: string[]) => (runs: Record<string, ReplayRun>) =>
  Object.fromEntries(Object.entries(runs).filter(([name]) => steps.includes(name)));

it.each(Object.entries(orders))("keeps the rename the day's newest read found: %s", async (_, steps) => {
  const { ended, after } = await replay(setup, only(steps)(runsWith("c2")), steps, [x]);
  expect(ended[x]?.second, "as the runs end").toBe("A");
  expect(after[x], "once the runs after are done").toEqual({ record: "C", first: "C", second: "C" });
});

// Where M renamed nothing else, c's values hold what D found: the content D's record names is put
// together from them (contentTheNewestReadFound), as before.
it.each(Object.entries(orders))("and where the stale read renamed nothing else: %s", async (_, steps) => {
  const { after } = await replay(setup, only(steps)(runsWith(undefined)), steps, [x]);
  expect(after[x]).toEqual({ record: "C", first: "C", second: "C" });
});

// The other way round (a control): the day's own rename (R, at 9, x renamed C; listed on the second day
// only) holds the line, and a stale page of the first day (P, at 15, x listed there as A) writes x's
// record of A, read between that line and Q, a read of the second day at 16 that found x as stored
// and c renamed c3, whose day record is lost and whose summary R's landed over. Q's record names
// content the lines are not, but the content it names is put together from the values (the line of C,
// the rename c3 its record keeps): the stale page's A stays out.
it("keeps the day's own rename under a stale page of the other day read before a later read", async () => {
  const setupOwn = async (kv: KVNamespace) => {
    await first.run(T0, { papers: [first.paper(a, 1)], kv });
    await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 1, "A")], kv });
  };
  const runs: Record<string, ReplayRun> = {
    R: { at: at(9), day: second, papers: [second.paper(c, 3), second.paper(x, 2, "C")] },
    P: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "A")] },
    Q: { at: at(16), day: second, papers: [second.paper(c, 3, "c3"), second.paper(x, 3, "C")] },
  };
  const steps = ["R", "R paper", "R day", "R hist", "R search", "Q", "Q paper", "Q search", "Q list"];
  const { ended, after } = await replay(setupOwn, runs, [...steps, "R list", "P", ...all("P")], [x, c]);
  expect(ended[x]?.second, "as the runs end").toBe("C");
  expect(after[x]?.second, "once the runs after are done").toBe("C");
  expect(after[c]?.second).toBe("c3");
});

// The same with D's summary, not its run record, naming what it found (openWider varied seed 137618):
// x listed on the first day only, as A; M, the stale read of the second day, at 11, lists x there
// first, as A. The second day's repair pass carries x in from its record (C, N's); D, a staged read
// at 16 settled late, finds the day as stored and writes only its summary, which takes D in; M's day
// record lands last. The summary names content read after M's lines that no value holds whole.
it("keeps the rename the day's newest read found, where its summary names it", async () => {
  const setupFirst = async (kv: KVNamespace) => {
    await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
    await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
  };
  const runs: Record<string, ReplayRun> = {
    M: { at: at(11), day: second, papers: [second.paper(c, 3, "c2"), second.paper(x, 3, "A")] },
    N: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
    D: {
      at: at(16),
      day: second,
      papers: [second.paper(c, 3), second.paper(x, 3, "C")],
      versionAt: T0 + 30 * MIN,
    },
    otherRepair: { at: at(26), day: second, check: true },
  };
  const steps = [
    "N",
    "N search",
    "M",
    "M paper",
    "M list",
    "M hist",
    "N day",
    "N paper",
    "M search",
    "otherRepair",
    "otherRepair paper",
    "N hist",
    "otherRepair list",
    "otherRepair day",
    "D",
    "D list",
    "N list",
    "otherRepair search",
    "M day",
  ];
  const { ended, after } = await replay(setupFirst, runs, steps, [x]);
  expect(ended[x]?.second, "as the runs end").toBe("A");
  expect(after[x], "once the runs after are done").toEqual({ record: "C", first: "C", second: "C" });
});
