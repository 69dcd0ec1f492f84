// Staged reads among overlapping runs, randomized and seeded (overlapFuzz.test.ts's upstream,
// interleaving and checks): every 10 minutes a step, in which the scheduled run of the step's
// task (newest, window or upkeep, in turn; now and then one missed) starts together with one or
// two ordinary or admin runs, some with the repair pass, each KV operation held back a random
// number of turns and the runs' times out of order by up to a minute. The task's runs stage
// and settle: one whose page it read (the JSON API down, as it mostly is for them) stages the
// read and stops, the task's next run, half an hour on, settles it as the read's own late run
// (src/scrape/run.ts, takeOver) while the ordinary runs of the steps between have read the same
// day with newer counts and titles. Once two ordinary runs have gone by (no overlap, upstream
// down), what any run read (a staged read: once it is settled, at the read's time) must be
// there as overlapFuzz.test.ts checks it: no paper lost or hidden, the newest count, every
// history point (the settling run's at the read's time), no title older than the newest
// read's (lastStep, by the read's step: a settled read is of its staging step), every list
// route and /api/status answering. And at the end of each step, and after the last runs, no
// day's version (list:<day>'s updated_at, the index's entry) is older than it was before.
import { describe, expect, it } from "vitest";
import type { RunReport } from "../../src/core/runReport";
import { readIndex } from "../../src/store/days";
import type { FakeOrigin } from "../fixtures";
import { runScrape } from "../helpers";
import { memoryKv } from "../memoryKv";
import { storedDay } from "../stored";
import { down } from "./attackShared";
import {
  change,
  checkServed,
  DENSE_DAYS,
  Interleaving,
  notingHistory,
  originOf,
  prng,
  type Rng,
  resetIds,
  type Shown,
  SLOT,
  show,
  T0,
  type Upstream,
  upstreamOf,
  type Written,
} from "./fuzzShared";

/** The scheduled tasks in turn, one a step (core/schedule.ts); upkeep stages nothing. */
const TASKS = ["newest", "window", "upkeep"] as const;
type Task = (typeof TASKS)[number];

/** A run of a step: what it is, and the upstream it reads (a copy as it was when it read). */
interface Planned {
  i: number;
  kind: Task | "cron" | "admin";
  targets: string[];
  repair: boolean;
  apiDown: boolean;
  seen: Upstream;
}

/** A staged read waiting for its task's next run: what upstream showed, when, in which step. */
interface Pending {
  seen: Upstream;
  readAt: number;
  step: number;
}

/** A change upstream (fuzzShared.ts's change), or some counts down: votes taken back. */
function changeOrFall(up: Upstream, rng: Rng): string {
  if (!rng.chance(0.25)) return change(up, rng);
  const ids = rng.shuffle([...up.papers.keys()]).slice(0, rng.int(1, 3));
  for (const id of ids) up.papers.get(id)!.upvotes = Math.max(0, up.papers.get(id)!.upvotes - rng.int(1, 3));
  return `fall ${ids}`;
}

const copy = (up: Upstream): Upstream => structuredClone(up);

/** The days read and settled by a run, by its report (a staged day is not settled yet). */
const settledDays = (report: RunReport) =>
  report.days
    .filter((d) => d.date && ["stored", "merged", "unchanged", "repeat"].includes(d.outcome))
    .map((d) => d.date!);

/** Each day's version as list:<day> and the index hold it. */
async function versions(
  kv: KVNamespace,
  days: string[],
): Promise<Map<string, { list?: string; index?: string }>> {
  const index = await readIndex(kv);
  const out = new Map<string, { list?: string; index?: string }>();
  for (const d of days)
    out.set(d, {
      list: (await storedDay(d, kv))?.updated_at,
      index: index.days.find((e) => e.date === d)?.updated_at,
    });
  return out;
}

/** Staged reads and their settling, over the seeds: the fuzzer must make both. */
let stagings = 0;
let settlings = 0;

