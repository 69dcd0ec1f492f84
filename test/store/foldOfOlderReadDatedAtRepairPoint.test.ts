// A paper new to a day. A read of the day lists it; its history lands first, its other writes are
// slower. The repair pass reads the day meanwhile: the day record lacks the paper, so it drops the
// paper's points and writes a summary without it, said to be observed when the read's point of the
// other paper was. The read's summary lands, then the repair pass's over it. An older read of the day
// (fewer upvotes) merges its count of the paper into that summary, dated with its other counters at
// the newer read's time; a fold of it hands that count on, observed at the newer read's very second,
// and the next run, folding the newer read's observation beside it, keeps the older count.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { storedDay } from "../stored";
import { heldWrites, madeUpDay, observedOf } from "./attackShared";

const first = madeUpDay("2026-05-18");
const { T0, MIN, K } = first;
const [a, x] = ["2605.67001", "2605.67003"];
const _kv = env.PAPERS;

it("a count merged from an older read is not handed on as observed at a newer read's time", async () => {
  await first.settle(T0, [first.paper(a, 1)]);

  // The newer read lists x with 3 upvotes: its history lands, the rest waits.
  const newer = heldWrites();
  const read = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3)],
    kv: newer.kv,
  });
  await newer.land(K.history);
  // The repair pass reads the day meanwhile; its writes wait.
  const repair = heldWrites();
  await first.run(T0 + 25 * MIN, { check: true, kv: repair.kv });
  // The newer read's writes land, then the repair pass's over them.
  await newer.landRest();
  await repair.landRest();

  // An older read of the day (x at 2) and a fold of it read the store; the fold's writes land, then the
  // older read's.
  const older = heldWrites();
  const oldRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2)],
    kv: older.kv,
  });
  const fold = heldWrites();
  const folded = await first.run(T0 + 20 * MIN, {
    observed: [observedOf(T0 + 5 * MIN, oldRead)],
    kv: fold.kv,
  });
  await fold.landRest();
  await older.landRest();

  // Upstream down: the next run folds the three, then the repair pass.
  await first.run(T0 + 45 * MIN, {
    observed: [
      observedOf(T0 + 5 * MIN, oldRead),
      observedOf(T0 + 15 * MIN, read),
      observedOf(T0 + 20 * MIN, folded),
    ],
  });
  await first.run(T0 + 50 * MIN, { check: true });
  const day = await storedDay(first.DAY);
  expect(day?.papers.find((p) => p.id === x)?.upvotes, "x's upvotes").toBe(3);
});
