// Two runs read a day a moment apart, before and after a paper was renamed, and both found a new
// paper: the newer read's paper record (the new title) and summary stay, but the older read's day
// record (the old line) lands over the newer read's. A staged read of the day made before both is
// then settled: it counts as an older read, and weighs the paper's record against when the day's
// content was last read, which it took from the summary's observation. That summary names the
// newer read's content, not the record's, and the paper record was written by that very read, at
// the same second: it did not count as newer, and the staged read wrote its old title over it,
// stamped at the later time the run settled it. A newer read's day record, with the new title,
// landed before that stamp; the repair pass then found the paper record newer than the day and
// kept it, and /api/papers/:id answers the old title for good (found by stagedOverlapFuzz.test.ts,
// seed 28829).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { decodeSummary } from "../../src/store/values/summary";
import { madeUpDay, slowWrites, untilBlocked } from "./attackShared";

const { DAY, K, T0, MIN, paper, run, settle } = madeUpDay();

it("a staged read older than a rename leaves the paper's record the newer read wrote", async () => {
  const [a, b, c] = ["2605.30001", "2605.30002", "2605.30003"];
  const renamed = "The renamed title";
  const kv = env.PAPERS;
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  const title = async () => decodePaperRecord((await kv.get(paperRecordKey(a)))!, a)?.paper?.title;
  const line = async () => decodeDayRecord((await kv.get(K.day))!, DAY)?.papers.find((p) => p.id === a);

  // The staged read, made now, is settled later.
  const stagedAt = T0 + 19 * MIN;

  // An older read (before the rename) and a newer one (after it) both find paper c. The older
  // read's writes wait; the newer read's summary waits longer.
  const olderAt = T0 + 39 * MIN;
  const newerAt = T0 + 40 * MIN;
  const older = slowWrites(kv);
  const olderRun = run(olderAt, { papers: [paper(a, 1), paper(b, 2), paper(c, 3)], kv: older.kv });
  await untilBlocked(older.blocked);
  const newer = slowWrites(kv, (key) => key === K.summary);
  const newerRun = run(newerAt, { papers: [paper(a, 1, renamed), paper(b, 2), paper(c, 3)], kv: newer.kv });
  await untilBlocked(newer.blocked);
  older.release();
  await olderRun;
  newer.release();
  await newerRun;
  expect((await line())?.title, "the older read's day record landed last").not.toBe(renamed);
  expect(decodeSummary((await kv.get(K.summary))!, DAY)?.updated_at).toBe(new Date(newerAt).toISOString());
  expect(await title(), "the newer read's record of the paper").toBe(renamed);

  // A read after the rename finds the day's record with the old line, and writes it again after
  // the staged read has been settled, stamped before that.
  const nextAt = T0 + 49 * MIN;
  const next = slowWrites(kv);
  const nextRun = run(nextAt, { papers: [paper(a, 1, renamed), paper(b, 2), paper(c, 3)], kv: next.kv });
  await untilBlocked(next.blocked);
  // The staged read is settled as its own late run, its writes stamped when it settles.
  await run(stagedAt, { papers: [paper(a, 1), paper(b, 2)], versionAt: T0 + 50 * MIN });
  expect(await title(), "the staged read's older title").toBe(renamed);
  next.release();
  expect((await nextRun).contentWritten, "the read after the rename writes the day").toBe(true);
  expect((await line())?.title).toBe(renamed);

  // The repair pass comes round to the day.
  await run(T0 + 60 * MIN, { check: true });
  expect(await title(), "the paper's record").toBe(renamed);
  expect((await line())?.title, "the day's line").toBe(renamed);
});
