// A paper listed on two days whose own record lost the first day's listing (a read of the second
// day, which read the record before the first day's write, landed its record last), renamed since
// by a read of the second day. A fold of the first day, run after the rename's read, puts a paper a
// slower run undid back in the first day's record: it writes the day's lines as read before the
// rename, the paper's old title among them, stamped at its own later time, and puts the first day
// back in the paper's record, keeping the renamed content. restoreListings in a run after it finds
// that fold among the recent runs that wrote the record, started after the record's content was
// read, and took the first day's line, stamped after that read, for the newer content: it wrote
// the old title over the rename, and every run after, the repair pass too, kept it.
// The same where the first day's read_at is then damaged to a plausible time: a few hours past the
// record's own stamp, inside the day's margin that marks a time no run made. A day record's lines
// are never read after its stamp, yet restoreListings dated the line at that read_at alone.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { restoreListings } from "../../src/store/runs";
import { dayRecordKey, paperLine } from "../../src/store/values/dayRecord";
import type { RunRecord } from "../../src/store/values/runRecord";
import {
  madeUpDay,
  observedOf,
  runIdAt,
  runsAfterThenRepair,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, b, c, x] = ["2605.64201", "2605.64202", "2605.64203", "2605.64204"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = async (day: string) => paperLine((await kv.get(dayRecordKey(day)))!, day, x);

/** Up to the fold that puts the first day's old line back after the rename; its result. */
async function foldPutsOldLineBack() {
  // The second day's first read reads the store before the first day's reads write, and lands
  // last: x's record lists the second day only. Meanwhile a read of the first day finding a new
  // paper b is undone by a slower run's day record and summary.
  const slow = slowWrites(kv);
  const landsLast = second.run(T0 + MIN, {
    papers: [second.paper(c, 3), second.paper(x, 2, "A")],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "A")]);
  const undone = await first.undoneRead(T0 + 2 * MIN, [
    first.paper(a, 1),
    first.paper(x, 2, "A"),
    first.paper(b, 4),
  ]);
  slow.release();
  await landsLast;
  expect((await record())?.listed_on, "x's record, the first day's listing lost").toEqual([second.DAY]);

  // A read of the second day finds x renamed.
  await second.settle(T0 + 10 * MIN, [second.paper(c, 3), second.paper(x, 2, "C")]);
  // A fold of the first day puts b back: its day record, of lines read before the rename, is
  // stamped after it; x's record gets the first day back and keeps the rename.
  const fold = await first.run(T0 + 20 * MIN, {
    observed: [observedOf(T0 + 2 * MIN, undone.settled, { wrote: true })],
  });
  expect((await line(first.DAY))?.content?.title, "the first day's line").toBe("A");
  expect((await record())?.paper?.title, "x's record after the fold").toBe("C");
  expect((await record())?.listed_on, "x's record after the fold").toEqual([second.DAY, first.DAY]);
  return fold;
}

/** The next run's restoreListings, with the fold among the recent runs; then the runs after and the repair pass. */
async function restoreThenRepair(fold: Awaited<ReturnType<typeof foldPutsOldLineBack>>) {
  const runs = [{ id: runIdAt(T0 + 20 * MIN), listings: fold.listings! }] as unknown as RunRecord[];
  await restoreListings(kv, runs, T0 + 30 * MIN);
  expect((await record())?.paper?.title, "x's record after restoreListings").toBe("C");
  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 40 * MIN);
  expect((await line(second.DAY))?.content?.title, "the second day's line").toBe("C");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
}

it("restoreListings does not take a day's line a fold stamped after a rename for the newer content", async () => {
  await restoreThenRepair(await foldPutsOldLineBack());
});

it("restoreListings does not date a day's line past the day record's own stamp", async () => {
  const fold = await foldPutsOldLineBack();
  expect(
    (await line(first.DAY))?.read_at,
    "the first day's record says when its lines were read",
  ).toBeDefined();
  // The first day's read_at damaged: three hours past its stamp, less than a day past the next run.
  const { value, metadata } = await kv.getWithMetadata(first.K.day);
  const ahead = new Date(T0 + 3 * 60 * MIN).toISOString();
  const damaged = value!.replace(/"read_at":"[^"]*"/, `"read_at":"${ahead}"`);
  expect(damaged).not.toBe(value);
  await kv.put(first.K.day, damaged, { metadata });
  await restoreThenRepair(fold);
});
