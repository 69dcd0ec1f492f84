// The repair pass gives a paper the history lacks the summary's counters, as observed when the
// summary says. A summary whose observed_at is damaged a year ahead (a real time, which the
// summary's codec accepts) would seed each such paper with a point a year after every run: the
// series' newest, which every real point after it could not displace.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { readHistory } from "../../src/store/values/history";
import { decodeSummary, encodeSummary } from "../../src/store/values/summary";
import { madeUpDay } from "./attackShared";

const { DAY, K, T0, MIN, paper, settle, run } = madeUpDay();
const [a, b] = ["2605.30041", "2605.30042"];

it("the repair pass seeds no history point past the run from a summary's damaged observed_at", async () => {
  await settle(T0, [paper(a, 7), paper(b, 5)]);
  const summary = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
  await env.PAPERS.put(K.summary, encodeSummary({ ...summary, observed_at: "2027-05-19T00:00:00.000Z" }));
  await env.PAPERS.delete(K.history);

  const repairAt = T0 + 10 * MIN;
  await run(repairAt, { check: true });
  const view = readHistory((await env.PAPERS.get(K.history))!, DAY)!;
  for (const id of [a, b]) {
    const points = view.whole().papers.get(id)?.points ?? [];
    expect(points.length, `${id} has a point again`).toBeGreaterThan(0);
    for (const [t] of points)
      expect(t, `${id}'s points: ${JSON.stringify(points)}`).toBeLessThanOrEqual(repairAt / 1000 + 86_400);
  }

  // A later read's counts are the series' newest.
  await settle(T0 + 20 * MIN, [paper(a, 9), paper(b, 6)]);
  const after = readHistory((await env.PAPERS.get(K.history))!, DAY)!.whole();
  expect(after.papers.get(a)!.points.at(-1)![1]).toBe(9);
  expect(after.papers.get(b)!.points.at(-1)![1]).toBe(6);
});
