// Overlapping reads of one day, randomized and seeded: 2 to 4 reads, each whole or through the cards
// (which show upvotes, not comments or stars), each started once the ones before it have read, their
// writes landing in an order the seed decides; then a fold of their run records (written and read
// back), the repair pass and another fold. No counter goes back: the summary and the history end with
// the newest read's upvotes and the newest whole read's comments and stars, though a cards read's
// writes hold older ones (docs/overlapping-runs.md, "Comments and stars have a time of their own").
import { expect, it } from "vitest";
import type { Settled } from "../../src/store/settle";
import { memoryKv } from "../memoryKv";
import { madeUpDay, observedViaRecord, slowWrites, untilBlocked } from "./attackShared";
import { countedPaper, countsInHistory, countsServed } from "./countersFuzzShared";
import { prng } from "./fuzzShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN } = day;
const ids = ["2605.77301", "2605.77302"];
/** The seeds run: FROM to FROM + N - 1 (a sweep edits them; the workers' pool passes no environment). */
const FROM = 0;
const N = 300;

it("random overlaps of full and cards reads: the newest read's upvotes, the newest full read's stars", async () => {
  for (let seed = FROM; seed < FROM + N; seed++) {
    const rng = prng(seed);
    const kv = memoryKv();
    const log: string[] = [`seed ${seed}`];
    const paper = (id: string, up: number, stars: number, comments: number) =>
      countedPaper(day, id, up, stars, comments);
    await day.run(T0, { papers: ids.map((id) => paper(id, 1, 40, 4)), kv });
    let newestFull: [number, number] = [40, 4];
    let newestUp = 1;
    const n = rng.int(2, 4);
    const pending: { at: number; release: () => void; settling: Promise<Settled> }[] = [];
    const settled: { at: number; s: Settled }[] = [];
    const land = async (i: number) => {
      const p = pending.splice(i, 1)[0]!;
      p.release();
      settled.push({ at: p.at, s: await p.settling });
      log.push(`land ${p.at}`);
    };
    for (let k = 1; k <= n; k++) {
      const at = T0 + k * MIN;
      const up = 1 + k;
      newestUp = up;
      const full = rng.chance(0.5);
      const stars = rng.int(10, 90);
      const comments = rng.int(0, 9);
      if (full) newestFull = [stars, comments];
      log.push(`${full ? "full" : "cards"} ${at} up ${up} stars ${stars} comments ${comments}`);
      const slow = slowWrites(kv);
      const papers = ids.map((id) => paper(id, up, stars, comments));
      const settling = full ? day.run(at, { papers, kv: slow.kv }) : day.cards(at, papers, slow.kv);
      await untilBlocked(slow.blocked);
      pending.push({ at, release: slow.release, settling });
      while (pending.length && rng.chance(0.4)) await land(rng.int(0, pending.length - 1));
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
