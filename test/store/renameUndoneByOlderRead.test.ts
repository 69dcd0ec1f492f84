// One race, taken on by each way a later run can come to it. A paper new to its first day is listed
// on its second. A read of the first day finds it renamed and writes the rename in its record; a
// slower, older read of the first day, listing the paper there first, lands its day record, summary
// and record of the old title over all of it, so no value holds the rename any more. A later run folds
// what some read observed (or the repair pass puts a paper back, or finds the rename's summary, landed
// last, naming content no value holds), finds no value holding the content that read found, and keeps
// the old line. Dated at that read, the old line counts as newer than a
// staged read of the second day, made after the rename and before that read and settled after the
// fold, which writes the rename in the paper's record: the repair pass on the first day then writes
// the old title over it. Each case says what the later runs did, and dates nothing but a read of it.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Settled } from "../../src/store/settle";
import { paperRecordKey } from "../../src/store/values/paperRecord";
import { dayKeys } from "../stored";
import {
  beforeRenamesKept,
  lineTitle,
  madeUpDay,
  type Observed,
  observedOf,
  runIdAt,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x, y] = ["2605.65001", "2605.65002", "2605.65003", "2605.65004"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

/** The rename's read, at T0 + 15 minutes, and a run's fold of it. */
const READ_AT = T0 + 15 * MIN;
const foldOfRead = (read: Settled, at = T0 + 25 * MIN) =>
  first.run(at, { observed: [observedOf(READ_AT, read, { wrote: true })] });

/** A run's own read at `at`, as its run record keeps it: it wrote a history point, or more. */
const ownRead = (at: number, settled: Settled): Observed => {
  expect(settled.observation?.at, "the run's own read, kept").toBe(at / 1000);
  return { runId: runIdAt(at), observation: settled.observation! };
};
/** A read at `at` that found the day as stored and wrote nothing: its run record's confirmation. */
const confirmation = (at: number, settled: Settled): Observed => {
  expect(settled.confirmed, "the confirming read's confirmation").toBeDefined();
  return { runId: runIdAt(at), observation: settled.confirmed!, confirmed: true };
};

/** What a read between the rename's and the older read's landing left: its run record's observation, or the summary it wrote. */
interface Between {
  observed?: Observed;
  summary?: string;
}

/** A run's fold of what the read between kept alone (the rename's run record gone). */
const foldAlone = async (_: Settled, between: Between | undefined) => {
  await first.run(T0 + 25 * MIN, { observed: [between!.observed!] });
};

/** The rename's summary, landing after the older read's writes; then the repair pass, before the staged read settles. */
const summaryLandsLastThenRepair =
  ({ recordLost }: { recordLost: boolean }) =>
  async (_: Settled, between: Between | undefined) => {
    await kv.put(dayKeys(first.DAY).summary, between!.summary!);
    if (recordLost) await kv.delete(paperRecordKey(x));
    await first.run(T0 + 20 * MIN, { check: true });
  };

interface Case {
  /** A read of the first day after the rename's, before the older read's writes land. */
  between?: () => Promise<Between>;
  /** What the next runs of the first day do once the older read's writes have landed. */
  after: (read: Settled, between: Between | undefined) => Promise<void>;
  /** When the staged read of the second day was made: after the rename, before the read folded. */
  stagedAt: number;
}

const cases: [string, Case][] = [
  [
    "a fold of the rename's read",
    {
      after: async (read) => {
        await foldOfRead(read);
      },
      stagedAt: T0 + 12 * MIN,
    },
  ],
  [
    "a fold of a fold's observation, a slower run's summary landed over the fold's",
    {
      after: async (read) => {
        const summaryBefore = (await kv.get(dayKeys(first.DAY).summary))!;
        const fold = await foldOfRead(read);
        await kv.put(dayKeys(first.DAY).summary, summaryBefore);
        await first.run(T0 + 27 * MIN, { observed: [observedOf(T0 + 25 * MIN, fold)] });
      },
      stagedAt: T0 + 12 * MIN,
    },
  ],
  [
    "a fold under a lost summary",
    {
      after: async (read) => {
        await kv.delete(dayKeys(first.DAY).summary);
        await foldOfRead(read);
      },
      stagedAt: T0 + 12 * MIN,
    },
  ],
  [
    "the repair pass putting back a paper an undone read listed, after a fold",
    {
      after: async (read) => {
        // The read's run record written before records kept the renames: one that keeps it restores
        // the rename, and no old line is left to date.
        await first.run(T0 + 25 * MIN, {
          observed: [beforeRenamesKept(observedOf(READ_AT, read, { wrote: true }))],
        });
        // A read listing y, made before the rename's read: its day record and summary undone, its
        // record of y and its history points stay; the repair pass puts y back beside the old line.
        await first.undoneRead(T0 + 7 * MIN, [first.paper(a, 1), first.paper(y, 4)]);
        await first.run(T0 + 27 * MIN, { check: true });
        expect(await line(first.DAY), "the first day's line after y is put back").toBe("A");
        expect(await lineTitle(first.DAY, y), "y put back").toBe(`Title ${y}`);
      },
      stagedAt: T0 + 12 * MIN,
    },
  ],
  [
    "a fold of a later read's confirmation alone",
    {
      between: async () => ({
        observed: confirmation(
          T0 + 17 * MIN,
          await first.settle(T0 + 17 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]),
        ),
      }),
      after: foldAlone,
      stagedAt: T0 + 12 * MIN,
    },
  ],
  [
    "a fold of a later cards read's confirmation alone",
    {
      between: async () => ({
        observed: confirmation(
          T0 + 17 * MIN,
          await first.cards(T0 + 17 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]),
        ),
      }),
      after: foldAlone,
      stagedAt: T0 + 12 * MIN,
    },
  ],
  [
    "a fold of a run's own older read (it wrote a history point) alone",
    {
      between: async () => ({
        observed: ownRead(
          T0 + 12 * MIN,
          await first.settle(T0 + 12 * MIN, [first.paper(a, 1), first.paper(x, 2, "C")]),
        ),
      }),
      after: foldAlone,
      stagedAt: T0 + 10 * MIN,
    },
  ],
  [
    "a fold of a run's own older read that wrote the day with a paper more, alone",
    {
      between: async () => ({
        observed: ownRead(
          T0 + 12 * MIN,
          await first.settle(T0 + 12 * MIN, [first.paper(a, 1), first.paper(x, 2, "C"), first.paper(y, 1)]),
        ),
      }),
      after: foldAlone,
      stagedAt: T0 + 10 * MIN,
    },
  ],
  [
    "a fold of a run's own older cards read alone",
    {
      between: async () => ({
        observed: ownRead(
          T0 + 12 * MIN,
          await first.cards(T0 + 12 * MIN, [first.paper(a, 1), first.paper(x, 2, "C")]),
        ),
      }),
      after: foldAlone,
      stagedAt: T0 + 10 * MIN,
    },
  ],
  [
    "the rename's summary landing last, then the repair pass",
    {
      between: async () => ({ summary: (await kv.get(dayKeys(first.DAY).summary))! }),
      after: summaryLandsLastThenRepair({ recordLost: false }),
      stagedAt: T0 + 10 * MIN,
    },
  ],
  [
    "the rename's summary landing last, the paper's record lost, then the repair pass",
    {
      between: async () => ({ summary: (await kv.get(dayKeys(first.DAY).summary))! }),
      after: summaryLandsLastThenRepair({ recordLost: true }),
      stagedAt: T0 + 10 * MIN,
    },
  ],
];

