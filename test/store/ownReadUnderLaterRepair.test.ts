// A day's own read of a rename is no older read of the paper because the paper's own record, read after
// it on another day's page, holds that very rename. The race by hand (test/store/replayShared.ts): x
// listed on both days as A. S, a stale read of the second day at 6, finds A (and c renamed c2); Q, the
// repair pass of the second day at 26, rewrites the day record from S's, stamped then, with x's line
// still read at 6; P, the first day's read at 15, finds x renamed C and writes x's record of C read
// then. R, the second day's own read at 10, reads after all of these landed and finds C. Its read is
// older than the record's stamp and than x's record, but that record holds what R found, and the line
// of A was read before R: counted as older, R kept A, its own values named A as its read, and the runs
// after kept A too.
import { expect, it } from "vitest";
import { at, first, type ReplayRun, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.78001", "2605.78002", "2605.78003"];

const setup = async (kv: KVNamespace) => {
  await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
};
const runs: Record<string, ReplayRun> = {
  S: { at: at(6), day: second, papers: [second.paper(c, 3, "c2"), second.paper(x, 3, "A")] },
  Q: { at: at(26), day: second, check: true },
  P: { at: at(15), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "C")] },
  R: { at: at(10), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "C")] },
};
const all = (run: string) => ["paper", "day", "list", "hist", "search"].map((kind) => `${run} ${kind}`);
// S's paper record, history and words land; the repair pass reads (S's day record and summary not
// landed yet) and lands; P reads and lands; S's summary lands; R reads and lands, S's day record among
// its writes.
const seedOrder = (r: string) => [
  "S",
  "S paper",
  "S hist",
  "S search",
  "Q",
  ...all("Q"),
  "P",
  ...all("P"),
  "S list",
  r,
  `${r} list`,
  `${r} search`,
  "S day",
  `${r} paper`,
  `${r} day`,
  `${r} hist`,
];
const orders: Record<string, string[]> = {
  "S's day record last but R's": seedOrder("R"),
  // R staged and settled late, stamped at 30, as the eighth fuzzer's seed 177564 drew it.
  "S's day record last but R's, R settled late": seedOrder("R30"),
};
runs.R30 = { ...runs.R!, versionAt: at(30) };

it.each(Object.entries(orders))("keeps the second day's own rename: %s", async (_, steps) => {
  const { ended, after } = await replay(setup, runs, steps, [x]);
  expect(after[x]?.second, `once the runs after are done (ended ${JSON.stringify(ended[x])})`).toBe("C");
});
