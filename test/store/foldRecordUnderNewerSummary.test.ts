// KV has no transactions: a fold (a run that did not read the day) writes the day record from
// what it read before a newer read renamed a paper, stamped at its own earlier time, and it lands
// after the newer read's day record; the newer read's summary lands last. The fold's record names
// its own content hash in its metadata (the older lines), not the summary's. A run with no fresh
// read of the day (a merge of the fold's observation, upstream down) then takes the counters-only
// path, which asks nothing of the day record when there is no fresh read (settle.ts, the
// `fresh.size ? recordNames === content : wroteAt.size === 0` test): the older title is served
// for good, and the runs after, whose summary names every run, never look again (found by
// overlapFuzz.test.ts, seed 47480).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { type DayMeta, decodeDayRecord, encodeDayRecord } from "../../src/store/values/dayRecord";
import { decodeSummary } from "../../src/store/values/summary";
import { madeUpDay, runIdAt } from "./attackShared";

const { DAY, K, T0, MIN, paper, run, settle } = madeUpDay();
const SEC = 1000;

it("a fold's older day record landed under a newer read's summary is rewritten by the next merge", async () => {
  const [a, b] = ["2605.30001", "2605.30002"];
  await settle(T0, [paper(a, 1, "The old title"), paper(b, 2)]);
  const older = await env.PAPERS.getWithMetadata<DayMeta>(K.day, "text");
  const olderRecord = decodeDayRecord(older.value!, DAY)!;

  // The newer read (+53s) writes the paper record, the day record and the summary.
  const newer = T0 + 10 * MIN + 53 * SEC;
  await settle(newer, [paper(a, 3, "The new title"), paper(b, 2)]);
  const summary = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;

  // The fold (+13s) writes its day record after it, from the older lines, stamped at its own
  // time, its metadata naming the hash of those older lines.
  const fold = T0 + 10 * MIN + 13 * SEC;
  await env.PAPERS.put(K.day, encodeDayRecord({ ...olderRecord, updated_at: new Date(fold).toISOString() }), {
    metadata: older.metadata!,
  });
  expect(older.metadata!.content).not.toBe(summary.content);

  // The next run, upstream down, merges the fold's observation (the summary lacks its run).
  await run(T0 + 20 * MIN, {
    observed: [
      {
        runId: runIdAt(fold),
        observation: {
          date: DAY,
          at: Math.floor(newer / 1000),
          ids: summary.ids,
          counters: summary.counters,
        },
        wrote: [],
      },
    ],
  });
  const day = decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!;
  expect(day.papers.find((p) => p.id === a)?.title).toBe("The new title");
  expect((await env.PAPERS.getWithMetadata<DayMeta>(K.day)).metadata?.content).toBe(summary.content);
});
