// A day's own newest read of a rename, held by its run record (or its summary) alone, is not overruled
// by a stale page of the paper's other day read later: a page of another day is no rename of this one.
// The races by hand (test/store/replayShared.ts): x listed on the second day only, as A. S, an older
// read of the second day (A), is slow; R, the second day's own newest read at 9, finds x renamed C; P, a
// stale page of the first day at 15, lists x there first, as A, and writes x's record of A, read after
// R. S's day record lands over R's, and P's paper record over R's: the runs end with A on both days and
// in x's record, and C in R's run record (and, where R's summary lands last, in the summary's content).
// Once the runs after are done the second day must show C. The paper's record says which day's page its
// content was read from (read_on): before, P's record, read after R, counted as a newer read of x than
// the rename R's record keeps, and the second day kept A for good.
import { expect, it } from "vitest";
import { at, first, type ReplayRun, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.77001", "2605.77002", "2605.77003"];

const setup = async (kv: KVNamespace) => {
  await first.run(T0, { papers: [first.paper(a, 1)], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 1, "A")], kv });
};
const runs: Record<string, ReplayRun> = {
  S: { at: at(5), day: second, papers: [second.paper(c, 3, "c2"), second.paper(x, 2, "A")] },
  R: { at: at(9), day: second, papers: [second.paper(x, 3, "C")] },
  P: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "A")] },
};
const all = (run: string) => ["paper", "day", "list", "hist", "search"].map((kind) => `${run} ${kind}`);
const orders: Record<string, string[]> = {
  // S and R read; R's values land, then S's over them; then P reads and lands.
  "the older read's day record and summary over the newer's": [
    "S",
    "R",
    ...all("R"),
    ...all("S"),
    "P",
    ...all("P"),
  ],
  // As above, but R's summary lands last: it names C, as R's run record does.
  "the newer read's summary landing last": [
    "S",
    "R",
    ...all("R").filter((s) => s !== "R list"),
    ...all("S"),
    "R list",
    "P",
    ...all("P"),
  ],
  // P reads before any of R's values land, and its paper record lands last.
  "the stale page read first, its record landing last": [
    "S",
    "R",
    "P",
    ...all("R"),
    ...all("S"),
    ...all("P"),
  ],
  "no race (a control)": ["S", ...all("S"), "R", ...all("R"), "P", ...all("P")],
};

it.each(Object.entries(orders))("keeps the second day's own rename: %s", async (_, steps) => {
  const { ended, after } = await replay(setup, runs, steps, [x]);
  expect(after[x]?.second, `once the runs after are done (ended ${JSON.stringify(ended[x])})`).toBe("C");
});
