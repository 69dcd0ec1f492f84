// A day's own newest read of a rename, whose summary a slower, older run's went over (or whose summary
// write was lost), keeps its line under a stale page of the paper's other day read later: a page of
// another day is no rename of this one. The races by hand (test/store/replayShared.ts): x listed on the
// second day only, as A. S, an older read of the second day (A), is slow; R, the second day's own
// newest read at 10, finds x renamed C (c gone from the page, its older line kept, so x's line has a
// read time of its own); P, a stale page of the first day at 15, lists x there first, as A, and writes
// x's record of A, read after R. Once the runs after are done the second day must show C. A rule that
// took a line dated at no start of a run the summary names for one carried from the paper's record put
// A there in every order but the controls.
import { expect, it } from "vitest";
import { at, first, type ReplayRun, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.77001", "2605.77002", "2605.77003"];

const setup = async (kv: KVNamespace) => {
  await first.run(T0, { papers: [first.paper(a, 1)], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 1, "A")], kv });
};
const runs: Record<string, ReplayRun> = {
  S: { at: at(5), day: second, papers: [second.paper(c, 3), second.paper(x, 2, "A")] },
  R: { at: at(10), day: second, papers: [second.paper(x, 3, "C")] },
  P: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "A")] },
};
const all = (run: string) => ["paper", "day", "list", "hist", "search"].map((kind) => `${run} ${kind}`);
// The races: S and R read, S's day record lands, then R's values (`newer`), then S's summary, history
// and search values over them, then P (`stale`: it reads and lands all, unless given).
const raced = (newer: string[], stale = ["P", ...all("P")]) => [
  "S",
  "R",
  "S day",
  ...newer,
  "S list",
  "S hist",
  "S search",
  ...stale,
];
const orders: Record<string, string[]> = {
  "no race (a control)": ["S", ...all("S"), "R", ...all("R"), "P", ...all("P")],
  "no older read (a control)": ["R", ...all("R"), "P", ...all("P")],
  "the older read's summary over the newer's": raced(all("R")),
  "the newer read's summary lost": raced(all("R").filter((step) => step !== "R list")),
  "the stale page's paper record alone landing": raced(all("R"), ["P", "P paper"]),
};
// P reads before R's paper record lands, and its writes land last.
orders["the stale page read before the newer read's record lands"] = [
  "S",
  "R",
  "P",
  ...raced(all("R"), all("P")).slice(2),
];

it.each(Object.entries(orders))("keeps the second day's own rename: %s", async (_, steps) => {
  const { ended, after } = await replay(setup, runs, steps, [x]);
  expect(ended[x]?.second, "when the runs end").toBe("C");
  expect(after[x]?.second, "once the runs after are done").toBe("C");
});
