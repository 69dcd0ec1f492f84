// Overlapping reads of one day, randomized and seeded, where counts go back as well as up (an upvote,
// a star or a comment taken back, then maybe given again): 2 to 4 reads, each whole or through the
// cards, started in an order the seed decides (one stamped before another may read the store after it
// wrote), each handed the run records of the reads settled before it read, as a run is; their writes
// land in an order the seed decides too. A read that finds the counts as stored writes nothing and
// keeps a confirmation in its record. Then a fold of every run's record under the run's own id (the
// one the summaries name), the repair pass and another fold. The summary and the history end with the
// newest read's upvotes and the newest whole read's comments and stars
// (test/store/countWentBackUnderLateRead.test.ts has the races this found, each on its own).
import { expect, it } from "vitest";
import { type Settled, settleDay } from "../../src/store/settle";
import { memoryKv } from "../memoryKv";
import { madeUpDay, type Observed, observedViaRecord, runIdAt, slowWrites } from "./attackShared";
import { countedPaper, countsInHistory, countsServed, settledOrHolding } from "./countersFuzzShared";
import { prng } from "./fuzzShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN } = day;
const ids = ["2605.77701", "2605.77702"];
/**
 * Seeds run in CI: those that failed of 0 to 1999 (a fold serving a middle read's lower count over a
 * newer read's confirmation: 759, 994, 1467, 1574, 1795, 1906; and 38, a confirmation's point undone
 * under a summary naming its run, made by the first form of the fix), then 0 to 299. A sweep edits them.
 */
const SEEDS = [759, 994, 1467, 1574, 1795, 1906, ...Array.from({ length: 300 }, (_, i) => i)];

type Ran = { at: number; runId: string; settled: Settled };

/** Each run's record, written and read back, under the run's own id. */
const recordsOf = (ran: Ran[]): Observed[] =>
  ran.flatMap(({ at, runId, settled }) => observedViaRecord(at, settled).map((o) => ({ ...o, runId })));

async function fuzz(seed: number): Promise<string[]> {
  const rng = prng(seed);
  const kv = memoryKv();
  const log: string[] = [`seed ${seed}`];
  const paper = (id: string, up: number, stars: number, comments: number) =>
    countedPaper(day, id, up, stars, comments);
  await day.run(T0, { papers: ids.map((id) => paper(id, 5, 40, 4)), kv });
  const n = rng.int(2, 4);
  const reads: { at: number; full: boolean; up: number; stars: number; comments: number }[] = [];
  let [up, stars, comments] = [5, 40, 4];
  for (let k = 1; k <= n; k++) {
    if (rng.chance(0.5)) up += rng.chance(0.5) ? 1 : -1;
    if (rng.chance(0.5)) stars += rng.chance(0.5) ? 1 : -1;
    if (rng.chance(0.3)) comments += rng.chance(0.5) ? 1 : -1;
    reads.push({ at: T0 + k * MIN, full: rng.chance(0.6), up, stars, comments });
  }
  const lastFull = reads.filter((r) => r.full).at(-1);
  const want = JSON.stringify(
    ids.map(() => [reads.at(-1)!.up, ...(lastFull ? [lastFull.stars, lastFull.comments] : [40, 4])]),
  );
  const order = rng.shuffle(reads);
  const pending: { at: number; runId: string; release: () => void; settling: Promise<Settled> }[] = [];
  const ran: Ran[] = [];
  const land = async (i: number) => {
    const p = pending.splice(i, 1)[0]!;
    p.release();
    ran.push({ at: p.at, runId: p.runId, settled: await p.settling });
    log.push(`land ${(p.at - T0) / MIN}`);
  };
  for (const r of order) {
    log.push(
      `${r.full ? "full" : "cards"} ${(r.at - T0) / MIN} up ${r.up} stars ${r.stars} comments ${r.comments}`,
    );
    const slow = slowWrites(kv);
    const papers = ids.map((id) => paper(id, r.up, r.stars, r.comments));
    const runId = runIdAt(r.at);
    const settling = settleDay({
      kv: slow.kv,
      date: day.DAY,
      runId,
      now: r.at,
      fresh: r.full
        ? day.full(papers)
        : {
            ...day.full(papers.map((p) => ({ ...p, summary: "", authors: [] }))),
            via: "cards",
            partial: true,
          },
      observed: recordsOf(ran),
    });
    if (!(await settledOrHolding(settling, slow.blocked)))
      return [`${log.join("; ")}: a read neither settled nor wrote`];
    pending.push({ at: r.at, runId, release: slow.release, settling });
    while (pending.length && rng.chance(0.5)) await land(rng.int(0, pending.length - 1));
  }
  while (pending.length) await land(rng.int(0, pending.length - 1));
  const served = async () => JSON.stringify(await countsServed(kv, day));
  const history = async () => JSON.stringify(await countsInHistory(kv, day, ids));
  const wrong: string[] = [];
  const check = async (when: string) => {
    if ((await served()) !== want) wrong.push(`${when}: served ${await served()}, want ${want}`);
    if ((await history()) !== want) wrong.push(`${when}: history ${await history()}, want ${want}`);
  };
  const foldAt = T0 + 20 * MIN;
  const foldId = runIdAt(foldAt);
  const runs = recordsOf(ran);
  const fold = await settleDay({ kv, date: day.DAY, runId: foldId, now: foldAt, observed: runs });
  await check("after the fold");
  await day.run(T0 + 30 * MIN, { check: true, kv });
  await day.run(T0 + 40 * MIN, {
    observed: [...runs, ...recordsOf([{ at: foldAt, runId: foldId, settled: fold }])],
    kv,
  });
  await check("after the repair pass and another fold");
  return wrong.length ? [`${log.join("; ")}: ${wrong.join("; ")}`] : [];
}

it(`counts that go back and up, read by overlapping runs: the newest read's are kept (${SEEDS.length} seeds)`, {
  timeout: 600_000,
}, async () => {
  const failing: string[] = [];
  for (const seed of SEEDS) failing.push(...(await fuzz(seed)));
  expect(
    failing.slice(0, 3),
    `${failing.length} of ${SEEDS.length} seeds fail: ${failing.map((f) => f.split(";")[0]).join(",")}`,
  ).toEqual([]);
});
