// A paper listed on two days is renamed. A run reads the first day, finds the rename, and writes
// the paper's record (listing both days) at its own second; it then folds the second day (an
// observation its summary lacks: a read whose day record and summary a slower run's landed over),
// which it did not read: it leaves the renamed record, newer than that day, and writes the day's
// record with the old line, stamped at that very second. Its summary lands late. A run that then
// settles the second day (another fold, or a read made before the fold's run, which found the
// rename) weighs the paper's record against the day record's stamp alone: no newer than that, the
// record is taken for the day's older content, and the run writes the old title over it. Nothing
// after puts the rename back in the record: reads of either day find its line renamed (found by
// stagedOverlapFuzz.test.ts, seed 63860).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { summaryKey } from "../../src/store/values/summary";
import {
  madeUpDay,
  observedOf,
  type RunOptions,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-20");
const { T0, MIN } = first;
const SEC = 1000;
const [x, a, b, y] = ["2605.70001", "2605.70002", "2605.70003", "2605.70004"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const own = async () => (await storedPaperRecord(x))?.paper?.title;

/** The race above; `next`, the run that settles the second day while the fold's summary waits. */
async function foldAtRenameSecond(
  next: (foldAt: number, undone: RunOptions["observed"]) => Promise<unknown>,
) {
  // Paper x is listed on both days, under its old title.
  await first.settle(T0, [first.paper(x, 1), first.paper(a, 2)]);
  await second.settle(T0, [second.paper(x, 1), second.paper(b, 3)]);

  // A read of the second day finds y too; a slower run's day record and summary land over its own.
  const undoneAt = T0 + 10 * MIN;
  const { settled } = await second.undoneRead(undoneAt, [
    second.paper(x, 1),
    second.paper(b, 3),
    second.paper(y, 4),
  ]);
  const undone = [observedOf(undoneAt, settled, { wrote: true })];

  // x is renamed. A run reads the first day and finds it: it writes x's record at its own second.
  const foldAt = T0 + 20 * MIN;
  await first.run(foldAt, { papers: [first.paper(x, 1, renamed), first.paper(a, 2)] });
  expect(await own(), "the paper's record after the read of the rename").toBe(renamed);

  // The same run folds the second day (putting y back); its summary waits.
  const slow = slowWrites(kv, (key) => key === summaryKey(second.DAY));
  const folding = second.run(foldAt, { observed: undone, kv: slow.kv });
  await untilBlocked(slow.blocked);
  expect(await own(), "the paper's record after the fold's day record").toBe(renamed);

  await next(foldAt, undone);
  expect(await own(), "the paper's record after the next run").toBe(renamed);
  slow.release();
  await folding;

  // A read of the first day finds the rename as stored; the repair pass of both days.
  await first.run(foldAt + 10 * MIN, { papers: [first.paper(x, 1, renamed), first.paper(a, 2)] });
  await first.run(foldAt + 20 * MIN, { check: true });
  await second.run(foldAt + 20 * MIN, { check: true });
  expect(await own(), "the paper's record after the repair pass").toBe(renamed);
}

it("a fold after a run that renamed a paper and folded its other day, at that second, leaves the renamed record", async () => {
  await foldAtRenameSecond((foldAt, undone) => second.run(foldAt + 23 * SEC, { observed: undone }));
});

it("so does a read that found the rename, made before that run and settled after its fold", async () => {
  await foldAtRenameSecond((foldAt) =>
    second.run(foldAt - 80 * SEC, {
      papers: [second.paper(x, 1, renamed), second.paper(b, 3), second.paper(y, 4)],
    }),
  );
});
