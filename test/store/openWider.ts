// twoDayReadsWider.ts's race (its runs drawn as there: see that file), varied to attack the losses
// docs/overlapping-runs.md ("Open") names: half the seeds a second paper (y) listed on the first day
// and renamed by the same reads (B, then D with the newer read), some a stale read of the second day
// (the old title A, at 6, 8, 11 or 13, before the first day's newer read) and a fold of that day's
// runs (at 18, 22 or 27). Checked as there, and y as x on the first day; the second day's line must
// be the rename where that day's read of it is newer than the stale one.
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
const [a, c, x, y] = ["2605.66001", "2605.66002", "2605.66003", "2605.66004"];

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
/** What went wrong, with the log; empty if it held. With `noY`, the same draws with y left out. */
export const openFuzz = (seed: number, noY = false) => twoDayReads(seed, true, noY);

async function twoDayReads(seed: number, timesDrawn: boolean, noY = false): Promise<string[]> {
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
  const twoRenamed = rng.chance(0.5) && !noY;
  const ys = (title: string, up: number) => (twoRenamed ? [first.paper(y, up, title)] : []);
  await direct((k) =>
    first.run(T0, {
      papers: [first.paper(a, 1), ...(setup !== "second" ? [first.paper(x, 1, "A")] : []), ...ys("B", 1)],
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
    { name: "older", ...read(first, 5, () => [first.paper(a, 1), first.paper(x, 2, "A"), ...ys("B", 2)]) },
    { name: "newer", ...read(first, 15, () => [first.paper(a, 2), first.paper(x, 3, "C"), ...ys("D", 3)]) },
  ];
  if (rng.chance(0.3))
    runs.push({
      name: "middle",
      ...read(first, time([8, 12, 14], 8), () => [first.paper(a, 1), first.paper(x, 2, "A"), ...ys("B", 2)]),
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
  if (rng.chance(0.4)) {
    const at = rng.pick([6, 8, 11, 13]);
    runs.push({
      name: "other middle",
      at: T0 + at * MIN,
      day: second,
      folds: [],
      settle: (k) =>
        second.run(T0 + at * MIN, { papers: [second.paper(c, 3), second.paper(x, 3, "A")], kv: k }),
    });
  }
  if (rng.chance(0.3)) {
    const at = rng.pick([18, 22, 27]);
    const folds = rng
      .pick([["other day"], ["other day", "other middle"], []])
      .filter((n) => runs.some((r) => r.name === n && r.at < T0 + at * MIN));
    runs.push({
      name: "other fold",
      at: T0 + at * MIN,
      day: second,
      folds,
      settle: (k, observed) => second.run(T0 + at * MIN, { observed, kv: k }),
    });
  }
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
  const titleY = async () => {
    const record = await kv.get(paperRecordKey(y));
    const dayText = await kv.get(`day:${first.DAY}`);
    return [
      record ? decodePaperRecord(record, y)?.paper?.title : undefined,
      dayText ? paperLine(dayText, first.DAY, y)?.content?.title : undefined,
    ];
  };
  const renameYStored = twoRenamed && (await titleY()).includes("D");
  log.push(`and y's ${await titleY()}`);
  log.push(`the runs end with the record's and the first day's title ${await title()}`);

  // The runs after, upstream down: folds of every run of each day, the repair pass, and again.
  const ofDay = (day: typeof first) => runs.filter((r) => r.day === day).map((r) => r.name);
  await direct((k) => first.run(T0 + 45 * MIN, { observed: observedBy(ofDay(first)), kv: k }));
  await direct((k) => second.run(T0 + 45 * MIN, { observed: observedBy(ofDay(second)), kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 50 * MIN, { check: true, kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 55 * MIN, { observed: [], kv: k }));
  for (const day of [first, second]) await direct((k) => day.run(T0 + 60 * MIN, { check: true, kv: k }));

  const wrong: string[] = [];
  const otherDayRead = byName.has("other day") || byName.has("other middle");
  const want: Record<string, Record<string, number>> = {
    [first.DAY]: { [a]: 2, [x]: 3, ...(twoRenamed ? { [y]: 3 } : {}) },
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
        const middleAfter = (byName.get("other middle")?.at ?? 0) > (byName.get("other day")?.at ?? 0);
        const renamedThere =
          date === first.DAY || (byName.has("other day") && secondTitle === "C" && !middleAfter);
        if (id === x && renameStored && renamedThere && p.title !== "C")
          wrong.push(`${date} titles ${id} ${p.title}`);
        if (id === y && renameYStored && p.title !== "D") wrong.push(`${date} titles ${id} ${p.title}`);
      }
    }
  }
  const record = await kv.get(paperRecordKey(x));
  const own = record ? decodePaperRecord(record, x) : null;
  if (renameStored && own?.paper?.title !== "C") wrong.push(`the record titles it ${own?.paper?.title}`);
  if (renameYStored) {
    const r = await kv.get(paperRecordKey(y));
    const t = r ? decodePaperRecord(r, y)?.paper?.title : undefined;
    if (t !== "D") wrong.push(`y's record titles it ${t}`);
  }
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
