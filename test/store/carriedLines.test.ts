// Which lines a day record marks as carried from a paper's own record (DayRecord.lines_carried): a line
// the repair pass put in from the record, where the day record lacked the paper and no value names the
// day's content with it, stays marked through runs that read nothing of the page, and a read that finds
// the paper on the day's page (in full, or its cards with the same title) takes the mark off.
import { beforeEach, expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { heldByKind } from "./attackShared";
import { at, carriedIn, first, second } from "./replayShared";

const [a, c, x] = ["2605.78001", "2605.78002", "2605.78003"];
let kv: KVNamespace;

const carried = async () => {
  const text = await kv.get(second.K.day);
  return [...(decodeDayRecord(text!, second.DAY)?.lines_carried ?? [])];
};
const lineOf = async (id: string) =>
  decodeDayRecord((await kv.get(second.K.day))!, second.DAY)?.papers.find((p) => p.id === id)?.title;

// The repair pass has carried x into the second day from its record (A): replayShared.ts, carriedIn.
beforeEach(async () => {
  kv = await carriedIn([a, c, x]);
});

it("marks the line the repair pass put in from the paper's record, and no other", async () => {
  expect(await lineOf(x)).toBe("A");
  expect(await carried()).toEqual([x]);
});

it("keeps the mark through runs that read nothing of the page", async () => {
  await second.run(at(25), { observed: [], kv });
  await second.run(at(30), { check: true, kv });
  expect(await lineOf(x)).toBe("A");
  expect(await carried()).toEqual([x]);
});

it("takes the mark off where a read rewriting the day finds the paper on the day's page", async () => {
  await second.run(at(25), { papers: [second.paper(c, 3, "C2"), second.paper(x, 3, "A")], kv });
  expect(await lineOf(x)).toBe("A");
  expect(await carried()).toEqual([]);
});

it("takes the mark off where a read of the cards rewriting the day finds the paper with the line's title", async () => {
  await second.cards(at(25), [second.paper(c, 3, "C2"), second.paper(x, 3, "A")], kv);
  expect(await lineOf(x)).toBe("A");
  expect(await carried()).toEqual([]);
});

// A read at 25 finding the day as stored writes no day record, and the line stays marked: it is then as
// new as that read, and a stale page of the first day read at 22 (x renamed D there), whose paper record
// lands after it, does not go over it.
it.each([
  ["in full", (papers: ReturnType<typeof second.paper>[]) => second.run(at(25), { papers, kv })],
  ["through its cards", (papers: ReturnType<typeof second.paper>[]) => second.cards(at(25), papers, kv)],
])("dates a marked line at a read that found the day as stored (%s)", async (_, read) => {
  const stale = heldByKind(kv);
  await first.run(at(22), { papers: [first.paper(a, 2), first.paper(x, 2, "D")], kv: stale.kv });
  await read([second.paper(c, 3), second.paper(x, 3, "A")]);
  expect(await carried()).toEqual([x]);
  await stale.land("paper");
  await second.run(at(30), { check: true, kv });
  await second.run(at(35), { observed: [], kv });
  expect(await lineOf(x)).toBe("A");
});
