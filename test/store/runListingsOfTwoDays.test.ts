// A run that settles two new days of one paper writes the paper's record twice, each time from
// what it read of it then. Between the two, a slower run's write of the record, from a read
// made before this run's first write (a third new day), lands and leaves out the day this run
// wrote first; this run's second write, made from that record, leaves it out too. The run record
// names the days each paper's record was written with, and the runs after put back a day one
// names that the record lacks: naming only the days of the run's last write of the record, it
// named neither the day lost nor any other run's, and that day was never put back (found by
// overlapFuzz.test.ts, seed 66605).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { answer, forgetStored, runScrape } from "../helpers";
import { down, slowWrites, untilBlocked } from "./attackShared";
import { originOf, SLOT, T0, type Upstream } from "./fuzzShared";

const [HOME, FIRST, SECOND, THIRD] = ["2026-05-19", "2026-05-17", "2026-05-20", "2026-05-18"];
const P = "2605.80001";
const others = (day: string) => [1, 2].map((i) => `2605.8${day.slice(-2)}0${i}`);

it("a run's second write of a paper's record, made after a slower run's landed, leaves no day out for good", async () => {
  const kv = env.PAPERS;
  const up: Upstream = { papers: new Map(), days: new Map() };
  for (const d of [HOME, FIRST, SECOND, THIRD]) {
    up.days.set(d, others(d));
    for (const id of others(d)) up.papers.set(id, { title: `Paper ${id}`, upvotes: 3 });
  }
  up.papers.set(P, { title: `Paper ${P}`, upvotes: 5 });
  up.days.get(HOME)!.push(P);
  await runScrape(originOf(up), { kv, targets: [HOME, FIRST, SECOND, THIRD], now: T0 - SLOT });

  // Three more days list P.
  for (const d of [FIRST, SECOND, THIRD]) up.days.get(d)!.push(P);
  const origin = originOf(up);

  // The slower run reads P's record (HOME alone) and settles THIRD; its write of the record waits.
  const slower = slowWrites(kv, (key) => key === `paper:${P}`);
  const slowRun = runScrape(origin, { kv: slower.kv, targets: [THIRD], now: T0 + 10_000 });
  await untilBlocked(slower.blocked);

  // This run settles FIRST (writing P's record with HOME and FIRST), then SECOND: its read of P's
  // record for SECOND waits until the slower run's write (HOME and THIRD) has landed.
  let wroteOnce = false;
  let open!: () => void;
  const gate = new Promise<void>((go) => {
    open = go;
  });
  let waiting!: () => void;
  const atSecondRead = new Promise<void>((go) => {
    waiting = go;
  });
  const gated = new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof v !== "function") return v;
      return async (...args: unknown[]) => {
        const names = JSON.stringify(args[0]).includes(`paper:${P}`);
        if (prop === "get" && names && wroteOnce) {
          waiting();
          await gate;
        }
        const result = await (v as (...a: unknown[]) => unknown).apply(target, args);
        if (prop === "put" && names) wroteOnce = true;
        return result;
      };
    },
  });
  const run = runScrape(origin, { kv: gated, targets: [FIRST, SECOND], now: T0 + 20_000 });
  await atSecondRead;
  slower.release();
  await slowRun;
  open();
  await run;

  // Two ordinary runs go by; upstream is down.
  await runScrape(down(), { kv, targets: [HOME], now: T0 + SLOT });
  await runScrape(down(), { kv, targets: [HOME], now: T0 + 2 * SLOT, repair: true });
  forgetStored();
  const paper = await answer(PaperAnswer, `/api/papers/${P}`);
  expect(paper.listed_on).toEqual([SECOND, HOME, THIRD, FIRST]);
});
