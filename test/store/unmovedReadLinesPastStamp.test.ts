// A paper listed on its second day, then read on its first: an older read (A), a read of the second
// day finding it renamed (C), a middle read of the first day (A, a page behind) and a newer read (C),
// each run's writes held by kind of value and landing late. The middle read finds the day as the
// older read's summary says (the same content and counters): its version does not move, and it
// writes the day record under the older read's stamp with its lines dated at its own read, past that
// stamp. Landed last, that record's old line counts as newer than everything the folds weigh it
// against, and the runs after write the old title over the paper's record: the newer read's rename
// is lost on both days.
import { expect, it } from "vitest";
import type { Settled } from "../../src/store/settle";
import { paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { heldByKind, madeUpDay, type Observed, observedOf, runsAfter } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.72101", "2605.72102", "2605.72103"];

it("a read whose version does not move dates no line past the stamp over a newer read's rename", async () => {
  const kv = memoryKv();
  const held = () => heldByKind(kv);
  const observed = (at: number, settled: Settled, runId: string | undefined): Observed => {
    const o = observedOf(at, settled, { wrote: !!settled.listings });
    return runId ? { ...o, runId } : o;
  };

  await first.run(T0, { papers: [first.paper(a, 1)], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });

  const older = held();
  const olderRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  await older.land("search");
  const other = held();
  await second.run(T0 + 11 * MIN, { papers: [second.paper(c, 3), second.paper(x, 3, "C")], kv: other.kv });
  const newer = held();
  const newerRead = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  await older.land("list");
  await newer.land("paper");
  await older.land("paper");
  await other.land("day");
  const middle = held();
  await first.run(T0 + 12 * MIN, { papers: [first.paper(a, 1), first.paper(x, 2, "A")], kv: middle.kv });
  await middle.land("hist");
  await newer.land("list");
  await newer.land("hist");
  await other.land("hist");
  await newer.land("day");
  await other.land("list");
  await middle.land("search");
  await older.land("day");
  await other.land("search");
  const fold = held();
  await first.run(T0 + 16 * MIN, {
    observed: [
      observed(T0 + 5 * MIN, olderRead, older.runId(T0 + 5 * MIN)),
      observed(T0 + 15 * MIN, newerRead, newer.runId(T0 + 15 * MIN)),
    ],
    kv: fold.kv,
  });
  await middle.land("day");
  await newer.land("search");
  await fold.land("list");
  await older.land("hist");
  await other.land("paper");
  await fold.land("hist");
  await fold.land("search");

  const title = async () => {
    const record = await kv.get(paperRecordKey(x));
    const day = await kv.get(`day:${first.DAY}`);
    return [
      record ? decodePaperRecord(record, x)?.paper?.title : undefined,
      day ? paperLine(day, first.DAY, x)?.content?.title : undefined,
    ];
  };
  expect(await title(), "the record's and the first day's title when the runs end").toEqual(["C", "A"]);

  // The runs after, upstream down: folds of every run, the repair pass, and again.
  await first.run(T0 + 45 * MIN, { kv, observed: [] });
  await second.run(T0 + 45 * MIN, { kv, observed: [] });
  await runsAfter([first, second], 50, kv);
  expect(await title(), "the record's and the first day's title").toEqual(["C", "C"]);
});
