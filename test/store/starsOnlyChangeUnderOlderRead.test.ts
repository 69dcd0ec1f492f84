// A read that finds a paper's stars moved and its upvotes not adds no upvote point: the history keeps
// the newer stars beside its newest point, older than the read. A read made between that point and
// the newer read, settled after it (its run stamped before the newer run, which wrote the day first),
// then weighs its older stars against that point's time and not the newer read's.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { madeUpDay, observedOf } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K } = day;
const [a, b] = ["2605.77401", "2605.77402"];
const kv = env.PAPERS;

/** A paper with `stars` stars and as many comments. */
const shown = (id: string, upvotes: number, stars: number) => ({
  ...day.paper(id, upvotes),
  github_stars: stars,
  num_comments: stars,
});

const served = async () =>
  decodeSummary((await kv.get(K.summary))!, day.DAY)!.counters.map((c) => [
    c.upvotes,
    c.github_stars,
    c.num_comments,
  ]);

const historyStars = async () => {
  const h = decodeHistory((await kv.get(K.history))!, day.DAY)!;
  return [a, b].map((id) => {
    const p = h.papers.get(id)!;
    return [p.points.at(-1)![1], p.github_stars, p.num_comments];
  });
};

it("a newer read's stars, moved without its upvotes, are not taken back by an older read settled after it", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  // The newer read, stamped T0 + 2 minutes, writes the day first: the stars moved, the upvotes not.
  const newer = await day.run(T0 + 2 * MIN, { papers: [shown(a, 1, 50), shown(b, 1, 50)] });
  // A run stamped between them settles after it, folding the newer run's record as runs do.
  await day.run(T0 + MIN, {
    papers: [shown(a, 1, 45), shown(b, 1, 45)],
    observed: [observedOf(T0 + 2 * MIN, newer)],
  });
  const want = [
    [1, 50, 50],
    [1, 50, 50],
  ];
  expect(await served(), "the summary").toEqual(want);
  expect(await historyStars(), "the history").toEqual(want);
  await day.run(T0 + 20 * MIN, { observed: [observedOf(T0 + 2 * MIN, newer)] });
  await day.run(T0 + 30 * MIN, { check: true });
  expect(await served(), "the summary after the runs after").toEqual(want);
  expect(await historyStars(), "the history after the runs after").toEqual(want);
});
