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
import { prng } from "./fuzzShared";
import {
  checkRace,
  first,
  firstDayTitles,
  MIN,
  playSteps,
  type Run,
  raceStore,
  read,
  runsAfterRace,
  second,
  T0,
} from "./twoDayRace";

const [a, c, x] = ["2605.66001", "2605.66002", "2605.66003"];

/** Seeds of twoDayReadsFuzz: the runs at fixed times. What went wrong, with the log; empty if it held. */
export const fixedTimesFuzz = (seed: number) => twoDayReads(seed, false);
/** Seeds of twoDayReadsWiderTimesFuzz: the runs' times drawn too. */
export const widerTimesFuzz = (seed: number) => twoDayReads(seed, true);

async function twoDayReads(seed: number, timesDrawn: boolean): Promise<string[]> {
  const rng = prng(seed);
  /** A time drawn from `drawn`, or `fixed` (drawing nothing) where the times are fixed. */
  const time = (drawn: number[], fixed: number) => (timesDrawn ? rng.pick(drawn) : fixed);
  const store = raceStore();
  const { direct } = store;
  const log = [`seed ${seed}`];

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
  const { byName, observedBy } = await playSteps(rng, runs, store, log);
  const title = () => firstDayTitles(store.kv, x);
  const renameStored = (await title()).includes("C");
  log.push(`the runs end with the record's and the first day's title ${await title()}`);

  await runsAfterRace(store, runs, observedBy);

  const otherDayRead = byName.has("other day");
  const wrong = await checkRace(store, x, {
    upvotes: {
      [first.DAY]: { [a]: 2, [x]: 3 },
      [second.DAY]: otherDayRead ? { [c]: 3, [x]: 3 } : setup !== "first" ? { [c]: 3, [x]: 2 } : { [c]: 3 },
    },
    wrongTitle: (date, id, t) => {
      const renamedThere = date === first.DAY || (otherDayRead && secondTitle === "C");
      return id === x && renameStored && renamedThere && t !== "C";
    },
    wrongRecords: async (own) =>
      renameStored && own?.paper?.title !== "C" ? [`the record titles it ${own?.paper?.title}`] : [],
    listsDay: (date) => date === first.DAY || otherDayRead || setup !== "first",
  });
  return wrong.length ? [...wrong, ...log] : [];
}
