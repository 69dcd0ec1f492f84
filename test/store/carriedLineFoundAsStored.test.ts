// A read of a day that finds the whole day as stored, where the day record marks a line carried from the
// paper's own record (the repair pass put the paper in from it), is the first read of the day's page to
// find that line: the summary's content time moves to it. Writing nothing, it would leave no value saying
// so, and a slower, older read of the day, of the old title, landing its day record after it, would count
// as the day's newest read for good. The race by hand: settleDay called directly on an in-memory KV, each
// run's writes held by kind of value (paper records, day record, summary, history, search values) and
// landed in the order given, then the runs after as twoDayReadsWider.ts ends them (a fold of every run
// of each day, the repair pass, an ordinary run, the repair pass again).
import { expect, it } from "vitest";
import { type DayMeta, decodeDayRecord, encodeDayRecord } from "../../src/store/values/dayRecord";
import { contentReadAt, decodeSummary } from "../../src/store/values/summary";
import { at, carriedIn, first, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x, y] = ["2605.79001", "2605.79002", "2605.79003", "2605.79004"];

// x listed on the first day as A (y as B); a read of the first day at 15 finds them renamed C and D. A
// read of the second day at 11 finds x new there, as A; its day record is slow. The first day's read
// at 15 read x's record before that read's landed, and its record of C, listing the first day alone,
// lands last. The second day's repair pass (at 26) finds the day record without x, the summary listing
// it: it puts x in from its record (C, read on the first day), marked carried. The second day's own
// read at 16 (staged, settled at 30, in openWider seed 162198; not staged in 217666) finds the day as
// stored, C, with the counts as stored. Then the read at 11's day record of A lands last. Had the read
// at 16 written nothing, the only value naming C on the second day would be the repair pass's summary,
// dated at the oldest line's read (1, before the line of A), and the runs after would keep A: the line
// read at 11 the newest read of the second day any value names, x's record of C a read of the other
// day. It writes the summary, its content read at 16. Seeds 162198 (below, as the seed plays it) and
// 217666 of openWider.
it.each([
  [
    "openWider seed 162198",
    at(30),
    [
      "repair",
      "otherMiddle",
      "newer",
      "newer search",
      "older",
      "otherMiddle paper",
      "newer day",
      "otherMiddle list",
      "newer paper",
      "newer list",
      "newer hist",
      "otherRepair",
      "otherMiddle search",
      "otherMiddle hist",
      "otherRepair day",
      "otherRepair list",
      "otherRepair hist",
      "otherDay",
      "otherRepair paper",
      "otherDay list",
      "older list",
      "older hist",
      "otherRepair search",
      "otherDay hist",
      "otherMiddle day",
      "fold",
    ],
  ],
  [
    "the read at 16 not staged, its summary landing last",
    0,
    [
      "repair",
      "otherMiddle",
      "newer",
      "newer search",
      "older",
      "otherMiddle paper",
      "newer day",
      "otherMiddle list",
      "newer paper",
      "newer list",
      "newer hist",
      "otherRepair",
      "otherMiddle search",
      "otherMiddle hist",
      "otherRepair day",
      "otherRepair list",
      "otherRepair hist",
      "otherDay",
      "otherRepair paper",
      "older list",
      "older hist",
      "otherRepair search",
      "otherMiddle day",
      "fold",
      "otherDay hist",
      "otherDay list",
    ],
  ],
])("keeps the rename a read of the day found carried in (%s)", async (_, otherDayVersionAt, steps) => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, {
        papers: [first.paper(a, 1), first.paper(x, 1, "A"), first.paper(y, 1, "B")],
        kv,
      });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
    },
    {
      older: {
        at: at(5),
        day: first,
        papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(y, 2, "B")],
      },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D")],
      },
      otherDay: {
        at: at(16),
        day: second,
        papers: [second.paper(c, 3), second.paper(x, 3, "C")],
        ...(otherDayVersionAt ? { versionAt: otherDayVersionAt } : {}),
      },
      otherMiddle: { at: at(11), day: second, papers: [second.paper(c, 3), second.paper(x, 3, "A")] },
      fold: { at: at(9), day: first, folds: ["older"] },
      repair: { at: at(25), day: first, check: true },
      otherRepair: { at: at(26), day: second, check: true },
    },
    steps,
    [x, y],
  );
  expect(ended, "when the runs end").toMatchObject({
    [x]: { record: "C", first: "C", second: "A" },
    [y]: { record: "D", first: "D" },
  });
  expect(after, "once the runs after are done").toMatchObject({
    [x]: { record: "C", first: "C", second: "C" },
    [y]: { record: "D", first: "D" },
  });
});

