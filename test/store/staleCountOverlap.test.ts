// Counts may go down upstream (votes taken back), and the newest read's count is the one the store
// must serve. A run that reads a day whose counts are what the summary holds writes nothing: no
// summary, no history point, no observation in its run record. A run stamped before it, that read
// the day before the count fell and writes after it (runs overlap, KV has no transactions), then
// writes its older, higher count as the newest observed, and no value holds the newer read's
// count to put it back (found by stagedOverlapFuzz.test.ts, seed 1149). Its run record now keeps
// such a read (`confirmed`), which the next runs merge where it is newer than the summary's counts
// and differs from them, and only there.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { decodeRunRecord, RUN_RECORD_PREFIX } from "../../src/store/values/runRecord";
import { decodeSummary } from "../../src/store/values/summary";
import { propsOf } from "../fixtures";
import { runScrape } from "../helpers";
import { dayKeys, storedDay } from "../stored";
import { down, firstPaperAt, overlapping } from "./attackShared";

const DAY = "2026-05-18";
const K = dayKeys(DAY);
const T0 = Date.parse("2026-05-19T00:20:00Z");
const MIN = 60_000;

it("a read that found the stored counts is not undone by an older read of a higher count written after it", async () => {
  const id = propsOf(DAY).dailyPapers[0]!.paper.id;
  const first = propsOf(DAY).dailyPapers[0]!.paper.upvotes;
  await runScrape(firstPaperAt(DAY, first), { targets: [DAY], now: T0 });
  const older = T0 + 10 * MIN;
  const newer = older + MIN;
  // The older run reads the count up by 3 and holds its writes; upstream takes the votes back,
  // and the newer run reads the count the summary holds, and writes nothing of the day.
  await overlapping(
    env.PAPERS,
    (kv) => runScrape(firstPaperAt(DAY, first + 3), { kv, targets: [DAY], now: older }),
    async () => {
      const report = await runScrape(firstPaperAt(DAY, first), { targets: [DAY], now: newer });
      expect(report.days.map((d) => d.outcome)).toEqual(["unchanged"]);
    },
  );
  // Two later runs, upstream down: the second with the repair pass.
  await runScrape(down(), { targets: [DAY], now: newer + 10 * MIN });
  await runScrape(down(), { targets: [DAY], now: newer + 20 * MIN, repair: true });

  const summary = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
  expect(summary.counters[summary.ids.indexOf(id)]!.upvotes, "the summary's count").toBe(first);
  expect(summary.observed_at).toBe(new Date(newer).toISOString());
  expect((await storedDay(DAY))!.papers.find((p) => p.id === id)!.upvotes, "the served count").toBe(first);
  // The history says the count fell back at the newer read.
  const points = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!.papers.get(id)!.points;
  expect(points.at(-1)).toEqual([newer / 1000, first]);
});

it("a read that found the stored counts still writes nothing of the day, nor does the next run for it", async () => {
  const first = propsOf(DAY).dailyPapers[0]!.paper.upvotes;
  await runScrape(firstPaperAt(DAY, first), { targets: [DAY], now: T0 });
  const written: string[] = [];
  const noting = new Proxy(env.PAPERS, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "put") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: Parameters<KVNamespace["put"]>) => {
        written.push(args[0]);
        return target.put(...args);
      };
    },
  });
  const read = await runScrape(firstPaperAt(DAY, first), { kv: noting, targets: [DAY], now: T0 + 10 * MIN });
  expect(read.days.map((d) => d.outcome)).toEqual(["unchanged"]);
  const next = await runScrape(down(), { kv: noting, targets: [DAY], now: T0 + 20 * MIN });
  expect(next.merged_days).toBeUndefined();
  expect(written.filter((k) => Object.values(K).includes(k))).toEqual([]);
  // The read is in its run's record all the same.
  const key = written.find((k) =>
    k.startsWith(`${RUN_RECORD_PREFIX}${new Date(T0 + 10 * MIN).toISOString()}`),
  )!;
  const record = decodeRunRecord((await env.PAPERS.get(key))!, key)!;
  expect(record.observed).toEqual([]);
  expect(record.confirmed.map((o) => [o.date, o.at])).toEqual([[DAY, (T0 + 10 * MIN) / 1000]]);
});