it.each(cases)(
  "the old line no value holds a newer read's content of is not dated at that read: %s",
  async (_, race) => {
    await first.settle(T0, [first.paper(a, 1)]);
    await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

    // An older read of the first day, listing x there first, reads the store; its writes wait.
    const slowFirst = slowWrites(kv);
    const older = first.run(T0 + 5 * MIN, {
      papers: [first.paper(a, 1), first.paper(x, 2, "A")],
      kv: slowFirst.kv,
    });
    await untilBlocked(slowFirst.blocked);
    // A newer read of the first day finds x renamed, and writes whole; then the older read's writes land.
    const read = await first.settle(READ_AT, [first.paper(a, 2), first.paper(x, 3, "C")]);
    const between = await race.between?.();
    slowFirst.release();
    await older;
    expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");
    expect((await record())?.paper?.title, "x's record, the older read's").toBe("A");

    await race.after(read, between);
    // The staged read of the second day, settled after the fold.
    await second.run(race.stagedAt, {
      papers: [second.paper(c, 3), second.paper(x, 3, "C")],
      versionAt: T0 + 30 * MIN,
    });
    expect((await record())?.paper?.title, "x's record after the staged read").toBe("C");

    // Upstream down: the repair pass on both days.
    for (const day of [first, second]) await day.run(T0 + 35 * MIN, { check: true });
    expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
    expect(await line(second.DAY), "the second day's line").toBe("C");
  },
);
