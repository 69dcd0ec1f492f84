// Two reads of a day overlap: a newer read counts every paper, and its summary is slow to land; an
// older read through the cards, which shows one paper without a count, reads the day meanwhile. It
// takes that paper's count from the newer read's history point, observed after its own read, and its
// record keeps its own read at its own time, the paper beside it with that newer count. A fold of the
// record must not put that count in the history at the older read's time: no read counted the paper
// then.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { settleDay } from "../../src/store/settle";
import { decodeHistory } from "../../src/store/values/history";
import { madeUpDay, observedOf, runIdAt, slowWrites, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K, DAY } = day;
const [a, b] = ["2605.78401", "2605.78402"];
const kv = env.PAPERS;

it("a paper a card showed without a count gets no point at that read's time from a newer read's count", async () => {
  await day.run(T0, { papers: [day.paper(a, 1), day.paper(b, 1)] });
  // The newer read writes all but its summary, which waits.
  const slow = slowWrites(kv, (key) => key === K.summary);
  const newer = day.run(T0 + 2 * MIN, { papers: [day.paper(a, 3), day.paper(b, 3)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  // The older read, through the cards: paper a's card shows no count.
  const older = await settleDay({
    kv,
    date: DAY,
    runId: runIdAt(T0 + MIN),
    now: T0 + MIN,
    fresh: {
      date: DAY,
      via: "cards",
      partial: true,
      papers: [day.paper(a, 0), day.paper(b, 2)].map((p) => ({ ...p, summary: "", authors: [] })),
      unknownUpvotes: new Set([a]),
    },
  });
  slow.release();
  const newerSettled = await newer;
  // The next run folds both runs' records; then the repair pass.
  const runs = [observedOf(T0 + MIN, older), observedOf(T0 + 2 * MIN, newerSettled)];
  await day.run(T0 + 20 * MIN, { observed: runs });
  await day.run(T0 + 30 * MIN, { check: true });
  const points = decodeHistory((await kv.get(K.history))!, DAY)!.papers.get(a)?.points;
  expect(points, "paper a's points: the first read's and the newer read's").toEqual([
    [T0 / 1000, 1],
    [(T0 + 2 * MIN) / 1000, 3],
  ]);
});
