// The seventh fuzzer's harness (otherDayPageFuzz.test.ts): the runs of an attack on the day record's
// carried-line mark, landing in random orders. x listed on the second day as A; S, an older read of
// that day (c renamed), is slow; R, the day's own newest read, finds x renamed C; P, a stale page of
// the first day read after R, lists x there first, as A; folds and repair passes of either day. Every
// write lands, by kind of value, in an order the seed picks (replayShared.ts), then the runs after.
// The second day must end C: a page of another day is no rename of this one.
import { prng } from "./fuzzShared";
import { at, first, type ReplayRun, replay, second } from "./replayShared";

const { T0, MIN } = first;
const [a, c, x] = ["2605.77001", "2605.77002", "2605.77003"];
const KINDS = ["paper", "day", "list", "hist", "search"];

export async function otherDayPageFuzz(seed: number): Promise<string[]> {
  const rng = prng(seed);
  const setup = async (kv: KVNamespace) => {
    await first.run(T0, { papers: [first.paper(a, 1)], kv });
    await second.run(T0 + MIN, { papers: [second.paper(c, 3), second.paper(x, 1, "A")], kv });
  };
  const sAt = rng.pick([4, 5, 8]);
  const rAt = rng.pick([9, 10]);
  const pAt = rng.pick([11, 13, 15, 20]);
  const runs: Record<string, ReplayRun> = {
    S: {
      at: at(sAt),
      day: second,
      papers: [second.paper(c, 3, rng.pick(["c2", "c3"])), second.paper(x, 2, "A")],
    },
    R: {
      at: at(rAt),
      day: second,
      papers: rng.chance(0.5) ? [second.paper(x, 3, "C")] : [second.paper(c, 4), second.paper(x, 3, "C")],
    },
    P: { at: at(pAt), day: first, papers: [first.paper(a, 2), first.paper(x, 3, "A")] },
  };
  if (rng.chance(0.7))
    runs.F = { at: at(rng.pick([11, 12, 16, 21])), day: second, folds: rng.pick([["S", "R"], ["R"], ["S"]]) };
  if (rng.chance(0.6)) runs.Q = { at: at(rng.pick([11, 12, 16, 21])), day: second, check: true };
  if (rng.chance(0.3)) runs.F1 = { at: at(rng.pick([12, 16, 22])), day: first, folds: ["P"] };
  const pending: string[] = Object.keys(runs);
  const steps: string[] = [];
  const read = new Set<string>();
  while (pending.length) {
    const ready = pending.filter((s) => s.includes(" ") || (runs[s]!.folds ?? []).every((n) => read.has(n)));
    const s = rng.pick(ready);
    pending.splice(pending.indexOf(s), 1);
    steps.push(s);
    if (!s.includes(" ")) {
      read.add(s);
      for (const k of KINDS) pending.push(`${s} ${k}`);
    }
  }
  const { ended, after } = await replay(setup, runs, steps, [x]);
  const wrong = after[x]?.second !== "C" ? [`second ${after[x]?.second}`] : [];
  return wrong.length
    ? [
        ...wrong,
        `seed ${seed}`,
        JSON.stringify(
          Object.fromEntries(
            Object.entries(runs).map(([n, r]) => [
              n,
              {
                at: (r.at - T0) / MIN,
                folds: r.folds,
                check: r.check,
                papers: r.papers?.map((p) => p.title),
              },
            ]),
          ),
        ),
        steps.join(","),
        `ended ${JSON.stringify(ended[x])} after ${JSON.stringify(after[x])}`,
      ]
    : [];
}
