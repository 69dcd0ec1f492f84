// Two runs read a day a moment apart, one before and one after a paper was renamed, and both
// found a new paper, so both write the day's content. A run writes its paper records before its
// day record: the newer read's record of the renamed paper lands first, then the older read (it
// read the day record before the newer read wrote it, so it does not count as an older read)
// writes its own record of the paper over it, with the old title. The newer read's day record
// and summary land last: every later read of the renamed page matches them and takes the
// counters-only path, which never looks at paper records, and /api/papers/:id answers the old
// title until the repair pass comes round to the day (found by overlapFuzz.test.ts, seed 31411).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { decodeSummary } from "../../src/store/values/summary";
import { madeUpDay, slowWrites, untilBlocked } from "./attackShared";

const { DAY, K, T0, MIN, paper, run, settle } = madeUpDay();

it("an older read overlapping a rename does not leave the paper's record with the old title", async () => {
  const [a, b, c] = ["2605.30001", "2605.30002", "2605.30003"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  // N, the newer read, saw the new paper and the rename: its paper records land, the rest is held.
  const n = T0 + 10 * MIN + 56_000;
  const slow = slowWrites(env.PAPERS, (key) => !key.startsWith("paper:"));
  const newer = run(n, { papers: [paper(a, 1, "The renamed title"), paper(b, 2), paper(c, 0)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  // O, stamped before N, read the page before the rename (with the new paper): all its writes land.
  const o = T0 + 10 * MIN;
  await settle(o, [paper(a, 1), paper(b, 2), paper(c, 0)]);
  // N's day record and summary land last.
  slow.release();
  await newer;
  expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.papers[0]!.title).toBe("The renamed title");
  expect(decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!.updated_at).toBe(new Date(n).toISOString());

  // Two later reads of the renamed page: the record of the paper has its new title.
  for (const t of [T0 + 20 * MIN, T0 + 30 * MIN])
    await settle(t, [paper(a, 3, "The renamed title"), paper(b, 2), paper(c, 1)]);
  expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.papers[0]!.title).toBe("The renamed title");
  expect(decodePaperRecord((await env.PAPERS.get(paperRecordKey(a)))!, a)!.paper?.title).toBe(
    "The renamed title",
  );
});
