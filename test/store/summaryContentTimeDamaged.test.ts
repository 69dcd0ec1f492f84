// A paper new to its first day, listed on its second. A newer read of the first day finds it renamed;
// a slower, older read's day record, summary and paper record of the old title land over it; a fold of
// the newer read keeps the old line, and its summary dates that line apart from the counters it merged
// (content_at). That content time is then damaged (not a time): read as absent, the summary says its
// content was read when the newer read's counters were, and the repair pass, after a staged read of the
// second day made after the rename and before the newer read, settled since, takes the old line for
// read after that staged read and writes the old title over the rename in the paper's record.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  beforeRenamesKept,
  lineTitle,
  madeUpDay,
  observedOf,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN, K } = first;
const [a, c, x] = ["2605.65001", "2605.65002", "2605.65003"];
const kv = env.PAPERS;

it("a summary whose content time is damaged does not date its content at its counters' time", async () => {
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
  await first.run(T0 + 20 * MIN, { observed: [beforeRenamesKept(observedOf(T0 + 15 * MIN, newer))] });
  const summary = JSON.parse((await kv.get(K.summary))!);
  expect(summary.content_at, "the fold's summary dates its content apart").toBeDefined();
  // Its content time is damaged.
  await kv.put(K.summary, JSON.stringify({ ...summary, content_at: "not a time" }));

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
