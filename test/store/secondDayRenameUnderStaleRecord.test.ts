// A paper listed on two days. A read of its second day finds it renamed (C, at 7) and writes its
// record and that day's record; the day's summary waits. A read of its first day at 14 finds the old
// title (A: a page a rename behind) and writes it in the paper's record. The second day's repair pass
// (at 26) then weighs the line of C, read at 7, against that record, read at 14. No value of the
// second day says A was read there after C: its summary names A as read at 1 (where the paper was
// listed there before) and its history's newest read is the one that found C. The record is another
// day's read, and a rename is not carried from one day to the other. Taken (recordsTheSummaryNames,
// where the summary names A; recordsTheHistorySaw, where the history holds a read newer than the
// summary), A went over the rename the second day's own read found; in wider-times seed 82377 the
// second day kept A after a newer read of the first day put C back in the paper's record.
import { expect, it } from "vitest";
import { paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { heldByKind, madeUpDay, runsAfter } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.73301", "2605.73302", "2605.73303"];

/** The paper's record's title, and its line's on each day. */
async function titles(kv: KVNamespace) {
  const record = await kv.get(paperRecordKey(x));
  const line = async (day: typeof first) => {
    const text = await kv.get(`day:${day.DAY}`);
    return text ? paperLine(text, day.DAY, x)?.content?.title : undefined;
  };
  return {
    record: record ? decodePaperRecord(record, x)?.paper?.title : undefined,
    first: await line(first),
    second: await line(second),
  };
}

/**
 * The race: the paper listed on the second day under A (`listedBefore`), else new to it with the
 * rename's read; the second day's history written by that read or not (`historyLands`).
 */
async function race(listedBefore: boolean, historyLands: boolean) {
  const kv = memoryKv();
  await first.run(T0, { papers: [first.paper(a, 1)], kv });
  await second.run(T0 + MIN, {
    papers: [second.paper(c, 3), ...(listedBefore ? [second.paper(x, 2, "A")] : [])],
    kv,
  });

  const other = heldByKind(kv);
  await second.run(T0 + 7 * MIN, { papers: [second.paper(c, 3), second.paper(x, 3, "C")], kv: other.kv });
  await other.land("paper");
  await other.land("day");
  if (historyLands) await other.land("hist");

  const middle = heldByKind(kv);
  await first.run(T0 + 14 * MIN, { papers: [first.paper(a, 1), first.paper(x, 2, "A")], kv: middle.kv });
  await middle.land("paper");

  await second.run(T0 + 26 * MIN, { check: true, kv });
  const afterRepair = await titles(kv);

  await other.land("list");
  if (!historyLands) await other.land("hist");
  await first.run(T0 + 15 * MIN, { papers: [first.paper(a, 2), first.paper(x, 3, "C")], kv });
  await runsAfter([first, second], 50, kv);
  return { afterRepair, end: await titles(kv) };
}

it.each([
  ["listed on the second day before, its history not landed", true, false],
  ["listed on the second day before, its history landed", true, true],
  ["new to the second day with the rename's read, its history landed", false, true],
])(
  "the second day's repair pass keeps the rename its own read found over another day's older title (%s)",
  async (_, listedBefore, historyLands) => {
    const { afterRepair, end } = await race(listedBefore, historyLands);
    expect(afterRepair.second, "the second day's title after its repair pass").toBe("C");
    expect(end, "the titles once the runs after are done").toEqual({ record: "C", first: "C", second: "C" });
  },
);
