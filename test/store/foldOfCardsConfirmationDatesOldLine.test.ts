// As in foldOfConfirmationDatesOldLine, where the read that finds the day as stored after the rename's
// read reads it through the cards (titles, links and upvotes) and writes nothing: its confirmation
// names no content. A slower, older read of the first day lands its day record, summary and record of
// the old title over all of it; a fold of the confirmation alone keeps the old line and dates it at the
// cards read, and the repair pass, after a staged read of the second day made in between, writes the
// old title over the rename in the paper's record.
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

it("a fold of a cards read's confirmation no value holds the content of does not date the old line at it", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // An older read of the first day, listing x there first, reads the store; its writes wait.
  const slowFirst = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: slowFirst.kv,
  });
  await untilBlocked(slowFirst.blocked);
  // A newer read of the first day finds x renamed, and writes whole; then the older read's writes land.
  await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  // A read through the cards after it finds the day as stored.
  const confirming = await cards(T0 + 17 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  expect(confirming.confirmed, "the confirming read's confirmation").toBeDefined();
  slowFirst.release();
  await older;
  expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");
  expect((await record())?.paper?.title, "x's record, the older read's").toBe("A");

  // A fold of the confirming read alone.
  await first.run(T0 + 25 * MIN, {
    observed: [{ runId: runIdAt(T0 + 17 * MIN), observation: confirming.confirmed!, confirmed: true }],
  });
  // A staged read of the second day, made after the rename and before the first day's newer read,
  // settled after the fold.
  await second.run(T0 + 12 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
  });
  expect((await record())?.paper?.title, "x's record after the staged read").toBe("C");

  // Upstream down: the repair pass on both days.
  for (const day of [first, second]) await day.run(T0 + 35 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
  expect(await line(second.DAY), "the second day's line").toBe("C");
});
