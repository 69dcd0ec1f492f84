// The harness of twoDayReadsFuzz, of twoDayReadsWiderTimesFuzz and of the seeds they leave open.
// Reads of a paper listed on two days, overlapping, randomized and seeded. On its first day: an
// older and a newer read (the newer finds it renamed, C after A), sometimes a middle read of the old
// title, a fold of some of them, the repair pass; on its second day a read (of either title) and the
// repair pass. Each run reads when the seed says (a fold only after the runs it folds), and its
// writes wait, held by kind of value (paper records, day record, summary, history, search values),
// and land in an order the seed decides. Then a fold of every run of each day, the repair pass, an
// ordinary run and the repair pass again. Checked: each day lists its papers with the newest read's
// upvotes, the paper's record lists both its days, every history point written is kept, and where the
// rename was stored anywhere when the runs ended, it is the title of the first day's line and of the
// record (and of the second day's line where that day's read found it too: a rename is not carried
// from one day to the other, docs/overlapping-runs.md, "Open"). The store is an in-memory KV and
// settleDay is called directly, so a seed replays the same order.
// With its runs' times fixed (twoDayReadsFuzz): the middle read at 8, the second day's read at 10 and
// staged, the fold at 20 and the repair pass at 25. With them drawn (twoDayReadsWiderTimesFuzz): the
// middle read at 8, 12 or 14, the second day's read at 7, 10, 12 or 16, staged or not, the fold at 9,
// 13, 16 or 20 of runs made before it (or of none), the repair pass at 11, 14, 17 or 25. Fixed times
// draw nothing, so a seed replays what it did before the times were drawn.
import { Archive } from "../../src/store/archive";
import type { Settled } from "../../src/store/settle";
import { paperLine } from "../../src/store/values/dayRecord";
import { decodeHistory, type HistoryPoint } from "../../src/store/values/history";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { capturing, kindOf, madeUpDay, type Observed, observedOf } from "./attackShared";
import { prng } from "./fuzzShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.66001", "2605.66002", "2605.66003"];

interface Run {
  name: string;
  at: number;
  day: typeof first;
  /** The runs it folds: it reads only after they have. */
  folds: string[];
  settle: (kv: KVNamespace, observed: Observed[]) => Promise<Settled>;
  settled?: Settled;
  runId?: string;
  held?: Map<string, Parameters<KVNamespace["put"]>[]>;
}

/** Seeds of twoDayReadsFuzz: the runs at fixed times. What went wrong, with the log; empty if it held. */
export const fixedTimesFuzz = (seed: number) => twoDayReads(seed, false);
/** Seeds of twoDayReadsWiderTimesFuzz: the runs' times drawn too. */
export const widerTimesFuzz = (seed: number) => twoDayReads(seed, true);

