// What twoDayReadsWider.ts's and openWider.ts's seeded races share: a store recording every history
// point written, the steps of a race (each run's read, then each kind of its writes landing, in an
// order the seed picks), the runs after it, and the checks of what the days list and what history
// kept. Each harness draws its own runs; this draws only the order of the steps, so each seed replays
// what it did when the two harnesses were written apart.
import { Archive } from "../../src/store/archive";
import type { Settled } from "../../src/store/settle";
import { paperLine } from "../../src/store/values/dayRecord";
import { decodeHistory, type HistoryPoint } from "../../src/store/values/history";
import { decodePaperRecord, type PaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { capturing, kindOf, madeUpDay, type Observed, observedOf, runIdAt } from "./attackShared";
import type { Rng } from "./fuzzShared";

export const first = madeUpDay("2026-05-18");
export const second = madeUpDay("2026-05-19");
export const { T0, MIN } = first;
export type Day = typeof first;
export type Paper = ReturnType<Day["paper"]>;

export interface Run {
  name: string;
  at: number;
  day: Day;
  /** The runs it folds: it reads only after they have. */
  folds: string[];
  settle: (kv: KVNamespace, observed: Observed[]) => Promise<Settled>;
  settled?: Settled;
  runId?: string;
  held?: Map<string, Parameters<KVNamespace["put"]>[]>;
}

/** A run of `day` at `minutes` reading `papers`. */
export const read = (day: Day, minutes: number, papers: () => Paper[]) => ({
  at: T0 + minutes * MIN,
  day,
  folds: [],
  settle: (k: KVNamespace) => day.run(T0 + minutes * MIN, { papers: papers(), kv: k }),
});

/** An in-memory KV that keeps every history point written to it, to find again at the end. */
export function raceStore() {
  const kv = memoryKv();
  const points: { date: string; id: string; point: HistoryPoint }[] = [];
  const land = async (writes: Parameters<KVNamespace["put"]>[]) => {
    for (const args of writes) {
      const [key, value] = args;
      if (key.startsWith("hist:")) {
        const date = key.slice("hist:".length);
        for (const [id, p] of decodeHistory(value as string, date)?.papers ?? [])
          for (const point of p.points) points.push({ date, id, point });
      }
      await kv.put(...args);
    }
  };
  /** A run whose writes land as it makes them. */
  const direct = async (settle: (kv: KVNamespace) => Promise<Settled>) => {
    const captured = capturing(kv);
    const settled = await settle(captured.kv);
    await land(captured.writes);
    return settled;
  };
  return { kv, points, land, direct };
}
export type RaceStore = ReturnType<typeof raceStore>;

/**
 * What the runs named observed, as a later run folds them from their run records: a read that found
 * the day as stored leaves its confirmation there, and a run folding the day is given it as any
 * observation (observationsByDay).
 */
export const observer = (byName: Map<string, Run>) => (names: string[]) =>
  names.flatMap((n) => {
    const r = byName.get(n)!;
    if (r.settled?.confirmed && !r.settled.observation) {
      // No summary names the run: its id is its own from now on, so a fold that takes it in names it.
      r.runId ??= runIdAt(r.at);
      const wrote = r.settled.listings?.map(([id]) => id);
      return [
        { runId: r.runId, observation: r.settled.confirmed, confirmed: true, ...(wrote ? { wrote } : {}) },
      ];
    }
    if (!r.settled?.observation) return [];
    const o = observedOf(r.at, r.settled, { wrote: !!r.settled.listings });
    return [r.runId ? { ...o, runId: r.runId } : o];
  });

/** A paper's title in its own record and in its line on the first day. */
export async function firstDayTitles(kv: KVNamespace, id: string) {
  const record = await kv.get(paperRecordKey(id));
  const dayText = await kv.get(`day:${first.DAY}`);
  return [
    record ? decodePaperRecord(record, id)?.paper?.title : undefined,
    dayText ? paperLine(dayText, first.DAY, id)?.content?.title : undefined,
  ];
}

/** Each run's read, then each kind of its writes landing, in an order the seed picks among what may come next. */
export async function playSteps(rng: Rng, runs: Run[], { kv, land }: RaceStore, log: string[]) {
  const byName = new Map(runs.map((r) => [r.name, r]));
  const observedBy = observer(byName);
  type Step = { run: Run; kind?: string };
  const steps: Step[] = runs.map((run) => ({ run }));
  while (steps.length) {
    const ready = steps.filter(
      (s) => s.kind !== undefined || s.run.folds.every((n) => byName.get(n)!.settled),
    );
    const step = rng.pick(ready);
    steps.splice(steps.indexOf(step), 1);
    const { run } = step;
    if (step.kind === undefined) {
      const captured = capturing(kv);
      run.settled = await run.settle(captured.kv, observedBy(run.folds));
      // The id the run gave itself, from the summary it wrote, so folds leave out what it includes.
      const summary = captured.writes.find(([key]) => key.startsWith("list:"));
      if (summary)
        run.runId = String(JSON.parse(summary[1] as string).runs ?? "")
          .split(" ")
          .find((id) => id.startsWith(new Date(run.at).toISOString()));
      run.held = new Map();
      for (const w of captured.writes) run.held.set(kindOf(w[0]), [...(run.held.get(kindOf(w[0])) ?? []), w]);
      for (const kind of run.held.keys()) steps.push({ run, kind });
      log.push(`${run.name} reads`);
    } else {
      await land(run.held!.get(step.kind)!);
      log.push(`${run.name}'s ${step.kind} lands`);
    }
  }
  return { byName, observedBy };
}

/** The runs after, upstream down: folds of every run of each day, the repair pass, and again. */
export async function runsAfterRace(
  { direct }: RaceStore,
  runs: Run[],
  observedBy: (names: string[]) => Observed[],
) {
  const ofDay = (day: Day) => runs.filter((r) => r.day === day).map((r) => r.name);
  await direct((k) => first.run(T0 + 45 * MIN, { observed: observedBy(ofDay(first)), kv: k }));
  await direct((k) => second.run(T0 + 45 * MIN, { observed: observedBy(ofDay(second)), kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 50 * MIN, { check: true, kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 55 * MIN, { observed: [], kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 60 * MIN, { check: true, kv: k }));
}

/** What a race's end is checked against (checkRace). */
export interface RaceWants {
  /** Each paper's upvotes, by day. */
  upvotes: Record<string, Record<string, number>>;
  /** Whether a paper's title on a day is wrong. */
  wrongTitle: (date: string, id: string, title: string) => boolean;
  /** What is wrong with the paper records, given x's. */
  wrongRecords: (own: PaperRecord | null) => Promise<string[]>;
  /** Whether x's record must list the day. */
  listsDay: (date: string) => boolean;
}

/**
 * What each day lists (each paper's upvotes and title), the paper records, what x's record lists, and
 * every history point written, kept: what went wrong.
 */
export async function checkRace({ kv, points }: RaceStore, x: string, wants: RaceWants): Promise<string[]> {
  const wrong: string[] = [];
  const archive = new Archive(kv);
  for (const date of [first.DAY, second.DAY]) {
    const listing = (await archive.listings([date])).get(date);
    if (!listing) {
      wrong.push(`${date} has no listing`);
      continue;
    }
    const papers = await archive.papers(
      listing.ids.map((id, i) => ({ id, date, counters: listing.counters[i]! })),
    );
    for (const [id, upvotes] of Object.entries(wants.upvotes[date]!)) {
      const p = papers.find((q) => q.id === id);
      if (!p) wrong.push(`${date} lacks ${id}`);
      else {
        if (p.upvotes !== upvotes) wrong.push(`${date} ${id} has ${p.upvotes} upvotes, not ${upvotes}`);
        if (wants.wrongTitle(date, id, p.title)) wrong.push(`${date} titles ${id} ${p.title}`);
      }
    }
  }
  const record = await kv.get(paperRecordKey(x));
  const own = record ? decodePaperRecord(record, x) : null;
  wrong.push(...(await wants.wrongRecords(own)));
  for (const date of [first.DAY, second.DAY])
    if (!own?.listed_on.includes(date) && wants.listsDay(date))
      wrong.push(`the record does not list ${date}`);
  for (const date of [first.DAY, second.DAY]) {
    const history = decodeHistory((await kv.get(`hist:${date}`))!, date);
    for (const { id, point } of points.filter((p) => p.date === date)) {
      const series = history?.papers.get(id)?.points ?? [];
      if (series.filter(([t]) => t <= point[0]).at(-1)?.[1] !== point[1])
        wrong.push(`${date} ${id} lost the point ${point}`);
    }
  }
  return wrong;
}
