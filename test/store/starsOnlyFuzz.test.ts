// Overlapping reads of one day, randomized and seeded, where a read may find a paper's stars or
// comments moved and its upvotes not (no upvote point), and where a run stamped before another may
// settle after it (its fetch was slow): 2 to 4 reads, each whole or through the cards, started in an
// order the seed decides, their writes landing in an order it decides too; then a fold of their run
// records (written and read back), the repair pass and another fold. Counts only grow here, as they
// mostly do: the summary and the history end with the newest read's upvotes and the newest whole
// read's comments and stars.
import { expect, it } from "vitest";
import type { Settled } from "../../src/store/settle";
import { memoryKv } from "../memoryKv";
import { madeUpDay, observedViaRecord, slowWrites } from "./attackShared";
import { countedPaper, countsInHistory, countsServed, settledOrHolding } from "./countersFuzzShared";
import { prng } from "./fuzzShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN } = day;
const ids = ["2605.77501", "2605.77502"];
/** The seeds run: FROM to FROM + N - 1 (a sweep edits them; the workers' pool passes no environment). */
const FROM = 0;
const N = 300;

it("random overlaps and late settles of reads whose stars move without their upvotes", async () => {
  for (let seed = FROM; seed < FROM + N; seed++) {
    const rng = prng(seed);
    const kv = memoryKv();
    const log: string[] = [`seed ${seed}`];
    const paper = (id: string, up: number, stars: number, comments: number) =>
      countedPaper(day, id, up, stars, comments);
    await day.run(T0, { papers: ids.map((id) => paper(id, 1, 40, 4)), kv });
    const n = rng.int(2, 4);
    // Each read's counts, by its time: none smaller than an earlier read's.
    const reads: { at: number; full: boolean; up: number; stars: number; comments: number }[] = [];
    let [up, stars, comments] = [1, 40, 4];
    for (let k = 1; k <= n; k++) {
      if (rng.chance(0.4)) up++;
      if (rng.chance(0.6)) stars += rng.int(1, 9);
      if (rng.chance(0.4)) comments += rng.int(1, 3);
      reads.push({ at: T0 + k * MIN, full: rng.chance(0.6), up, stars, comments });
    }
    const newestUp = reads.at(-1)!.up;
    const lastFull = reads.filter((r) => r.full).at(-1);
    const newestFull = lastFull ? [lastFull.stars, lastFull.comments] : [40, 4];
    // Started in a random order: one stamped before another may read the store after it wrote.
    const order = [...reads];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const pending: { at: number; release: () => void; settling: Promise<Settled> }[] = [];
    const settled: { at: number; s: Settled }[] = [];
    const land = async (i: number) => {
      const p = pending.splice(i, 1)[0]!;
      p.release();
      settled.push({ at: p.at, s: await p.settling });
      log.push(`land ${(p.at - T0) / MIN}`);
    };
    for (const r of order) {
      log.push(
        `${r.full ? "full" : "cards"} ${(r.at - T0) / MIN} up ${r.up} stars ${r.stars} comments ${r.comments}`,
      );
      const slow = slowWrites(kv);
      const papers = ids.map((id) => paper(id, r.up, r.stars, r.comments));
      const settling = r.full ? day.run(r.at, { papers, kv: slow.kv }) : day.cards(r.at, papers, slow.kv);
      expect(await settledOrHolding(settling, slow.blocked), log.join("; ")).toBe(true);
      pending.push({ at: r.at, release: slow.release, settling });
      while (pending.length && rng.chance(0.5)) await land(rng.int(0, pending.length - 1));
    }
    while (pending.length) await land(rng.int(0, pending.length - 1));
    const runs = settled.flatMap(({ at, s }) => observedViaRecord(at, s));
    const expected = ids.map(() => [newestUp, ...newestFull]);
    const served = () => countsServed(kv, day);
    const hist = () => countsInHistory(kv, day, ids);
    const fold = await day.run(T0 + 20 * MIN, { observed: runs, kv });
    expect(await served(), `${log.join("; ")}: after the fold`).toEqual(expected);
    expect(await hist(), `${log.join("; ")}: history after the fold`).toEqual(expected);
    await day.run(T0 + 30 * MIN, { check: true, kv });
    await day.run(T0 + 40 * MIN, { observed: [...runs, ...observedViaRecord(T0 + 20 * MIN, fold)], kv });
    expect(await served(), `${log.join("; ")}: after the repair pass and another fold`).toEqual(expected);
    expect(await hist(), `${log.join("; ")}: history after all`).toEqual(expected);
  }
}, 600_000);
