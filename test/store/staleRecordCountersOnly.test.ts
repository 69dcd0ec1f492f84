// KV has no transactions: two runs of one step can read a day a moment apart, one before and
// one after a paper was renamed. When the older read's day record and paper record land after
// the newer read's, but the newer read's summary lands last, the summary names content that no
// stored record holds. A later read of that same content matches the summary: it must still
// put that content in the records, else the older title is served until the day's content
// changes again, and no repair can bring back what no value holds (found by
// overlapFuzz.test.ts, seed 20283).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { madeUpDay } from "./attackShared";

const { DAY, K, T0, MIN, paper, settle } = madeUpDay();
const titleOf = async (id: string) => ({
  day: decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!.papers.find((p) => p.id === id)?.title,
  own: decodePaperRecord((await env.PAPERS.get(paperRecordKey(id)))!, id)!.paper?.title,
});

it("a read of the content the summary names rewrites a day record and paper record an older read left", async () => {
  const [a, b] = ["2605.30001", "2605.30002"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  const older = {
    day: await env.PAPERS.getWithMetadata(K.day, "text"),
    own: (await env.PAPERS.get(paperRecordKey(a)))!,
  };
  await settle(T0 + MIN, [paper(a, 1, "The renamed title"), paper(b, 2)]);
  // The older read's records land after the newer read's; the newer read's summary stays.
  await env.PAPERS.put(K.day, older.day.value!, { metadata: older.day.metadata });
  await env.PAPERS.put(paperRecordKey(a), older.own);
  expect(await titleOf(a)).toEqual({ day: `Title ${a}`, own: `Title ${a}` });

  const next = await settle(T0 + 30 * MIN, [paper(a, 3, "The renamed title"), paper(b, 2)]);
  expect(next.contentWritten).toBe(true);
  expect(await titleOf(a)).toEqual({ day: "The renamed title", own: "The renamed title" });
  // The day is whole again: the read after takes the counters-only path and writes no content.
  const after = await settle(T0 + 60 * MIN, [paper(a, 4, "The renamed title"), paper(b, 2)]);
  expect(after.contentWritten).toBe(false);
  expect(after.wrote).not.toContain(K.day);
});

it("a day record whose metadata names no content (written before it did) is rewritten once, then read no more", async () => {
  const [a, b] = ["2605.30001", "2605.30002"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  const { value, metadata } = await env.PAPERS.getWithMetadata<{ count: number; content?: string }>(K.day);
  await env.PAPERS.put(K.day, value!, { metadata: { count: metadata!.count } });

  const first = await settle(T0 + 30 * MIN, [paper(a, 3), paper(b, 2)]);
  expect(first.wrote).toContain(K.day);
  expect((await env.PAPERS.getWithMetadata<{ content?: string }>(K.day)).metadata?.content).toMatch(
    /^[0-9a-f]{32}$/,
  );
  const second = await settle(T0 + 60 * MIN, [paper(a, 4), paper(b, 2)]);
  expect(second.wrote).toEqual([K.history, K.summary]);
});
