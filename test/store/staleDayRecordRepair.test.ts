// KV has no transactions: a run that writes a day's record from content it read before another
// run renamed a paper (a fold putting back what a slower run undid, say) can land its record
// after that run's, while the renaming run's summary and the paper's own record stay. The day
// record then holds the old title, the summary names the new content's hash, and the paper's
// record, newer than the day record, holds the new title. The repair pass must not take the day
// record's old title over the newer values that agree with each other (found by
// stagedOverlapFuzz.test.ts, seed 5260).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { madeUpDay } from "./attackShared";

const { DAY, K, T0, MIN, paper, settle } = madeUpDay();

it("the repair pass keeps a rename the summary and the paper's record agree on over an older day record", async () => {
  const [a, b] = ["2605.30001", "2605.30002"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  const oldRecord = (await env.PAPERS.get(K.day))!;
  await settle(T0 + 10 * MIN, [paper(a, 1, "The renamed title"), paper(b, 2)]);
  // The older run's record lands last.
  await env.PAPERS.put(K.day, oldRecord);

  await settle(T0 + 20 * MIN, undefined, true);
  expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.papers.find((p) => p.id === a)?.title).toBe(
    "The renamed title",
  );
  expect(decodePaperRecord((await env.PAPERS.get(paperRecordKey(a)))!, a)!.paper?.title).toBe(
    "The renamed title",
  );
});

it("and takes the day record's content where it is the newer (its papers' records are older)", async () => {
  const [a, b] = ["2605.30001", "2605.30002"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  const oldSummary = (await env.PAPERS.get(K.summary))!;
  const oldPaper = (await env.PAPERS.get(paperRecordKey(a)))!;
  await settle(T0 + 10 * MIN, [paper(a, 1, "The renamed title"), paper(b, 2)]);
  // The older run's summary and paper record land last; the newer day record stays.
  await env.PAPERS.put(K.summary, oldSummary);
  await env.PAPERS.put(paperRecordKey(a), oldPaper);

  await settle(T0 + 20 * MIN, undefined, true);
  expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.papers.find((p) => p.id === a)?.title).toBe(
    "The renamed title",
  );
});

it("and keeps the rename when the stale day record carries a later version, and a read since confirmed the rename", async () => {
  const [a, b] = ["2605.30001", "2605.30002"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  const oldRecord = (await env.PAPERS.get(K.day))!;
  await settle(T0 + 10 * MIN, [paper(a, 1, "The renamed title"), paper(b, 2)]);
  // A merge that read the old record writes it last, stamped at its own later time, and its
  // metadata names the content the summary does (damaged since: a merge writes the hash of what
  // it holds), so the read since trusts the summary and writes counters only.
  const stamped = new Date(T0 + 11 * MIN).toISOString();
  const version = decodeDayRecord(oldRecord, DAY)!.updated_at!;
  const { metadata } = await env.PAPERS.getWithMetadata(K.day);
  await env.PAPERS.put(K.day, oldRecord.replace(`"updated_at":"${version}"`, `"updated_at":"${stamped}"`), {
    metadata,
  });
  expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.updated_at).toBe(stamped);
  // A read since sees the renamed content, which the summary names: counters only.
  const since = await settle(T0 + 20 * MIN, [paper(a, 5, "The renamed title"), paper(b, 2)]);
  expect(since.contentWritten).toBe(false);

  await settle(T0 + 30 * MIN, undefined, true);
  expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.papers.find((p) => p.id === a)?.title).toBe(
    "The renamed title",
  );
  expect(decodePaperRecord((await env.PAPERS.get(paperRecordKey(a)))!, a)!.paper?.title).toBe(
    "The renamed title",
  );
});
