// A paper listed on two days. A read of the first day through the cards (a partial read: titles,
// links and upvotes only) finds the paper renamed, N, and writes the day's line and the paper's record
// of N; it dates both at when the day's content was last read, before its own read, since the line it
// writes is the stored line with the card's title and the card's content is not the line's. A read of
// the second day made before the cards' read and settled after it (a staged read) finds the old title,
// O, and a paper new to that day: the paper's record says N was read before it, so the staged read
// writes O over it. The first day's summary is then lost, and the repair pass, finding the history's
// newest point newer than every read the (missing) summary took in, takes the paper's record, read
// after the day record says its lines were, over the day's line: no value holds N, the newest read's.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, d, x] = ["2605.65601", "2605.65602", "2605.65604", "2605.65603"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

const cards = first.cards;

it("a rename read through the cards is dated at its read, not at the day's older lines", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "O")]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "O")]);
  // The cards of the first day show x renamed N.
  await cards(T0 + 10 * MIN, [first.paper(a, 1), first.paper(x, 4, "N")]);
  expect(await line(first.DAY), "the first day's line, the cards'").toBe("N");
  expect((await record())?.paper?.title, "x's record, the cards'").toBe("N");
  // A staged read of the second day made before the cards', settled after, finds O.
  await second.run(T0 + 5 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 2, "O"), second.paper(d, 1)],
    versionAt: T0 + 30 * MIN,
  });
  // The first day's summary is lost; the repair pass on both days.
  await kv.delete(first.K.summary);
  await first.run(T0 + 40 * MIN, { check: true });
  await second.run(T0 + 40 * MIN, { check: true });
  await first.run(T0 + 50 * MIN, { check: true });
  expect(await line(first.DAY), "the first day's line after the repair pass").toBe("N");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("N");
});
