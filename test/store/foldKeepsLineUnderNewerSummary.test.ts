// A fold of an older read, read after a newer read's summary landed but before its day record did,
// keeps the stored record's lines; those lines are as old as the record says, not as the summary's
// content time, which dates other content (the newer read's). settleDay is called directly on an
// in-memory KV, each run's writes held by kind of value (paper records, day record, summary, history,
// search values) and landed in the order given, then the runs after (a fold of every run of each day,
// the repair pass, an ordinary run, the repair pass again).
import { expect, it } from "vitest";
import type { Settled } from "../../src/store/settle";
import { paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { heldByKind, madeUpDay, type Observed, observedOf } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x, y] = ["2605.74001", "2605.74002", "2605.74003", "2605.74004"];
type Day = typeof first;
type Paper = ReturnType<Day["paper"]>;

interface Run {
  at: number;
  day: Day;
  papers?: Paper[];
  folds?: string[];
  check?: boolean;
  versionAt?: number;
}

/** A paper's title in its own record and in its line on each day. */
async function titles(kv: KVNamespace, id: string) {
  const record = await kv.get(paperRecordKey(id));
  const line = async (day: Day) => {
    const text = await kv.get(`day:${day.DAY}`);
    return text ? paperLine(text, day.DAY, id)?.content?.title : undefined;
  };
  return {
    record: record ? decodePaperRecord(record, id)?.paper?.title : undefined,
    first: await line(first),
    second: await line(second),
  };
}

/**
 * Runs `runs` by `steps`: "name" reads (a fold folds the runs it names, read before it), "name kind"
 * lands that run's writes of that kind. Then the runs after. The titles when the steps end, and after.
 */
async function replay(
  setup: (kv: KVNamespace) => Promise<void>,
  runs: Record<string, Run>,
  steps: string[],
  ids = [x],
) {
  const kv = memoryKv();
  await setup(kv);
  const done = new Map<string, { settled: Settled; held: ReturnType<typeof heldByKind> }>();
  const observed = (names: string[]): Observed[] =>
    names.flatMap((n) => {
      const r = runs[n]!;
      const d = done.get(n);
      if (!d?.settled.observation) return [];
      const o = observedOf(r.at, d.settled, { wrote: !!d.settled.listings });
      let runId: string | undefined;
      try {
        runId = d.held.runId(r.at);
      } catch {}
      return [runId ? { ...o, runId } : o];
    });
  for (const step of steps) {
    const [name, kind] = step.split(" ") as [string, string | undefined];
    const r = runs[name]!;
    if (kind === undefined) {
      const held = heldByKind(kv);
      const settled = await r.day.run(r.at, {
        ...(r.papers ? { papers: r.papers } : {}),
        ...(r.folds ? { observed: observed(r.folds) } : {}),
        ...(r.check ? { check: true } : {}),
        ...(r.versionAt ? { versionAt: r.versionAt } : {}),
        kv: held.kv,
      });
      done.set(name, { settled, held });
    } else await done.get(name)!.held.land(kind);
  }
  const ended = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await titles(kv, id)])));
  for (const day of [first, second]) {
    const names = Object.keys(runs).filter((n) => runs[n]!.day === day);
    await day.run(T0 + 45 * MIN, { observed: observed(names), kv });
  }
  for (const day of [first, second]) await day.run(T0 + 50 * MIN, { check: true, kv });
  for (const day of [first, second]) await day.run(T0 + 55 * MIN, { observed: [], kv });
  for (const day of [first, second]) await day.run(T0 + 60 * MIN, { check: true, kv });
  const after = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await titles(kv, id)])));
  return { ended, after };
}

const at = (minutes: number) => T0 + minutes * MIN;

// A paper (x) listed on another day, new to this day with the newer read (at 15), which also finds y
// renamed (B to D). A fold at 9 of the older read (at 5) reads after the newer read's summary landed,
// over the day record written before them (y's line B), and its day record lands last. y's line B was
// read no later than the first run's record says: dated at 15, the newer read's time, which found D,
// it would tie with y's record of D, read at 15, and a tie keeps the line: B on the day though the
// record and the newest read say D.
it("keeps a rename a fold's day record dated at the newer read under the old title", async () => {
  const { ended, after } = await replay(
    async (kv) => {
      await first.run(T0, { papers: [first.paper(a, 1), first.paper(y, 1, "B")], kv });
      await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 2, "A")], kv });
    },
    {
      older: { at: at(5), day: first, papers: [first.paper(a, 1), first.paper(y, 2, "B")] },
      newer: {
        at: at(15),
        day: first,
        papers: [first.paper(a, 2), first.paper(x, 3, "C"), first.paper(y, 3, "D")],
      },
      fold: { at: at(9), day: first, folds: ["older"] },
    },
    [
      "newer",
      "newer list",
      "older",
      "older paper",
      "older search",
      "fold",
      "newer search",
      "older hist",
      "newer day",
      "fold list",
      "older day",
      "fold search",
      "fold hist",
      "fold day",
      "newer hist",
      "newer paper",
      "older list",
    ],
    [x, y],
  );
  expect(ended[y], "when the runs end").toEqual({ record: "D", first: "B", second: undefined });
  expect(after[y], "once the runs after are done").toEqual({ record: "D", first: "D", second: undefined });
});
