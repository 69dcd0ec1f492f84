// As in summaryContentTimeDamaged, where the damaged content time is the fold's run record's: the fold's
// observation names the old line it kept, dated apart from the newer read's counters it merged; read
// back with that content time damaged (not a time), it says the old line was read when those counters
// were, and a fold of it alone dates the old line at the newer read. The repair pass, after a staged
// read of the second day made after the rename and before the newer read, settled since, takes the old
// line for read after that staged read and writes the old title over the rename in the paper's record.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { RunReport } from "../../src/core/runReport";
import { decodeRunRecord, encodeRunRecord, runRecordKey } from "../../src/store/values/runRecord";
import {
  beforeRenamesKept,
  lineTitle,
  madeUpDay,
  observedOf,
  runIdAt,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.65001", "2605.65002", "2605.65003"];
const kv = env.PAPERS;

it("a fold does not date its content at an observation whose content time is damaged", async () => {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // An older read of the first day, listing x there first, reads the store; its writes wait.
  const slow = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, { papers: [first.paper(a, 1), first.paper(x, 2, "A")], kv: slow.kv });
  await untilBlocked(slow.blocked);
  // A newer read of the first day finds x renamed; then the older read's writes land over it.
  const newer = await first.settle(T0 + 15 * MIN, [first.paper(a, 2), first.paper(x, 3, "C")]);
  slow.release();
  await older;
  // A fold of the newer read keeps the old line, dated apart from the counters it merged (its run
  // record written before records kept the renames: one that keeps it restores the rename).
  const fold = await first.run(T0 + 20 * MIN, {
    observed: [beforeRenamesKept(observedOf(T0 + 15 * MIN, newer))],
  });
  expect(fold.observation?.content_at, "the fold's observation dates its content apart").toBeDefined();
  // Its run record, read back with that content time damaged.
  const id = runIdAt(T0 + 20 * MIN);
  const report: RunReport = {
    trigger: "cron",
    started_at: new Date(T0 + 20 * MIN).toISOString(),
    duration_ms: 5,
    ok: true,
    requests: 0,
    days: [],
  };
  const raw = JSON.parse(
    encodeRunRecord({
      id,
      report,
      observed: [fold.observation!],
      confirmed: [],
      saved: [],
      changed: [],
      unpurged: [],
      unannounced: false,
      listings: [],
      wordIndexes: [],
    }),
  );
  raw.observed[0].content_at = "not a time";
  const read = decodeRunRecord(JSON.stringify(raw), runRecordKey(id))!;
  // A fold of it alone.
  await first.run(T0 + 25 * MIN, { observed: [{ runId: id, observation: read.observed[0]! }] });

  // A staged read of the second day, made after the rename and before the newer read, settled after.
  await second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 3, "C")],
    versionAt: T0 + 30 * MIN,
  });
  expect((await storedPaperRecord(x))?.paper?.title, "x's record after the staged read").toBe("C");

  // Upstream down: the repair pass on both days, twice.
  for (const at of [35, 40]) for (const day of [first, second]) await day.run(T0 + at * MIN, { check: true });
  expect((await storedPaperRecord(x))?.paper?.title, "x's record after the repair pass").toBe("C");
  expect(await lineTitle(second.DAY, x), "the second day's line").toBe("C");
});
