// A read through the cards that shows no count for a paper keeps the count stored, and writes it in
// a summary dated at its own read. A newer read of the page whose writes land after the cards read
// has read the day observed a newer count: the cards read's summary, landing last, holds the older
// count as observed after it, and every run after keeps it.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { settleDay } from "../../src/store/settle";
import { storedDay } from "../stored";
import { madeUpDay, observedOf, runIdAt, slowWrites, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, DAY } = day;
const [a, b] = ["2605.78201", "2605.78202"];
const kv = env.PAPERS;

it("a count a card did not show does not go over a newer read's", async () => {
  await day.run(T0, { papers: [day.paper(a, 1), day.paper(b, 1)] });
  const slowNewer = slowWrites(kv);
  const newer = day.run(T0 + 2 * MIN, { papers: [day.paper(a, 3), day.paper(b, 3)], kv: slowNewer.kv });
  await untilBlocked(slowNewer.blocked);
  // The cards read, later, reads the day before the newer read's writes land; its writes land last.
  const slowCards = slowWrites(kv);
  const cards = settleDay({
    kv: slowCards.kv,
    date: DAY,
    runId: runIdAt(T0 + 10 * MIN),
    now: T0 + 10 * MIN,
    fresh: {
      date: DAY,
      via: "cards",
      partial: true,
      unknownUpvotes: new Set([a]),
      papers: [day.paper(a, 0), day.paper(b, 4)].map((p) => ({ ...p, summary: "", authors: [] })),
    },
  });
  await untilBlocked(slowCards.blocked);
  slowNewer.release();
  const newerSettled = await newer;
  slowCards.release();
  const cardsSettled = await cards;
  const runs = [observedOf(T0 + 2 * MIN, newerSettled), observedOf(T0 + 10 * MIN, cardsSettled)];
  await day.run(T0 + 20 * MIN, { observed: runs });
  await day.run(T0 + 30 * MIN, { check: true });
  const served = (await storedDay(DAY))?.papers.map((p) => p.upvotes);
  expect(served, "upvotes served").toEqual([3, 4]);
});
