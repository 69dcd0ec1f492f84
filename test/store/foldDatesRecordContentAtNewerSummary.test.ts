// A paper listed on its second day, new to its first. A read of the first day finds it renamed; its
// summary lands, its paper record and day record are slower. A fold of that read, meanwhile, finds the
// paper in neither the day record nor the summary's content, takes its content from the paper's own
// record (the old title, read before the rename) and writes that record back listing the first day,
// dated as read when the summary says the day's content was, the rename's read. The rename's paper
// record and day record land, then the fold's paper record over them: the old title, dated no older
// than the rename's line. The next runs keep the old title over the rename in the day's line.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  beforeRenamesKept,
  heldWrites,
  lineTitle,
  madeUpDay,
  observedOf,
  storedPaperRecord,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN, K } = first;
const [a, c, x] = ["2605.66001", "2605.66002", "2605.66003"];
const _kv = env.PAPERS;

it("a fold dates a paper's record it writes from that record at the record's read", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // A read of the first day finds x renamed: its summary and history land, its paper record and day
  // record wait.
  const newer = heldWrites();
  const rename = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  expect(newer.holds(K.summary) && newer.holds(K.history), "the newer read's summary and history, held").toBe(
    true,
  );
  await newer.land(K.summary, K.history);

  // A fold of that read: the day record and summary of its own land, its paper record waits. Its
  // record as one written before renames were kept: with the rename, the fold takes it (the summary
  // names its content, which no day record holds), and writes no old title.
  const fold = heldWrites();
  const folded = await first.run(T0 + 20 * MIN, {
    observed: [beforeRenamesKept(observedOf(T0 + 15 * MIN, rename))],
    kv: fold.kv,
  });
  expect(fold.holds(K.day), "the fold's day record, held").toBe(true);
  await fold.land(K.day);
  // The rename's paper record and day record land, then the fold's paper record over them.
  await newer.landRest();
  expect(await lineTitle(first.DAY, x), "the first day's line, the rename's").toBe("C");
  await fold.landRest();
  expect((await storedPaperRecord(x))?.paper?.title, "x's record, the fold's").toBe("A");

  // Upstream down: the next run folds both, then the repair pass on both days.
  await first.run(T0 + 45 * MIN, {
    observed: [observedOf(T0 + 15 * MIN, rename, { wrote: true }), observedOf(T0 + 20 * MIN, folded)],
  });
  for (const day of [first, second]) await day.run(T0 + 50 * MIN, { check: true });
  for (const day of [first, second]) await day.run(T0 + 55 * MIN, { check: true });
  expect(await lineTitle(first.DAY, x), "the first day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
});
