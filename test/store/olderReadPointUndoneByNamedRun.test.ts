// A paper listed on its second day, new to its first. A newer read of the first day lists it
// renamed: its summary lands, its paper record, day record and history are slower. An older read of
// the day (fewer upvotes, the old title) reads the store then: it takes in the newer read's summary,
// writes its content, and its history point and summary, naming both runs, land. (Where the rename's
// paper record has landed before the older read reads, the summary names the stored title as found
// after the older read, which then keeps it and writes no summary: its point comes back as a run the
// summary lacks.) The newer
// read's history, read before the older read's point was written, lands over it. Every run after
// finds both runs named in the summary, and none takes their points back into the history: the older
// read's point is lost.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { heldWrites, madeUpDay, observedOf } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN, K } = first;
const [a, c, x] = ["2605.68001", "2605.68002", "2605.68003"];
const kv = env.PAPERS;

it("an older read's history point undone by a run the summary names is put back", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  const newer = heldWrites();
  const read = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  await newer.land(K.summary);
  const older = heldWrites();
  const oldRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  await newer.land(`paper:${x}`);
  await older.land(K.history);
  await older.land(K.summary);
  await newer.landRest();
  await older.landRest();

  // Upstream down: the next run folds both run records (under the runs' own ids, which the summary
  // names), then the repair pass.
  const named = String(JSON.parse((await kv.get(K.summary))!).runs).split(" ");
  const recordOf = (at: number, settled: typeof read) => ({
    ...observedOf(at, settled, { wrote: true }),
    runId: named.find((id) => id.startsWith(new Date(at).toISOString()))!,
  });
  expect(recordOf(T0 + 5 * MIN, oldRead).runId, "the older read named").toBeDefined();
  expect(recordOf(T0 + 15 * MIN, read).runId, "the newer read named").toBeDefined();
  await first.run(T0 + 45 * MIN, {
    observed: [recordOf(T0 + 5 * MIN, oldRead), recordOf(T0 + 15 * MIN, read)],
  });
  await first.run(T0 + 50 * MIN, { check: true });
  const points = decodeHistory((await kv.get(K.history))!, first.DAY)?.papers.get(x)?.points ?? [];
  expect(points, "x's points").toContainEqual([Math.floor((T0 + 5 * MIN) / 1000), 2]);
});
