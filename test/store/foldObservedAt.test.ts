// A fold (a run merging back what another run's record holds, reading nothing of the day) takes
// the history's newest point for a paper its summary lacks, and its summary then says the day's
// counters were observed when that point was (settle.ts, newestSeen). That point is another run's
// read, whose summary the fold did not see: it read the history after that run's write and the
// summary before it (runs overlap, KV has no transactions). A count the fold took from an older
// value must not then be handed on as observed at that read's time: the next run merges the fold's
// run record into the history, beside the read's own point, at the same second and with the older
// count, and the history says the count at that read was one it never saw (found by
// stagedOverlapFuzz.test.ts, seed 9019).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { madeUpDay, observedOf } from "./attackShared";
import { valueAt } from "./fuzzShared";

const { DAY, K, T0, MIN, paper, settle, run } = madeUpDay();

it("a fold that read a newer run's history point but not its summary does not hand an older count on at that run's time", async () => {
  const [a, b] = ["2605.30021", "2605.30022"];
  // P1 reads A at 18.
  await settle(T0, [paper(a, 18)]);
  const firstSummary = (await env.PAPERS.get(K.summary))!;
  const firstHistory = (await env.PAPERS.get(K.history))!;
  // P2 reads A at 18 and B, newly listed on the day; a slower run undoes its summary and history.
  const p2 = T0 + 10 * MIN;
  const second = await settle(p2, [paper(a, 18), paper(b, 5)]);
  await env.PAPERS.put(K.summary, firstSummary);
  await env.PAPERS.put(K.history, firstHistory);
  // R reads A fallen to 17 (votes taken back): its history lands, and the fold F, reading the day
  // between R's history write and R's summary write, finds the history with R's points and P2's
  // summary undone still (put back here once R is done), and writes after R.
  const r = T0 + 20 * MIN;
  const read = await settle(r, [paper(a, 17), paper(b, 5)]);
  await env.PAPERS.put(K.summary, firstSummary);
  const f = r + MIN / 2;
  const folded = await run(f, { observed: [observedOf(p2, second)] });
  // The next run, upstream down, merges both records: R's (not in F's summary) and F's.
  const n = T0 + 30 * MIN;
  await run(n, { observed: [observedOf(r, read), observedOf(f, folded)] });

  const points = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!.papers.get(a)!.points;
  expect(valueAt(points, r / 1000), `A's count at R's read: ${JSON.stringify(points)}`).toBe(17);
  const times = points.map(([t]) => t);
  expect(new Set(times).size, `one point a second: ${JSON.stringify(points)}`).toBe(times.length);
  const summary = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
  expect(summary.counters[summary.ids.indexOf(a)]!.upvotes, "the summary's count").toBe(17);
});
