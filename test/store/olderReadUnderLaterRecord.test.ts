// A read older than a newer read of the same page (both after a rename) settles the day after a
// third writer's day record of older lines landed over the newer read's, stamped after the older
// read: a fold stamped between the two reads, or a staged read settled later (stamped when it was
// settled). The newer read's summary names the older read's very content, but the record's stamp
// dates the day's content past the older read, which then counts as older: it keeps the record's
// old line and, weighing the paper's record against that stamp, writes the old title over the
// renamed one the newer read (or itself, on another day) wrote. Every value then names the old
// title, and no later run reads the page's rename again (found by overlapFuzz.test.ts, seed 53323,
// the fold; stagedOverlapFuzz.test.ts, seed 31654, the staged read).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { summaryKey } from "../../src/store/values/summary";
import {
  lineTitle,
  madeUpDay,
  observedOf,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const { DAY, T0, MIN, paper, run, settle, undoneRead } = madeUpDay("2026-05-19");
const other = madeUpDay("2026-05-18");
const SEC = 1000;
const [a, b, c] = ["2605.60001", "2605.60002", "2605.60003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const line = () => lineTitle(DAY, a);
const own = async () => (await storedPaperRecord(a))?.paper?.title;

it("an older read of a rename, under a fold's later day record of older lines and the newer read's summary, keeps the rename", async () => {
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  // A read that added paper c, whose day record and summary an older run's landed over.
  const xAt = T0 + 5 * MIN;
  const { settled: x } = await undoneRead(xAt, [paper(a, 1), paper(b, 2), paper(c, 3)]);

  // The older read (+0s), the fold (+30s) and the newer read (+50s).
  const olderAt = T0 + 10 * MIN;
  const foldAt = olderAt + 30 * SEC;
  const newerAt = olderAt + 50 * SEC;
  // The fold puts paper c back from the old lines; its writes wait.
  const fold = slowWrites(kv);
  const folding = run(foldAt, { observed: [observedOf(xAt, x, { wrote: true })], kv: fold.kv });
  await untilBlocked(fold.blocked);
  // The newer read renames paper a; its summary waits.
  const newer = slowWrites(kv, (key) => key === summaryKey(DAY));
  const reading = run(newerAt, { papers: [paper(a, 1, renamed), paper(b, 2), paper(c, 3)], kv: newer.kv });
  await untilBlocked(newer.blocked);
  fold.release();
  expect((await folding).contentWritten, "the fold writes the day record").toBe(true);
  newer.release();
  await reading;
  expect(await line(), "the fold's day record landed last").not.toBe(renamed);
  expect(await own(), "the newer read's record of the paper").toBe(renamed);

  // The older read, of the same page as the newer one, lists paper a on another day too, and
  // writes its record first from there, stamped at its own time, over the newer read's.
  await other.run(olderAt, { papers: [other.paper(a, 1, renamed)] });
  expect(await own(), "the older read's record of the paper").toBe(renamed);
  await settle(olderAt, [paper(a, 1, renamed), paper(b, 2), paper(c, 3)]);
  expect(await own(), "the paper's record").toBe(renamed);
  expect(await line(), "the day's line").toBe(renamed);

  // The repair pass comes round to the day.
  await run(T0 + 30 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});

it("an older read of a rename, under a staged read's later day record of older lines and the newer read's summary, keeps the rename", async () => {
  await settle(T0, [paper(a, 1), paper(b, 2)]);

  // A read staged before the rename, which found paper c, is settled later, stamped when it is.
  const stagedAt = T0 + 5 * MIN;
  const olderAt = T0 + 10 * MIN;
  const newerAt = olderAt + 5 * SEC;
  const settledAt = olderAt + 48 * SEC;
  // Its writes wait; its summary waits longer.
  const lateSummary = slowWrites(kv, (key) => key === summaryKey(DAY));
  const staged = slowWrites(lateSummary.kv);
  const settling = run(stagedAt, {
    papers: [paper(a, 1), paper(b, 2), paper(c, 3)],
    kv: staged.kv,
    versionAt: settledAt,
  });
  await untilBlocked(staged.blocked);
  // The newer read renames paper a, and lands whole.
  await run(newerAt, { papers: [paper(a, 1, renamed), paper(b, 2), paper(c, 3)] });
  staged.release();
  await untilBlocked(lateSummary.blocked);
  expect(await line(), "the staged read's day record landed last").not.toBe(renamed);
  expect(await own(), "the newer read's record of the paper").toBe(renamed);

  // The older read, of the same page as the newer one; the staged read's summary lands after it.
  await settle(olderAt, [paper(a, 1, renamed), paper(b, 2), paper(c, 3)]);
  expect(await own(), "the paper's record").toBe(renamed);
  expect(await line(), "the day's line").toBe(renamed);
  lateSummary.release();
  await settling;

  // The repair pass comes round to the day.
  await run(T0 + 30 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
  expect(await line(), "the day's line after the repair pass").toBe(renamed);
});
