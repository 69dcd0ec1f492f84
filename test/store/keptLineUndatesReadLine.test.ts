// A paper listed on the first day. A slow read of the second day finds it listed there too (O), and
// its writes wait. A read of the first day finds it renamed (N) and another paper gone from the page,
// whose line it keeps: the day record's read_at is that kept line's, older, and the renamed line, read
// at the record's own stamp, is given no read time of its own, so it reads as read with the kept line.
// The slow read's record of the paper (O, listing both days) then lands. The first day's summary is
// lost, and the repair pass, finding the history's newest point newer than every read the (missing)
// summary took in, takes the paper's record, read after the day record says the line was, over the
// line: no value holds N, the newest read's title.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, slowWrites, storedPaperRecord, untilBlocked } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.65801", "2605.65802", "2605.65803"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

it("a line read at the record's stamp beside an older kept line is dated at its read", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "O")]);
  await second.settle(T0 + MIN, [second.paper(c, 3)]);
  // A read of the second day finds x listed there too (O); its writes are slow.
  const slow = slowWrites(kv);
  const slowRead = second.run(T0 + 5 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 2, "O")],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  // A read of the first day finds x renamed N, and a no longer on the page: its line is kept.
  await first.settle(T0 + 10 * MIN, [first.paper(x, 4, "N")]);
  expect(await line(first.DAY), "the first day's line").toBe("N");
  // The slow read lands.
  slow.release();
  await slowRead;
  // The first day's summary is lost; the repair pass on both days.
  await kv.delete(first.K.summary);
  await first.run(T0 + 40 * MIN, { check: true });
  await second.run(T0 + 40 * MIN, { check: true });
  await first.run(T0 + 50 * MIN, { check: true });
  expect(await line(first.DAY), "the first day's line after the repair pass").toBe("N");
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("N");
});
