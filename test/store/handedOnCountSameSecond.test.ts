// Two runs read a day at once: A reads paper a at 11 and B, stamped 40 s later, reads it fallen back
// to 8 (votes taken back) and another paper's count moved. A's history write lands, then B's (read
// before A's, so without A's point, and with no point of a: 8 is its newest point's count), then
// A's summary last (KV has no transactions). The repair pass R then takes a's 11 from A's summary
// and says the day's counters were observed at B's second (the history's newest point, the other
// paper's); its run record hands that 11 on at B's second. The next run merges A's, B's and R's
// records, and the history gets two points of a at B's second, 8 (B's read) and 11 (R's, a count
// from A's older read), which does not validate when read back (stagedOverlapFuzz.test.ts, seed
// 30960). The count at a second is what the run that read at that second saw: B's 8.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  decodeHistory,
  emptyHistory,
  encodeHistory,
  readHistory,
  withObservation,
} from "../../src/store/values/history";
import { madeUpDay, observedOf, slowWrites, untilBlocked } from "./attackShared";
import { valueAt } from "./fuzzShared";

const { DAY, K, T0, MIN, paper, settle, run } = madeUpDay();
const [a, b] = ["2605.30031", "2605.30032"];

it("a count handed on at another run's read second does not go into the history beside that read's own point", async () => {
  await settle(T0, [paper(a, 7), paper(b, 5)]);
  await settle(T0 + 10 * MIN, [paper(a, 8), paper(b, 5)]);
  const tA = T0 + 20 * MIN;
  const tB = tA + 40_000;
  // B reads first and its writes wait; A reads too, writes its history, and its summary waits.
  const slowB = slowWrites(env.PAPERS);
  const pendingB = run(tB, { papers: [paper(a, 8), paper(b, 6)], kv: slowB.kv });
  await untilBlocked(slowB.blocked);
  const slowA = slowWrites(env.PAPERS, (key) => key === K.summary);
  const pendingA = run(tA, { papers: [paper(a, 11), paper(b, 5)], kv: slowA.kv });
  await untilBlocked(slowA.blocked);
  slowB.release();
  const readB = await pendingB;
  slowA.release();
  const readA = await pendingA;
  // The repair pass, then the next run merging the three runs' records.
  const tR = tB + 10_000;
  const repaired = await run(tR, { check: true });
  const tN = T0 + 30 * MIN;
  await run(tN, {
    papers: [paper(a, 8), paper(b, 6)],
    observed: [observedOf(tA, readA), observedOf(tB, readB), observedOf(tR, repaired)],
  });

  const text = (await env.PAPERS.get(K.history))!;
  const view = readHistory(text, DAY)!;
  const points = view.whole().papers.get(a)!.points;
  const times = points.map(([t]) => t);
  expect(new Set(times).size, `one point a second: ${JSON.stringify(points)}`).toBe(times.length);
  expect(view.damaged, `the history validates: ${JSON.stringify(points)}`).toBe(0);
  expect(valueAt(points, tB / 1000), `a's count at B's read: ${JSON.stringify(points)}`).toBe(8);
  expect(valueAt(points, tA / 1000), `a's count at A's read: ${JSON.stringify(points)}`).toBe(11);
});

it("a stored series with two counts at one second hides those points only, and the repair pass writes it back valid", async () => {
  const t = Math.floor(T0 / 1000);
  await settle(T0 + 30 * MIN, [paper(a, 9), paper(b, 5)]);
  const text = JSON.stringify({
    v: 3,
    date: DAY,
    papers: {
      [a]: { u: `${t}:7,${t + 60}:8,${t + 60}:11,${t + 120}:9` },
      [b]: { u: `${t}:5` },
    },
  });
  const read = decodeHistory(text, DAY)!;
  expect(read.damaged).toBeGreaterThan(0);
  expect(read.papers.get(a)!.points).toEqual([
    [t, 7],
    [t + 120, 9],
  ]);
  expect(read.papers.get(b)!.points).toEqual([[t, 5]]);
  await env.PAPERS.put(K.history, text);
  await run(T0 + 40 * MIN, { check: true });
  const back = readHistory((await env.PAPERS.get(K.history))!, DAY)!;
  const whole = back.whole();
  expect(back.damaged, encodeHistory(whole)).toBe(0);
  expect(whole.papers.get(a)!.points.map(([time]) => time)).toEqual([t, t + 120]);
});

it("a read's own count replaces another held at its second; a count handed on does not go in beside one held", () => {
  const t = Math.floor(T0 / 1000);
  const one = (n: number) => new Map([[a, { upvotes: n }]]);
  const handedOn = withObservation(withObservation(emptyHistory(DAY), t, one(7)), t + 60, one(11));
  // A read at t + 60 comes in later (its run record merged after the other run's).
  const read = withObservation(handedOn, t + 60, one(8), true);
  expect(read.papers.get(a)!.points).toEqual([
    [t, 7],
    [t + 60, 8],
  ]);
  // A read whose count is the one before: no point of its own at that second.
  expect(withObservation(handedOn, t + 60, one(7), true).papers.get(a)!.points).toEqual([[t, 7]]);
  // The read's point held, a count handed on at its second stays out.
  expect(withObservation(read, t + 60, one(11))).toBe(read);
});
