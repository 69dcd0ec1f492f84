// twoDayReadsWider.ts's race (its runs drawn as there: see that file), varied to attack the losses
// docs/overlapping-runs.md ("Open") names: half the seeds a second paper (y) listed on the first day
// and renamed by the same reads (B, then D with the newer read), some a stale read of the second day
// (the old title A, at 6, 8, 11 or 13, before the first day's newer read) and a fold of that day's
// runs (at 18, 22 or 27). Checked as there, and y as x on the first day; the second day's line must
// be the rename where that day's read of it is newer than the stale one.
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

const [a, c, x, y] = ["2605.66001", "2605.66002", "2605.66003", "2605.66004"];

/**
 * What went wrong, with the log; empty if it held. With `noY`, the same draws with y left out. With
 * `varied` (the eighth fuzzer, openWiderVariedFuzz.test.ts), the second day's stale read more often,
 * renaming c there half the time (c2), and that day's fold more often and earlier (from 12).
 */
export async function openFuzz(seed: number, noY = false, varied = false): Promise<string[]> {
  const rng = prng(seed);
  const store = raceStore();
  const { direct } = store;
  const log = [`seed ${seed}`];

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

  const runs: Run[] = [
    { name: "older", ...read(first, 5, () => [first.paper(a, 1), first.paper(x, 2, "A"), ...ys("B", 2)]) },
    { name: "newer", ...read(first, 15, () => [first.paper(a, 2), first.paper(x, 3, "C"), ...ys("D", 3)]) },
  ];
  if (rng.chance(0.3))
    runs.push({
      name: "middle",
      ...read(first, rng.pick([8, 12, 14]), () => [first.paper(a, 1), first.paper(x, 2, "A"), ...ys("B", 2)]),
    });
  const otherAt = rng.pick([7, 10, 12, 16]);
  const otherStaged = rng.chance(0.6);
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
  if (rng.chance(varied ? 0.6 : 0.4)) {
    const at = rng.pick([6, 8, 11, 13]);
    const cTitle = varied ? rng.pick(["c2", undefined]) : undefined;
    if (varied) log.push(`other middle c ${cTitle}`);
    runs.push({
      name: "other middle",
      at: T0 + at * MIN,
      day: second,
      folds: [],
      settle: (k) =>
        second.run(T0 + at * MIN, { papers: [second.paper(c, 3, cTitle), second.paper(x, 3, "A")], kv: k }),
    });
  }
  if (rng.chance(varied ? 0.6 : 0.3)) {
    const at = rng.pick(varied ? [12, 14, 18, 22, 27] : [18, 22, 27]);
    const both = ["other day", "other middle"];
    const folds = rng
      .pick(varied ? [["other day"], both, both, []] : [["other day"], both, []])
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
    const foldAt = rng.pick([9, 13, 16, 20]);
    const folds = rng
      .pick([["newer"], ["older", "newer"], ["older"], ["older", "newer", "middle"], []])
      .filter((n) => runs.some((r) => r.name === n && r.at < T0 + foldAt * MIN));
    runs.push({
      name: "fold",
      at: T0 + foldAt * MIN,
      day: first,
      folds,
      settle: (k, observed) => first.run(T0 + foldAt * MIN, { observed, kv: k }),
    });
  }
  const repairAt = rng.pick([11, 14, 17, 25]);
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
  const titleY = () => firstDayTitles(store.kv, y);
  const renameYStored = twoRenamed && (await titleY()).includes("D");
  log.push(`and y's ${await titleY()}`);
  log.push(`the runs end with the record's and the first day's title ${await title()}`);

  await runsAfterRace(store, runs, observedBy);

  const otherDayRead = byName.has("other day") || byName.has("other middle");
  const wrong = await checkRace(store, x, {
    upvotes: {
      [first.DAY]: { [a]: 2, [x]: 3, ...(twoRenamed ? { [y]: 3 } : {}) },
      [second.DAY]: otherDayRead ? { [c]: 3, [x]: 3 } : setup !== "first" ? { [c]: 3, [x]: 2 } : { [c]: 3 },
    },
    wrongTitle: (date, id, t) => {
      const middleAfter = (byName.get("other middle")?.at ?? 0) > (byName.get("other day")?.at ?? 0);
      const renamedThere =
        date === first.DAY || (byName.has("other day") && secondTitle === "C" && !middleAfter);
      return (
        (id === x && renameStored && renamedThere && t !== "C") || (id === y && renameYStored && t !== "D")
      );
    },
    wrongRecords: async (own) => {
      const wrong =
        renameStored && own?.paper?.title !== "C" ? [`the record titles it ${own?.paper?.title}`] : [];
      if (renameYStored) {
        const t = (await titleY())[0];
        if (t !== "D") wrong.push(`y's record titles it ${t}`);
      }
      return wrong;
    },
    listsDay: (date) => date === first.DAY || otherDayRead || setup !== "first",
  });
  return wrong.length ? [...wrong, ...log] : [];
}
