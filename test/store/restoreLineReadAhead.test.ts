// A paper listed on two days, renamed by a read of its second day; the first day's record still
// holds the old line, read before the rename, as a fold wrote it (stamped after the rename's read,
// its read_at saying when its lines were read). That read_at is then damaged to a plausible time: a
// few hours past the record's own stamp, inside the day's margin that marks a time no run made. A
// day record's lines are never read after its stamp, yet restoreListings, in a run after, dates the
// first day's line at that read_at alone: it takes the old title for content read after the
// rename's, and writes it over the paper's record, which every run after, the repair pass too, keeps.
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
const [a, b, c, x] = ["2605.65101", "2605.65102", "2605.65103", "2605.65104"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = async (day: string) => paperLine((await kv.get(dayRecordKey(day)))!, day, x);

it("restoreListings does not date a day's line past the day record's own stamp", async () => {
  // As in restoreTakesFoldStampedLine: x's record loses the first day's listing, a read of the
  // second day renames x, and a fold of the first day puts it back with lines read before the rename.
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
  await second.settle(T0 + 10 * MIN, [second.paper(c, 3), second.paper(x, 2, "C")]);
  const fold = await first.run(T0 + 20 * MIN, {
    observed: [observedOf(T0 + 2 * MIN, undone.settled, { wrote: true })],
  });
  const lineBefore = await line(first.DAY);
  expect(lineBefore?.content?.title, "the first day's line").toBe("A");
  expect(lineBefore?.read_at, "the first day's record says when its lines were read").toBeDefined();
  expect((await record())?.paper?.title, "x's record after the fold").toBe("C");

  // The first day's read_at damaged: three hours past its stamp, less than a day past the next run.
  const { value, metadata } = await kv.getWithMetadata(first.K.day);
  const ahead = new Date(T0 + 3 * 60 * MIN).toISOString();
  const damaged = value!.replace(/"read_at":"[^"]*"/, `"read_at":"${ahead}"`);
  expect(damaged).not.toBe(value);
  await kv.put(first.K.day, damaged, { metadata });

  // The next run's restoreListings, with the fold among the recent runs.
  const runs = [{ id: runIdAt(T0 + 20 * MIN), listings: fold.listings! }] as unknown as RunRecord[];
  await restoreListings(kv, runs, T0 + 30 * MIN);
  expect((await record())?.paper?.title, "x's record after restoreListings").toBe("C");

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 40 * MIN);
  expect((await line(second.DAY))?.content?.title, "the second day's line").toBe("C");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
});
