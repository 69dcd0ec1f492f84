// A read that found a paper's stars moved and its upvotes not writes the history, then fails to
// write the summary (a run that crashes partway: KV refused the write). The history alone holds
// the newer stars, observed after its newest point; the runs after take them, as they take a newer
// upvote point the history alone holds.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { failingWrite, madeUpDay, observedOf, slowWrites, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K } = day;
const [a, b] = ["2605.77701", "2605.77702"];
const kv = env.PAPERS;

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

it("newer stars the history alone holds, after its newest point, are taken by the runs after", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  await expect(
    day.run(T0 + 2 * MIN, { papers: [shown(a, 1, 50), shown(b, 1, 50)], kv: failingWrite(kv, "list:") }),
  ).rejects.toThrow();
  const h = decodeHistory((await kv.get(K.history))!, day.DAY)!;
  expect(h.papers.get(a)?.github_stars, "the history took the read").toBe(50);
  const want = [
    [1, 50, 50],
    [1, 50, 50],
  ];
  await day.run(T0 + 10 * MIN, { check: true });
  expect(await served(), "after the repair pass").toEqual(want);
  // A read through the cards takes the comments and stars from the newest value that holds them.
  await day.cards(T0 + 20 * MIN, [shown(a, 2, 0), shown(b, 2, 0)]);
  expect(await served(), "after a cards read").toEqual([
    [2, 50, 50],
    [2, 50, 50],
  ]);
});

it("a cards read dates the stars it takes from the history when they were observed, not at its read", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  await expect(
    day.run(T0 + 2 * MIN, { papers: [shown(a, 1, 50), shown(b, 1, 50)], kv: failingWrite(kv, "list:") }),
  ).rejects.toThrow();
  // An older, slower full read sees 55 after the failed one; its writes wait while a cards read
  // takes the history's 50 and settles the day.
  const slow = slowWrites(kv);
  const older = day.run(T0 + 3 * MIN, { papers: [shown(a, 1, 55), shown(b, 1, 55)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  const read = await day.cards(T0 + 5 * MIN, [shown(a, 2, 0), shown(b, 2, 0)]);
  expect(read.observation!.counters.map((c) => c.github_stars)).toEqual([50, 50]);
  expect(read.observation!.stars_at, "dated no later than the history's stars").toEqual([
    (T0 + 2 * MIN) / 1000,
    (T0 + 2 * MIN) / 1000,
  ]);
  slow.release();
  const olderSettled = await older;
  await day.run(T0 + 20 * MIN, {
    observed: [observedOf(T0 + 3 * MIN, olderSettled), observedOf(T0 + 5 * MIN, read)],
  });
  await day.run(T0 + 30 * MIN, { check: true });
  expect(await served()).toEqual([
    [2, 55, 55],
    [2, 55, 55],
  ]);
});
