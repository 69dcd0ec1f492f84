// As in foldOfOwnOlderReadDatesOldLine, where the run stamped before the rename's read, reading the day
// after it, reads it through the cards (titles, links and upvotes) and finds the rename: it keeps the
// day's content, and its run record keeps its own read, older than the counters stored, naming no
// content. A slower, older read of the first day, listing the paper there first, lands its day record,
// summary and record of the old title over all of it. A fold of the cards read alone finds no value
// holding what it found, keeps the old line, and dates it at that read; after a staged read of the
// second day made in between, the repair pass on the first day writes the old title over the rename in
// the paper's record.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { settleDay } from "../../src/store/settle";
import { lineTitle, madeUpDay, runIdAt, slowWrites, storedPaperRecord, untilBlocked } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.65001", "2605.65002", "2605.65003"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

/** A read of the first day through its cards at `at`: titles, links and upvotes. */
const cards = (at: number, papers: Paper[]) =>
  settleDay({
    kv,
    date: first.DAY,
    runId: runIdAt(at),
    now: at,
    fresh: {
      date: first.DAY,
      via: "cards",
      partial: true,
      papers: papers.map((p) => ({ ...p, summary: "", authors: [] })),
    },
  });

it("a fold of a run's own older cards read does not date the old line at it", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // An older read of the first day, listing x there first, reads the store; its writes wait.
  const slowFirst = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: slowFirst.kv,
  });
  await untilBlocked(slowFirst.blocked);
  // A newer read of the first day finds x renamed, and writes whole.
  await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  // A run stamped before it reads the day's cards after it, finds the rename with older counts, and
  // writes a history point: its record keeps its own read.
  const between = await cards(T0 + 12 * MIN, [first.paper(a, 1), first.paper(x, 2, "C")]);
  expect(between.observation?.at, "the run's own read, kept").toBe((T0 + 12 * MIN) / 1000);
  // Then the older read's writes land.
  slowFirst.release();
  await older;
  expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");
  expect((await record())?.paper?.title, "x's record, the older read's").toBe("A");

  // A fold of the cards read alone.
  await first.run(T0 + 25 * MIN, {
    observed: [{ runId: runIdAt(T0 + 12 * MIN), observation: between.observation! }],
  });
  // A staged read of the second day, made after the rename and before the cards read, settled after the fold.
  await second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
  });
  expect((await record())?.paper?.title, "x's record after the staged read").toBe("C");

  // Upstream down: the repair pass on both days.
  for (const day of [first, second]) await day.run(T0 + 35 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
  expect(await line(second.DAY), "the second day's line").toBe("C");
});
