// A paper listed on two days whose own record an older read of the second day landed over: the
// first day's newer read (a rename) wrote the record first, and the record now holds the older
// title though it lists both days. restoreListings, in a run that reads the record and is slow to
// write, finds the first day's newer line and writes it in the record; a read of the second day
// finds the paper renamed again meanwhile and writes its record. restoreListings dates the line it
// took at its own write, after that rename's read: its record lands over the rename's, and every
// run after, the repair pass too, takes the first day's older title for the newer.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { restoreListings } from "../../src/store/runs";
import type { RunRecord } from "../../src/store/values/runRecord";
import {
  lineTitle,
  madeUpDay,
  overlapping,
  runIdAt,
  runsAfterThenRepair,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const SEC = 1000;
const [a, c, x] = ["2605.64101", "2605.64102", "2605.64103"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("restoreListings dates a day's newer line it puts in a paper's record no later than the line", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "A")]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
  // The second day's read (finding A') reads the store before the first day's (finding B) writes,
  // and lands last.
  let newer: Awaited<ReturnType<typeof first.settle>> | undefined;
  await overlapping(
    kv,
    (slow) => second.settle(T0 + 5 * MIN, [second.paper(c, 3), second.paper(x, 2, "A'")], false, slow),
    async () => {
      newer = await first.settle(T0 + 6 * MIN, [first.paper(a, 1), first.paper(x, 2, "B")]);
    },
  );
  expect((await record())?.paper?.title, "x's record, the older read's").toBe("A'");
  expect(await line(first.DAY), "the first day's line").toBe("B");

  // restoreListings reads, its write waits; the second day's read finds x renamed (30 s before it)
  // and runs whole; then restoreListings' write lands.
  const runs = [{ id: runIdAt(T0 + 6 * MIN), listings: newer!.listings! }] as unknown as RunRecord[];
  const slow = slowWrites(kv);
  const restoring = restoreListings(slow.kv, runs, T0 + 20 * MIN + 30 * SEC);
  await untilBlocked(slow.blocked);
  await second.settle(T0 + 20 * MIN, [second.paper(c, 3), second.paper(x, 2, "C")]);
  expect((await record())?.paper?.title, "x's record after the rename's read").toBe("C");
  slow.release();
  await restoring;

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 30 * MIN);
  expect(await line(second.DAY), "the second day's line").toBe("C");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
});
