// Two reads of a rename, made one after the other, settle beside a fold stamped before both: the
// older read reads the day before the newer one writes, and its paper record, stamped at its own
// time, lands after the newer read's; then the fold's day record of the old line and its summary,
// which names neither read, land last. The next fold merges both reads' observations: the paper's
// record was written, listing the day, by a run the summary lacks, yet it was weighed against the
// newest of those runs alone, whose write did not land last, and the fold kept the old line. The
// paper's record then counts as no newer than the day, and the repair pass writes the old title
// back: no later read of the day puts the rename back (found by stagedOverlapFuzz.test.ts, seed
// 48854).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  lineTitle,
  madeUpDay,
  observedOf,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const { DAY, T0, MIN, paper, run, settle, undoneRead } = madeUpDay("2026-05-19");
const SEC = 1000;
const [a, b, c] = ["2605.80001", "2605.80002", "2605.80003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const line = () => lineTitle(DAY, a);
const own = async () => (await storedPaperRecord(a))?.paper?.title;

it("a fold over two reads' paper records, landed out of order under an older fold's day record, keeps the rename", async () => {
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  // A read that added paper c, whose day record and summary an older run's landed over.
  const xAt = T0 + 5 * MIN;
  const { settled: x } = await undoneRead(xAt, [paper(a, 1), paper(b, 2), paper(c, 3)]);

  // The fold (+0s), the older read (+10s) and the newer read (+40s), both of the rename.
  const foldAt = T0 + 10 * MIN;
  const olderAt = foldAt + 10 * SEC;
  const newerAt = foldAt + 40 * SEC;
  const page = [paper(a, 1, renamed), paper(b, 2), paper(c, 3)];
  // The fold puts paper c back with the old lines; its writes wait.
  const fold = slowWrites(kv);
  const folding = run(foldAt, { observed: [observedOf(xAt, x, { wrote: true })], kv: fold.kv });
  await untilBlocked(fold.blocked);
  // The older read reads the day before the newer read writes; its writes wait.
  const older = slowWrites(kv);
  const olderReading = run(olderAt, { papers: page, kv: older.kv });
  await untilBlocked(older.blocked);
  const newerSettled = await run(newerAt, { papers: page });
  // The older read's writes land after the newer read's, then the fold's.
  older.release();
  const olderSettled = await olderReading;
  fold.release();
  expect((await folding).contentWritten, "the fold writes the day record").toBe(true);
  expect(await line(), "the fold's day record landed last").not.toBe(renamed);
  expect(await own(), "the older read's record of the paper, landed last").toBe(renamed);

  // A later run, upstream down, folds both reads' observations; then the repair pass.
  await run(T0 + 20 * MIN, {
    observed: [
      observedOf(olderAt, olderSettled, { wrote: true }),
      observedOf(newerAt, newerSettled, { wrote: true }),
    ],
  });
  expect(await own(), "the paper's record after the fold").toBe(renamed);
  expect(await line(), "the day's line after the fold").toBe(renamed);
  await run(T0 + 30 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});