// x listed on the first day as A. A read of the second day at 10 finds x there renamed B, but only its
// summary and history land: the second day's ids name x, the day record lacks it. The repair pass at 20
// puts x in from its own record (A), marked carried, and its metadata says when (its stamp). A read at
// 25 finds the day as stored, counts too: it writes the summary alone, its content read then; the read
// after it writes nothing, the summary's content time being past the line's putting in.
it.each([
  [
    "in full",
    (at: number, papers: ReturnType<typeof second.paper>[], kv: KVNamespace) =>
      second.run(at, { papers, kv }),
  ],
  [
    "through its cards",
    (at: number, papers: ReturnType<typeof second.paper>[], kv: KVNamespace) => second.cards(at, papers, kv),
  ],
])(
  "moves the summary's content time to a read that finds a carried line as stored, once (%s)",
  async (_, read) => {
    const kv = await carriedIn([a, c, x]);
    const { metadata } = await kv.getWithMetadata<DayMeta>(second.K.day);
    expect(metadata?.carried).toBe(at(20) / 1000);
    const contentAt = async () =>
      contentReadAt(decodeSummary((await kv.get(second.K.summary))!, second.DAY)!);
    expect(Date.parse(await contentAt())).toBeLessThan(at(20));

    const papers = [second.paper(c, 3), second.paper(x, 2, "A")];
    expect((await read(at(25), papers, kv)).wrote).toEqual([second.K.summary]);
    expect(await contentAt()).toBe(new Date(at(25)).toISOString());
    expect((await read(at(30), papers, kv)).wrote).toEqual([]);
  },
);

// A carried time no run could have written yet (planted, or a clock far ahead: up to a day past a read
// is what the store otherwise accepts of a stamp) would make every read find the lines "put in" after
// the summary's content and write the summary, run after run, until real time passed it. A read cannot
// find lines put in after it ran: such a time says nothing, and the reads write no more than without it.
it.each([
  [
    "in full",
    (at: number, papers: ReturnType<typeof second.paper>[], kv: KVNamespace) =>
      second.run(at, { papers, kv }),
  ],
  [
    "through its cards",
    (at: number, papers: ReturnType<typeof second.paper>[], kv: KVNamespace) => second.cards(at, papers, kv),
  ],
])("takes no carried time past the read's run for lines put in (%s)", async (_, read) => {
  const kv = await carriedIn([a, c, x]);
  const papers = [second.paper(c, 3), second.paper(x, 2, "A")];
  await read(at(25), papers, kv);
  // Planted where each path looks: the metadata (a read that finds only counters moved) and the carried
  // line's read time, 20 hours past the record's stamp (the full path, where a read through the cards goes).
  const { value, metadata } = await kv.getWithMetadata<DayMeta>(second.K.day);
  const stored = decodeDayRecord(value!, second.DAY)!;
  const ahead = Date.parse(stored.updated_at) + 20 * 3600_000;
  const planted = encodeDayRecord({
    ...stored,
    lines_read_at: new Map([[x, new Date(ahead).toISOString()]]),
  });
  expect(decodeDayRecord(planted, second.DAY)?.lines_read_at?.get(x)).toBe(new Date(ahead).toISOString());
  await kv.put(second.K.day, planted, { metadata: { ...metadata!, carried: ahead / 1000 } });
  for (const minutes of [30, 40, 50]) expect((await read(at(minutes), papers, kv)).wrote).toEqual([]);
});