async function fuzz(seed: number): Promise<void> {
  const rng = prng(seed);
  resetIds();
  const log: string[] = [`seed ${seed}`];
  const days = rng.shuffle(DENSE_DAYS).slice(0, rng.int(2, 3)).sort();
  log.push(`days ${days.join(",")}`);
  const up = upstreamOf(days, rng, log);
  const shown: Shown = { listed: new Map(), upvotes: new Map(), titles: new Map(), newest: new Map() };
  const written: Written[] = [];
  const base = memoryKv();
  const kv = notingHistory(base, written);

  await runScrape(originOf(up), { kv, targets: days, now: T0 - SLOT });
  show(shown, up, days, T0 - SLOT, -1);

  const pending = new Map<Task, Pending>();
  let before = await versions(base, days);
  const noOlderVersion = async (when: string) => {
    const now = await versions(base, days);
    for (const d of days) {
      const [was, is] = [before.get(d)!, now.get(d)!];
      for (const k of ["list", "index"] as const)
        if (was[k])
          expect(
            is[k] ?? "",
            `${d}'s version in ${k} ${when}: ${was[k]} then ${is[k]}\n${log.join("\n")}`,
          ).toSatisfy((v: string) => v >= was[k]!);
    }
    before = now;
  };

  const steps = rng.int(6, 9);
  for (let s = 0; s < steps; s++) {
    for (let c = rng.int(1, 2); c > 0; c--) log.push(`step ${s}: ${changeOrFall(up, rng)}`);
    const task = TASKS[s % TASKS.length]!;
    const kinds: Planned["kind"][] = [
      ...(rng.chance(0.85) ? [task] : []),
      ...Array.from({ length: rng.int(1, 3) }, () => rng.pick(["cron", "admin"] as const)),
    ];
    const n = kinds.length;
    const times: number[] = [];
    while (times.length < n) {
      const t = T0 + s * SLOT + rng.int(-60, 60) * 1000;
      if (!times.includes(t)) times.push(t);
    }
    const midChange = n > 1 && rng.chance(0.5) ? rng.int(1, n - 1) : n;
    const byTime = [...times.keys()].sort((a, b) => times[a]! - times[b]!);
    const origins: FakeOrigin[] = [];
    const runs: Planned[] = byTime.map((i, rank) => {
      if (rank === midChange) log.push(`step ${s} mid: ${changeOrFall(up, rng)}`);
      const kind = kinds[i]!;
      const targets =
        kind === "newest"
          ? ["latest"]
          : kind === "upkeep"
            ? []
            : rng.shuffle(days).slice(0, rng.int(1, days.length));
      const apiDown = kind === "newest" || kind === "window" ? rng.chance(0.8) : rng.chance(0.3);
      origins[i] = originOf(up, { apiDown });
      return { i, kind, targets, repair: kind === "upkeep" || rng.chance(0.2), apiDown, seen: copy(up) };
    });
    log.push(
      `step ${s}: ${runs.map((r) => `${r.kind}@${(times[r.i]! - T0 - s * SLOT) / 1000}s [${r.targets}]${r.repair ? " repair" : ""}${r.apiDown ? " api down" : ""}`).join("; ")}`,
    );
    const order = new Interleaving(n);
    const reports = new Map<number, RunReport>();
    await Promise.all(
      rng.shuffle(runs).map(async (r) => {
        const lag = rng.int(0, 3);
        const delays = { read: () => rng.int(0, 2 + lag), write: () => rng.int(0, 4 + lag * 12) };
        const report = await order.finished(
          r.i,
          runScrape(order.origin(r.i, origins[r.i]!), {
            kv: order.kv(r.i, kv, delays),
            targets: r.targets,
            now: times[r.i]!,
            repair: r.repair,
            trigger: r.kind === "admin" ? "admin" : "cron",
            ...(r.kind === "newest" || r.kind === "window" ? { stage: r.kind } : {}),
          }),
        );
        reports.set(r.i, report);
      }),
    );
    // What each run read and settled: a settling run its task's staged read, at the read's time.
    for (const r of runs) {
      const report = reports.get(r.i)!;
      const days = settledDays(report);
      if (report.staged && (r.kind === "newest" || r.kind === "window")) {
        const p = pending.get(r.kind)!;
        expect(p, `a staged read for ${r.kind}\n${log.join("\n")}`).toBeDefined();
        pending.delete(r.kind);
        show(shown, p.seen, days, p.readAt, p.step);
        settlings++;
        log.push(`step ${s}: ${r.kind} settled ${days} read at ${new Date(p.readAt).toISOString()}`);
        continue;
      }
      show(shown, r.seen, days, times[r.i]!, s);
      const staged = report.days.find((d) => d.outcome === "staged");
      if (staged && (r.kind === "newest" || r.kind === "window")) {
        stagings++;
        pending.set(r.kind, { seen: r.seen, readAt: times[r.i]!, step: s });
        log.push(`step ${s}: ${r.kind} staged ${staged.date}`);
      }
    }
    await noOlderVersion(`after step ${s}`);
  }
  // Two ordinary runs go by, each on its own; upstream is down. A read still staged is no
  // run's to settle: it was never settled, and nothing of it is promised.
  const end = T0 + steps * SLOT;
  await runScrape(down(), { kv, targets: days, now: end });
  await runScrape(down(), { kv, targets: days, now: end + SLOT, repair: true });
  await noOlderVersion("after the last runs");
  // The index's entry is not always list:<day>'s version: runs of one step write the day at
  // once, and one stamped earlier may write list:<day> last (KV has no transactions), while the
  // index takes the newest version the runs' records name (updateIndex). It is never behind it.
  for (const [d, v] of before)
    expect(v.index ?? "", `${d}'s version in the index\n${log.join("\n")}`).toSatisfy(
      (i: string) => i >= v.list!,
    );
  await checkServed(base, days, shown, written, log);
}

