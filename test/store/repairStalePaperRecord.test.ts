// The repair pass reads a day's record, then its papers' records. A run renaming a paper writes
// the paper's record first and the day record after: a repair pass that read the day record
// before that run's writes and the paper record after it puts the old title back in the paper's
// record. The run's day record and summary then land with the new title, so every later read of
// the day takes the counters-only path, which never looks at paper records: /api/papers/:id
// answers the old title until the rotation brings the repair pass back to the day (found by
// overlapFuzz.test.ts's title model, seed 760225 of 300).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { madeUpDay, slowWrites, untilBlocked } from "./attackShared";

const { DAY, K, T0, MIN, paper, run, settle } = madeUpDay();

it("a repair pass overlapping a rename does not leave the paper's record with the old title", async () => {
  const [a, b] = ["2605.30001", "2605.30002"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  const renamed = [paper(a, 1, "The renamed title"), paper(b, 2)];
  // The renaming run's paper record lands; its other writes are held.
  const slow = slowWrites(env.PAPERS, (key) => !key.startsWith("paper:"));
  const t = T0 + 10 * MIN;
  const renaming = run(t, { papers: renamed, kv: slow.kv });
  await untilBlocked(slow.blocked);
  // The repair pass reads the day now: the old day record, the new paper record.
  await run(t + 20_000, { check: true });
  slow.release();
  await renaming;
  // Later reads see the new title: counters only.
  await settle(t + 10 * MIN, renamed);
  expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.papers[0]!.title).toBe("The renamed title");
  expect(decodePaperRecord((await env.PAPERS.get(paperRecordKey(a)))!, a)!.paper?.title).toBe(
    "The renamed title",
  );
});
