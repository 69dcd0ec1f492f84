// Races by hand over two days: settleDay called on an in-memory KV, each run's writes held by kind of
// value (paper records, day record, summary, history, search values) and landed in the order a test
// gives, then the runs after as twoDayReadsWider.ts ends them (a fold of every run of each day, the
// repair pass, an ordinary run, the repair pass again). The titles a paper ends with say whether a
// rename was kept.
import type { Settled } from "../../src/store/settle";
import { paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { heldByKind, madeUpDay, type Observed, observedOf, runIdAt, runsAfter } from "./attackShared";

export const first = madeUpDay("2026-05-18");
export const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
export type Day = typeof first;
export type Paper = ReturnType<Day["paper"]>;
/** The time `minutes` after the days' first run. */
export const at = (minutes: number) => T0 + minutes * MIN;

export interface ReplayRun {
  at: number;
  day: Day;
  papers?: Paper[];
  /** The runs (by name, read before this one) this run folds. */
  folds?: string[];
  check?: boolean;
  versionAt?: number;
}

/** A paper's title in its own record and in its line on each day. */
export async function titles(kv: KVNamespace, id: string) {
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

const titlesOf = async (kv: KVNamespace, ids: string[]) =>
  Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await titles(kv, id)])));

/**
 * Runs `runs` by `steps`: "name" reads (a fold folds the runs it names), "name kind" lands that run's
 * writes of that kind. Then the runs after. The titles of `ids` when the steps end, and after.
 */
export async function replay(
  setup: (kv: KVNamespace) => Promise<void>,
  runs: Record<string, ReplayRun>,
  steps: string[],
  ids: string[],
) {
  const kv = memoryKv();
  await setup(kv);
  const done = new Map<string, { settled: Settled; held: ReturnType<typeof heldByKind> }>();
  // A read that found the day as stored leaves its confirmation in its run record, and a run folding
  // the day is given it as any observation (observationsByDay), under the run's one id.
  const confirmedIds = new Map<string, string>();
  const observed = (names: string[]): Observed[] =>
    names.flatMap((n) => {
      const r = runs[n]!;
      const d = done.get(n);
      if (d?.settled.confirmed && !d.settled.observation) {
        if (!confirmedIds.has(n)) confirmedIds.set(n, runIdAt(r.at));
        const wrote = d.settled.listings?.map(([id]) => id);
        return [
          {
            runId: confirmedIds.get(n)!,
            observation: d.settled.confirmed,
            confirmed: true,
            ...(wrote ? { wrote } : {}),
          },
        ];
      }
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
    const r = runs[name];
    if (!r) throw new Error(`no run named ${name}`);
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
  const ended = await titlesOf(kv, ids);
  for (const day of [first, second]) {
    const names = Object.keys(runs).filter((n) => runs[n]!.day === day);
    await day.run(at(45), { observed: observed(names), kv });
  }
  await runsAfter([first, second], 50, kv);
  return { ended, after: await titlesOf(kv, ids) };
}

/**
 * A store where the repair pass carried a paper into the second day from its own record: x listed on
 * the first day as A (beside a; c on the second). A read of the second day at 10 finds x there renamed
 * B, but only its summary and history land (its paper record and day record are lost): the second
 * day's ids name x, the day record lacks it, and no value holds B. The repair pass at 20 puts x in
 * from its own record (A), marked carried.
 */
export async function carriedIn([a, c, x]: [string, string, string]): Promise<KVNamespace> {
  const kv = memoryKv();
  await first.run(T0, { papers: [first.paper(a, 1), first.paper(x, 1, "A")], kv });
  await second.run(T0 + MIN, { papers: [second.paper(c, 3)], kv });
  const held = heldByKind(kv);
  await second.run(at(10), { papers: [second.paper(c, 3), second.paper(x, 2, "B")], kv: held.kv });
  await held.land("list");
  await held.land("hist");
  await second.run(at(20), { check: true, kv });
  return kv;
}
