// A paper listed on its second day, then read on its first. A staged read of the second day finds it
// renamed (C, read at 7, settled at 30) and writes its record first. An older read of the first day
// (at 5) keeps that record's title, its line dated at the record's read (7), past its stamp. A middle
// read (at 8, a page behind: A) and a newer read (at 15: C) follow, every write landing late: the
// middle read's paper record of A lands last, the older read's day record (C) last of the day's. The
// newer read's observation names the day's lines (C) at 15, but the fold of every run takes the
// middle read's record, read after the line (8 > 7), over it, and the rename is lost on both days.
import { expect, it } from "vitest";
import type { Settled } from "../../src/store/settle";
import { paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { heldByKind, madeUpDay, type Observed, observedOf, runsAfter } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.72201", "2605.72202", "2605.72203"];

it("a record of the old title read before a newer read that named the day's lines does not go over them", async () => {
  const kv = memoryKv();
  const held = () => heldByKind(kv);
  const observed = (at: number, settled: Settled, runId: string | undefined): Observed => {
    const o = observedOf(at, settled, { wrote: !!settled.listings });
    return runId ? { ...o, runId } : o;
  };

  await first.run(T0, { papers: [first.paper(a, 1)], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });

  await second.run(T0 + 7 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
    kv,
  });
  const older = held();
  const olderRead = await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: older.kv,
  });
  await older.land("list");
  const newer = held();
  const newerRead = await first.run(T0 + 15 * MIN, {
    papers: [first.paper(a, 2), first.paper(x, 3, "C")],
    kv: newer.kv,
  });
  const middle = held();
  const middleRead = await first.run(T0 + 8 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: middle.kv,
  });
  await newer.land("paper");
  await middle.land("search");
  await newer.land("list");
  await older.land("hist");
  await newer.land("search");
  await middle.land("day");
  await older.land("search");
  await newer.land("hist");
  await middle.land("list");
  await older.land("paper");
  await newer.land("day");
  await middle.land("hist");
  await older.land("day");
  await middle.land("paper");

  const title = async () => {
    const record = await kv.get(paperRecordKey(x));
    const day = await kv.get(`day:${first.DAY}`);
    return [
      record ? decodePaperRecord(record, x)?.paper?.title : undefined,
      day ? paperLine(day, first.DAY, x)?.content?.title : undefined,
    ];
  };
  expect(await title(), "the record's and the first day's title when the runs end").toEqual(["A", "C"]);

  const runs = [
    observed(T0 + 5 * MIN, olderRead, older.runId(T0 + 5 * MIN)),
    observed(T0 + 15 * MIN, newerRead, newer.runId(T0 + 15 * MIN)),
    observed(T0 + 8 * MIN, middleRead, middle.runId(T0 + 8 * MIN)),
  ];
  await first.run(T0 + 45 * MIN, { kv, observed: runs });
  await second.run(T0 + 45 * MIN, { kv, observed: [] });
  await runsAfter([first, second], 50, kv);
  expect(await title(), "the record's and the first day's title").toEqual(["C", "C"]);
});
