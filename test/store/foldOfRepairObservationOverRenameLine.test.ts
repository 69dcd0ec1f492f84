// A paper listed on its second day, new to its first. An older read of the first day lists it with
// its old title; its day record lands, and the repair pass reads the day then (its summary not yet
// there): it writes the paper's record and a summary of the older content, dated when the day was
// first read. The older read's summary and paper record land; a newer read finds the paper renamed
// and writes whole, naming the older read in its summary; the repair pass's summary lands under it,
// and its paper record of the old title over the rename's. The rename's day record holds the newer
// title, read after every other. The next run folds the three run records (the repair pass's, which
// the summary lacks) and writes the old title over the rename's line.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Settled } from "../../src/store/settle";
import { heldWrites, lineTitle, madeUpDay, observedOf, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN, K } = first;
const [a, c, x] = ["2605.69001", "2605.69002", "2605.69003"];
const _kv = env.PAPERS;

it("a fold of the repair pass's older observation keeps the rename read after it", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  const older = heldWrites();
  const oldRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  const oldId = older.runId(K.summary, T0 + 5 * MIN);
  await older.land(K.day);
  const repair = heldWrites();
  const repaired = await first.run(T0 + 25 * MIN, { check: true, kv: repair.kv });
  const repairId = repair.runId(K.summary, T0 + 25 * MIN);
  await older.landRest();
  const newer = heldWrites();
  const read = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  const newId = newer.runId(K.summary, T0 + 15 * MIN);
  await repair.land(K.summary);
  await newer.landRest();
  await repair.landRest();
  expect(await lineTitle(first.DAY, x), "the first day's line, the rename's").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record, the repair pass's").toBe("A");

  // Upstream down: the next run folds the three run records, then the repair pass on both days.
  const record = (runId: string, at: number, settled: Settled) => ({
    ...observedOf(at, settled, { wrote: !!settled.listings }),
    runId,
  });
  await first.run(T0 + 45 * MIN, {
    observed: [
      record(oldId, T0 + 5 * MIN, oldRead),
      record(newId, T0 + 15 * MIN, read),
      record(repairId, T0 + 25 * MIN, repaired),
    ],
  });
  for (const day of [first, second]) await day.run(T0 + 50 * MIN, { check: true });
  expect(await lineTitle(first.DAY, x), "the first day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
});
