// A fold or the repair pass that puts the day's own newest read's content back from the paper's record
// (a rule took the record over the line a slower, older run's day record landed: the history, the run's
// record or its undone writes say this day's read found it) does not mark that line carried, where no
// value names the whole content written (another paper's line is an older read's). Marked, a stale page
// of the paper's other day read after it wrote the record of the old title, and recordsOverCarriedLines
// put it over the day's own rename: the race of ownReadOverStaleOtherDayRecord.test.ts, through a mark
// the line did not earn. Only a line put in where the day record lacked the paper is marked.
import { expect, it } from "vitest";
import { at, first, type ReplayRun, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.77001", "2605.77002", "2605.77003"];

const setup = async (kv: KVNamespace) => {
  await first.run(T0, { papers: [first.paper(a, 1)], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 1, "A")], kv });
};
// S: an older read of the second day (c renamed c2, x A), slow. R: the second day's own newest read
// (x renamed C; c gone from the page, kept). F: a fold of S and R. P: a stale page of the first day
// listing x there first, as A, read after R.
const runs: Record<string, ReplayRun> = {
  S: { at: at(5), day: second, papers: [second.paper(c, 3, "c2"), second.paper(x, 2, "A")] },
  R: { at: at(10), day: second, papers: [second.paper(x, 3, "C")] },
  F: { at: at(12), day: second, folds: ["S", "R"] },
  Q: { at: at(12), day: second, check: true },
  P: { at: at(13), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "A")] },
};
const all = (run: string) => ["paper", "day", "list", "hist", "search"].map((kind) => `${run} ${kind}`);
const undone = ["S", "R", "S paper", "R paper", "R hist", "R search", "R day"];
const orders: Record<string, string[]> = {
  "S's day record and summary over R's": [
    ...undone,
    "R list",
    "S day",
    "S list",
    "S hist",
    "S search",
    "F",
    ...all("F"),
    "P",
    ...all("P"),
  ],
  "S's day record over R's, R's summary lost": [
    ...undone,
    "S day",
    "S list",
    "S hist",
    "S search",
    "F",
    ...all("F"),
    "P",
    ...all("P"),
  ],
  "S's day record over R's, only P's paper record lands": [
    ...undone,
    "S day",
    "S list",
    "S hist",
    "S search",
    "F",
    ...all("F"),
    "P",
    "P paper",
  ],
  // The repair pass instead of the fold: R's history lands last, and recordsTheHistorySaw puts R's record back.
  "the repair pass, R's history last": [
    "S",
    "R",
    "S paper",
    "R paper",
    "R search",
    "R day",
    "S day",
    "S list",
    "S hist",
    "R hist",
    "S search",
    "Q",
    ...all("Q"),
    "P",
    ...all("P"),
  ],
};

it.each(Object.entries(orders))(
  "keeps the second day's own rename, its line put back by a fold: %s",
  async (_, steps) => {
    const { ended, after } = await replay(setup, runs, steps, [x]);
    expect(ended[x]?.second, "when the runs end").toBe("C");
    expect(after[x]?.second, "once the runs after are done").toBe("C");
  },
);

// No fold or repair pass in the race: S's day record lands last (the race ends with A on the second day,
// C in the record). The fold of every run after the race (replay's, at 45) puts R's C back from its
// record where a line stood; the first day's fold has put P's A (read at 13, after R) in the record;
// the second day's repair pass then took the record's A over a marked C.
it("keeps the second day's own rename, put back by the fold after the race (a random order)", async () => {
  const steps =
    "P,P hist,P search,R,R search,P day,R hist,S,R list,R day,S list,S search,S paper,P paper,S day,R paper,S hist,P list".split(
      ",",
    );
  const { ended, after } = await replay(setup, runs, steps, [x]);
  expect(ended[x], "when the runs end").toEqual({ record: "C", first: "A", second: "A" });
  expect(after[x]?.second, "once the runs after are done").toBe("C");
});

// The repair pass of the second day (Q at 11) reads after S's day record landed over R's and R's
// record of C: it puts C back from the record (the history saw R's read), a line no value names with
// the whole content (c3, C), where a line stood. Its day record lands last: the race ends with C on the second day. P (the
// first day's stale page, read at 13) then puts A in the record, and the runs after put the record's A
// over a marked C.
it("keeps the second day's own rename the race ended with, put back by a repair pass (another random order)", async () => {
  const runs477: Record<string, ReplayRun> = {
    S: { at: at(8), day: second, papers: [second.paper(c, 3, "c3"), second.paper(x, 2, "A")] },
    R: { at: at(10), day: second, papers: [second.paper(c, 4), second.paper(x, 3, "C")] },
    P: { at: at(13), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "A")] },
    Q: { at: at(11), day: second, check: true },
  };
  const steps =
    "S,S list,R,P,S search,P list,R day,S hist,R hist,S day,R search,R paper,Q,R list,Q list,P day,P search,Q search,P hist,Q paper,Q hist,P paper,S paper,Q day".split(
      ",",
    );
  const { ended, after } = await replay(setup, runs477, steps, [x]);
  expect(ended[x], "when the runs end").toEqual({ record: "A", first: "A", second: "C" });
  expect(after[x]?.second, "once the runs after are done").toBe("C");
});
