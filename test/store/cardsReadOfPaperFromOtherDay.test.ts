// A paper listed on one day, with its abstract and authors, appears on another day's page, where a
// read through the cards (titles, links and upvotes only) finds it new to that day. Its own record
// holds its content: the cards' empty abstract and author list are no content of the paper.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { dayRecordKey, paperLine } from "../../src/store/values/dayRecord";
import { madeUpDay, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.66101", "2605.66102", "2605.66103"];
const kv = env.PAPERS;

const cards = second.cards;

it("a cards read of a paper new to the day keeps the abstract and authors its own record holds", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "X")]);
  await second.settle(T0 + MIN, [second.paper(c, 3)]);
  await cards(T0 + 10 * MIN, [second.paper(c, 3), second.paper(x, 4, "X")]);
  const record = await storedPaperRecord(x);
  expect(record?.paper?.summary, "x's record's abstract").toBe(`Abstract of ${x}`);
  expect(record?.paper?.authors, "x's record's authors").toEqual(["Ada Lovelace"]);
  const onSecond = paperLine((await kv.get(dayRecordKey(second.DAY)))!, second.DAY, x);
  expect(onSecond?.content?.summary, "the second day's line's abstract").toBe(`Abstract of ${x}`);
  // The repair pass on both days changes none of it.
  for (const day of [first, second]) await day.run(T0 + 30 * MIN, { check: true });
  expect((await storedPaperRecord(x))?.paper?.summary, "x's record after the repair pass").toBe(
    `Abstract of ${x}`,
  );
});
