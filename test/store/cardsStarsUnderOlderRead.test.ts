// A read through the cards (titles, links and upvotes only) shows no comments or stars: what it
// writes of them is what it found stored, observed before it. An older, slower full read saw newer
// stars than those and lands after the cards read: folded beside the cards read's observation, its
// stars must win, though the cards read's upvotes, read later, win too.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { settleDay } from "../../src/store/settle";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { madeUpDay, observedOf, runIdAt, slowWrites, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K } = day;
const [a, b] = ["2605.77201", "2605.77202"];
const kv = env.PAPERS;

/** A paper with `stars` stars and as many comments. */
const shown = (id: string, upvotes: number, stars: number) => ({
  ...day.paper(id, upvotes),
  github_stars: stars,
  num_comments: stars,
});

/** A read of the day through its cards at `at`: titles, links and upvotes. */
const cards = (at: number, papers: Paper[], into: KVNamespace = kv) =>
  settleDay({
    kv: into,
    date: day.DAY,
    runId: runIdAt(at),
    now: at,
    fresh: {
      date: day.DAY,
      via: "cards",
      partial: true,
      papers: papers.map(({ github_stars: _s, num_comments: _c, ...p }) => ({
        ...p,
        summary: "",
        authors: [],
      })),
    },
  });

/** The summary's upvotes, stars and comments of each paper. */
const served = async () =>
  decodeSummary((await kv.get(K.summary))!, day.DAY)!.counters.map((c) => [
    c.upvotes,
    c.github_stars,
    c.num_comments,
  ]);

it("an older full read's newer stars win over the older stars a later cards read wrote, once folded", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  // An older full read sees 50 stars; its writes wait. A cards read then reads the day (40 stars
  // stored, counted at T0) and settles it; then the older read's writes land over it.
  const slow = slowWrites(kv);
  const older = day.run(T0 + MIN, { papers: [shown(a, 2, 50), shown(b, 2, 50)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  const read = await cards(T0 + 2 * MIN, [shown(a, 3, 0), shown(b, 3, 0)]);
  slow.release();
  const olderSettled = await older;
  const runs = [observedOf(T0 + MIN, olderSettled), observedOf(T0 + 2 * MIN, read)];
  await day.run(T0 + 20 * MIN, { observed: runs });
  expect(await served(), "after the next run").toEqual([
    [3, 50, 50],
    [3, 50, 50],
  ]);
  await day.run(T0 + 30 * MIN, { check: true });
  expect(await served(), "after the repair pass").toEqual([
    [3, 50, 50],
    [3, 50, 50],
  ]);
});

/** The history's comments and stars of each paper, as the next run weighs them. */
const historyStars = async () => {
  const h = decodeHistory((await kv.get(K.history))!, day.DAY)!;
  return [a, b].map((id) => {
    const p = h.papers.get(id)!;
    return [p.github_stars, p.num_comments];
  });
};

it("the same where the cards read's writes land after the older full read's", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  // Both reads read the day as T0 left it; the older read's writes land first, the cards read's last.
  const slowOlder = slowWrites(kv);
  const older = day.run(T0 + MIN, { papers: [shown(a, 2, 50), shown(b, 2, 50)], kv: slowOlder.kv });
  await untilBlocked(slowOlder.blocked);
  const slowCards = slowWrites(kv);
  const reading = cards(T0 + 2 * MIN, [shown(a, 3, 0), shown(b, 3, 0)], slowCards.kv);
  await untilBlocked(slowCards.blocked);
  slowOlder.release();
  const olderSettled = await older;
  slowCards.release();
  const read = await reading;
  const runs = [observedOf(T0 + MIN, olderSettled), observedOf(T0 + 2 * MIN, read)];
  await day.run(T0 + 20 * MIN, { observed: runs });
  expect(await served(), "after the next run").toEqual([
    [3, 50, 50],
    [3, 50, 50],
  ]);
  expect(await historyStars(), "the history's").toEqual([
    [50, 50],
    [50, 50],
  ]);
  // Another fold of the same records, the repair pass, and a fold after it: none takes them back.
  await day.run(T0 + 25 * MIN, { observed: runs });
  await day.run(T0 + 30 * MIN, { check: true });
  await day.run(T0 + 35 * MIN, { observed: runs });
  expect(await served(), "after the runs after").toEqual([
    [3, 50, 50],
    [3, 50, 50],
  ]);
  // A later full read of fewer stars is newer: it wins.
  await day.run(T0 + 40 * MIN, { papers: [shown(a, 4, 30), shown(b, 4, 30)] });
  await day.run(T0 + 45 * MIN, { observed: runs });
  await day.run(T0 + 50 * MIN, { check: true });
  expect(await served(), "after a newer full read").toEqual([
    [4, 30, 30],
    [4, 30, 30],
  ]);
});

it("two cards reads under the older full read: its stars win over both, and over a fold of the fold", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  const slow = slowWrites(kv);
  const older = day.run(T0 + MIN, { papers: [shown(a, 2, 50), shown(b, 2, 50)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  const first = await cards(T0 + 2 * MIN, [shown(a, 3, 0), shown(b, 3, 0)]);
  const second = await cards(T0 + 3 * MIN, [shown(a, 4, 0), shown(b, 4, 0)]);
  slow.release();
  const olderSettled = await older;
  const olderSummary = await kv.get(K.summary);
  const runs = [
    observedOf(T0 + MIN, olderSettled),
    observedOf(T0 + 2 * MIN, first),
    observedOf(T0 + 3 * MIN, second),
  ];
  const fold = await day.run(T0 + 20 * MIN, { observed: runs });
  expect(await served(), "after the next run").toEqual([
    [4, 50, 50],
    [4, 50, 50],
  ]);
  // The older read's summary landing once more over the fold's: a fold of the fold's record alone
  // holds them.
  await kv.put(K.summary, olderSummary!);
  await day.run(T0 + 30 * MIN, { observed: [observedOf(T0 + 20 * MIN, fold)] });
  await day.run(T0 + 40 * MIN, { check: true });
  expect(await served(), "after a fold of the fold, and the repair pass").toEqual([
    [4, 50, 50],
    [4, 50, 50],
  ]);
});

it("comments alone: an older full read's newer comments win over a cards read's older ones", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  const slow = slowWrites(kv);
  const older = day.run(T0 + MIN, {
    papers: [
      { ...shown(a, 2, 40), num_comments: 45 },
      { ...shown(b, 2, 40), num_comments: 45 },
    ],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  const read = await cards(T0 + 2 * MIN, [shown(a, 3, 0), shown(b, 3, 0)]);
  slow.release();
  const olderSettled = await older;
  const runs = [observedOf(T0 + 2 * MIN, read), observedOf(T0 + MIN, olderSettled)];
  await day.run(T0 + 20 * MIN, { observed: runs });
  await day.run(T0 + 30 * MIN, { check: true });
  expect(await served(), "after the next run and the repair pass").toEqual([
    [3, 40, 45],
    [3, 40, 45],
  ]);
});