// 20 seeds (about 2.5 s), and 5260: a settling run's fold of a day it did not read wrote that
// day's record from what it read of it before an overlapping run wrote a new title, last and
// stamped later; the later runs found the day's content unchanged against its summary and left
// the record, and the repair pass took its old title (test/store/staleDayRecordRepair.test.ts).
// Of seeds 1000 to 1399 and 5000 to 7599 every one holds. 1149 left a count older than the newest
// read's on one paper: a read that found the counts as stored wrote nothing, and an older read's
// higher count, written after it, stayed (test/store/staleCountOverlap.test.ts); a change since in
// how many KV operations a run makes moved its interleaving, and the seed no longer shows it.
// 9019 and 11071 found a merge handing an older count on at a newer time and a repair pass
// weighing a paper record against a merge-moved version (foldObservedAt.test.ts,
// repairAfterCountersOnly.test.ts); they stay here, where the fuzzer first showed them. 28829: a
// settled staged read, older than a rename, wrote its old title over the paper record the newer
// read wrote, weighing it against a summary of other content than the day record's
// (stagedReadUnderOtherSummary.test.ts). 31654: an older read, under a newer read's summary of its
// very content, kept a late-settled staged read's record of older lines and wrote the old title
// over the paper's record (olderReadUnderLaterRecord.test.ts). 30960: a repair pass handed a count
// from an older read on at a newer read's second, and the next run merged it beside that read's own
// point, two counts at one second (handedOnCountSameSecond.test.ts). 37116: a staged read of a
// paper's second day, made before its rename and settled beside a newer read, wrote the old line
// (stagedReadOfSecondDay.test.ts). 38585: a staged read of a paper's second day, made before a read
// of its first day renamed it, wrote the old title over the paper's record, which listed the first
// day alone (stagedReadBeforeOtherDayRename.test.ts). 39950: as 37116, of a paper the day listed
// already, the staged read finding its line as stored (stagedReadUnderRenamedRecord.test.ts).
// 38955: an older read, settled between a slower read's day record of old lines and its summary,
// wrote a summary naming those lines as observed when the newer read was, and a fold wrote the old
// title over the paper record that read wrote (olderLinesAtNewerObservation.test.ts). 48854: two
// reads of a rename landed their paper records out of order under a fold's later day record of the
// old line, and the next fold weighed the record against the newer read alone and kept the old line
// (foldOverOutOfOrderRecords.test.ts). 51244: a read older than a paper's second day's renamed
// line put it back in the paper's record stamped at its own read, the second it wrote the old title
// on the first day, and a fold of that day wrote the old title over the record
// (newerLineStampedAtOlderRead.test.ts). 63860: a run that read a paper's rename on one day
// folded its other day, which it did not read, writing the old line stamped at the second of the
// renamed record, and the next run to settle that day before the fold's summary landed wrote the
// old title over the record (foldRecordAtRenameSecond.test.ts). 70916: a fold that read the store
// before a read found a rename landed its day record of the old line last, stamped after that read,
// and the next fold weighed the renamed paper record against that stamp and kept the old line
// (foldStampedAfterRename.test.ts). Seeds 13000 to 13499 and 14000 to 108699 hold (each range
// swept at the code after the last fix its sweep led to).
const SEEDS = [
  ...Array.from({ length: 20 }, (_, i) => 3 + i * 7919),
  ...[5260, 1149, 9019, 11071, 28829, 31654, 30960, 37116, 38585, 39950, 38955, 48854, 51244, 63860, 70916],
];

describe("staged reads among overlapping runs, randomized", () => {
  it.each(SEEDS)("seed %i: nothing a run read or settled is lost, no version goes back", async (seed) => {
    await fuzz(seed);
  });
  it("staged reads were made and settled", () => {
    console.log(`staged ${stagings}, settled ${settlings}`);
    expect(stagings).toBeGreaterThan(SEEDS.length);
    expect(settlings).toBeGreaterThan(SEEDS.length);
  });
});