async function twoDayReads(seed: number, timesDrawn: boolean): Promise<string[]> {
  const rng = prng(seed);
  /** A time drawn from `drawn`, or `fixed` (drawing nothing) where the times are fixed. */
  const time = (drawn: number[], fixed: number) => (timesDrawn ? rng.pick(drawn) : fixed);
  const kv = memoryKv();
  const log = [`seed ${seed}`];
  /** Every history point written, to find again at the end. */
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
  const direct = async (settle: (kv: KVNamespace) => Promise<Settled>) => {
    const captured = capturing(kv);
    const settled = await settle(captured.kv);
    await land(captured.writes);
    return settled;
  };

  // Where the paper is listed before: its first day, its second, or both (always under the old title).
  const setup = rng.pick(["first", "second", "both"] as const);
  let secondTitle = rng.pick(["A", "C"]);
  await direct((k) =>
    first.run(T0, {
      papers: [first.paper(a, 1), ...(setup !== "second" ? [first.paper(x, 1, "A")] : [])],
      kv: k,
    }),
  );
  await direct((k) =>
    second.run(T0 + MIN, {
      papers: [second.paper(c, 3), ...(setup !== "first" ? [second.paper(x, 2, "A")] : [])],
      kv: k,
    }),
  );
  log.push(`the paper first on ${setup}; the second day's read finds ${secondTitle}`);

  const read = (day: typeof first, minutes: number, papers: () => ReturnType<typeof first.paper>[]) => ({
    at: T0 + minutes * MIN,
    day,
    folds: [],
    settle: (k: KVNamespace) => day.run(T0 + minutes * MIN, { papers: papers(), kv: k }),
  });
  const runs: Run[] = [
    { name: "older", ...read(first, 5, () => [first.paper(a, 1), first.paper(x, 2, "A")]) },
    { name: "newer", ...read(first, 15, () => [first.paper(a, 2), first.paper(x, 3, "C")]) },
  ];
  if (rng.chance(0.3))
    runs.push({
      name: "middle",
      ...read(first, time([8, 12, 14], 8), () => [first.paper(a, 1), first.paper(x, 2, "A")]),
    });
  const otherAt = time([7, 10, 12, 16], 10);
  const otherStaged = timesDrawn ? rng.chance(0.6) : true;
  if (otherAt > 15) secondTitle = "C";
  if (rng.chance(0.85))
    runs.push({
      name: "other day",
      at: T0 + otherAt * MIN,
      day: second,
      folds: [],
      // A staged read settled late: stamped at its settling.
      settle: (k) =>
        second.run(T0 + otherAt * MIN, {
          papers: [second.paper(c, 3), second.paper(x, 3, secondTitle)],
          ...(otherStaged ? { versionAt: T0 + 30 * MIN } : {}),
          kv: k,
        }),
    });
  if (rng.chance(0.7)) {
    const foldAt = time([9, 13, 16, 20], 20);
    const folds = rng
      .pick([
        ["newer"],
        ["older", "newer"],
        ["older"],
        ["older", "newer", "middle"],
        ...(timesDrawn ? [[]] : []),
      ])
      .filter((n) => runs.some((r) => r.name === n && r.at < T0 + foldAt * MIN));
    runs.push({
      name: "fold",
      at: T0 + foldAt * MIN,
      day: first,
      folds,
      settle: (k, observed) => first.run(T0 + foldAt * MIN, { observed, kv: k }),
    });
  }
  const repairAt = time([11, 14, 17, 25], 25);
  if (rng.chance(0.7))
    runs.push({
      name: "repair",
      at: T0 + repairAt * MIN,
      day: first,
      folds: [],
      settle: (k) => first.run(T0 + repairAt * MIN, { check: true, kv: k }),
    });
  if (rng.chance(0.4))
    runs.push({
      name: "other day's repair",
      at: T0 + 26 * MIN,
      day: second,
      folds: [],
      settle: (k) => second.run(T0 + 26 * MIN, { check: true, kv: k }),
    });

  log.push(
    `times ${runs.map((r) => `${r.name}@${(r.at - T0) / MIN}${r.folds.length ? `(folds ${r.folds})` : ""}`).join(" ")} staged ${otherStaged}`,
  );
  const byName = new Map(runs.map((r) => [r.name, r]));
  /** What a run observed, as a later run folds it from its run record. */
  const observedBy = (names: string[]) =>
    names.flatMap((n) => {
      const r = byName.get(n)!;
      if (!r.settled?.observation) return [];
      const o = observedOf(r.at, r.settled, { wrote: !!r.settled.listings });
      return [r.runId ? { ...o, runId: r.runId } : o];
    });
  const title = async () => {
    const record = await kv.get(paperRecordKey(x));
    const dayText = await kv.get(`day:${first.DAY}`);
    return [
      record ? decodePaperRecord(record, x)?.paper?.title : undefined,
      dayText ? paperLine(dayText, first.DAY, x)?.content?.title : undefined,
    ];
  };

  // Each run's read, then each kind of its writes landing, in an order the seed picks among what may come next.
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
  const renameStored = (await title()).includes("C");
  log.push(`the runs end with the record's and the first day's title ${await title()}`);

  // The runs after, upstream down: folds of every run of each day, the repair pass, and again.
  const ofDay = (day: typeof first) => runs.filter((r) => r.day === day).map((r) => r.name);
  await direct((k) => first.run(T0 + 45 * MIN, { observed: observedBy(ofDay(first)), kv: k }));
  await direct((k) => second.run(T0 + 45 * MIN, { observed: observedBy(ofDay(second)), kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 50 * MIN, { check: true, kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 55 * MIN, { observed: [], kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 60 * MIN, { check: true, kv: k }));

  const wrong: string[] = [];
  const otherDayRead = byName.has("other day");
  const want: Record<string, Record<string, number>> = {
    [first.DAY]: { [a]: 2, [x]: 3 },
    [second.DAY]: otherDayRead ? { [c]: 3, [x]: 3 } : setup !== "first" ? { [c]: 3, [x]: 2 } : { [c]: 3 },
  };
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
    for (const [id, upvotes] of Object.entries(want[date]!)) {
      const p = papers.find((q) => q.id === id);
      if (!p) wrong.push(`${date} lacks ${id}`);
      else {
        if (p.upvotes !== upvotes) wrong.push(`${date} ${id} has ${p.upvotes} upvotes, not ${upvotes}`);
        const renamedThere = date === first.DAY || (otherDayRead && secondTitle === "C");
        if (id === x && renameStored && renamedThere && p.title !== "C")
          wrong.push(`${date} titles ${id} ${p.title}`);
      }
    }
  }
  const record = await kv.get(paperRecordKey(x));
  const own = record ? decodePaperRecord(record, x) : null;
  if (renameStored && own?.paper?.title !== "C") wrong.push(`the record titles it ${own?.paper?.title}`);
  for (const date of [first.DAY, second.DAY])
    if (!own?.listed_on.includes(date) && (date === first.DAY || otherDayRead || setup !== "first"))
      wrong.push(`the record does not list ${date}`);
  for (const date of [first.DAY, second.DAY]) {
    const history = decodeHistory((await kv.get(`hist:${date}`))!, date);
    for (const { id, point } of points.filter((p) => p.date === date)) {
      const series = history?.papers.get(id)?.points ?? [];
      if (series.filter(([t]) => t <= point[0]).at(-1)?.[1] !== point[1])
        wrong.push(`${date} ${id} lost the point ${point}`);
    }
  }
  return wrong.length ? [...wrong, ...log] : [];
}
