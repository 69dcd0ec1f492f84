// A paper listed on a second day, renamed meanwhile. Three reads of that day overlap: the oldest
// and the middle one read the old title, the newest the rename. The newest writes the paper's
// record (listing both days) first, the oldest's record of the old title lands on it, and the
// newest's day record lands last. The middle read, which read the paper's first day too (its old
// title, written before), settles the second day after all that: an older read than the day
// record, it keeps the day's renamed line, and puts that line back in the paper's record, which
// the oldest read's landing had undone. It stamped that record at its own read, the very second
// its day record of the first day was written with the old title, though the rename was read
// later. A fold of the first day (an observation of the oldest read, which wrote the paper's record
// listing that day) then finds the paper's record no newer than the day's content, and writes the
// old title over it; a newer read of the first day, landing after the fold, is then undone by the
// next fold, which takes the fold's record as a newer run's (found by stagedOverlapFuzz.test.ts,
// seed 51244).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodePaperRecord, encodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import {
  lineTitle,
  madeUpDay,
  observedOf,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-19");
const second = madeUpDay("2026-05-18");
const { T0, MIN } = first;
const SEC = 1000;
const [a, b, c] = ["2605.90001", "2605.90002", "2605.90003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const line = () => lineTitle(first.DAY, a);
const own = async () => (await storedPaperRecord(a))?.paper?.title;

/** The race above; `damage` runs just before the middle read settles the second day. */
async function renameRace(damage = async () => {}) {
  // Paper a is listed on the first day; the second day lists c.
  await first.settle(T0, [first.paper(a, 1), first.paper(b, 2)]);
  await second.settle(T0, [second.paper(c, 3)]);

  // The second day lists a too; a is renamed between the middle read and the newest.
  const base = T0 + 60 * MIN;
  const [oldestAt, middleAt, newestAt] = [base - 34 * SEC, base - 29 * SEC, base + 38 * SEC];
  const before = [second.paper(c, 3), second.paper(a, 1)];
  const after = [second.paper(c, 3), second.paper(a, 1, renamed)];

  // The oldest read's read of the first day: its day record and summary a slower run's landed over.
  const { settled: oldestFirst } = await first.undoneRead(oldestAt, [first.paper(a, 1), first.paper(b, 5)]);
  // The middle read's read of the first day: the old title, its values written at its own time.
  await first.run(middleAt, { papers: [first.paper(a, 1), first.paper(b, 6)] });

  // The oldest read of the second day reads before the newest writes; its writes wait.
  const oldest = slowWrites(kv);
  const oldestReading = second.run(oldestAt, { papers: before, kv: oldest.kv });
  await untilBlocked(oldest.blocked);
  // The newest writes the paper's record; its day record and summary wait.
  const newest = slowWrites(kv, (key) => !key.startsWith("paper:"));
  const newestReading = second.run(newestAt, { papers: after, kv: newest.kv });
  await untilBlocked(newest.blocked);
  // The oldest read's writes land, then the newest's day record and summary.
  oldest.release();
  await oldestReading;
  newest.release();
  await newestReading;
  expect(await own(), "the oldest read's record of the paper, landed last").not.toBe(renamed);

  // The middle read settles the second day: the day's line is the rename, which it puts back.
  await damage();
  await second.run(middleAt, { papers: before });
  expect(await own(), "the paper's record after the middle read").toBe(renamed);

  // A fold of the first day, with the oldest read's observation: its run record names the paper's
  // record as written listing that day (it wrote it settling the second day, listing both).
  const foldAt = base + 10 * MIN + 42 * SEC;
  await first.run(foldAt, { observed: [{ ...observedOf(oldestAt, oldestFirst), wrote: [a] }] });
  expect(await own(), "the paper's record after the fold").toBe(renamed);

  // A newer read of the first day finds the rename; then a fold and the repair pass.
  await first.run(base + 10 * MIN + 9 * SEC, {
    papers: [first.paper(a, 1, renamed), first.paper(b, 6)],
  });
  await first.run(base + 20 * MIN, { observed: [] });
  await first.run(base + 30 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the first day's line after the repair pass").toBe(renamed);
}

it("a read older than the second day's renamed line, putting it back in the paper's record, stamps it no older than the rename's read", async () => {
  await renameRace();
});

it("so it does when the paper's record carries a damaged stamp, a year ahead of every run", async () => {
  await renameRace(async () => {
    const stored = decodePaperRecord((await kv.get(paperRecordKey(a)))!, a)!;
    await kv.put(paperRecordKey(a), encodePaperRecord({ ...stored, updated_at: "2027-12-01T00:00:00.000Z" }));
  });
});
