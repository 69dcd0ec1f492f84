// A paper new to its first day, listed on its second. A read of the first day finds it renamed (a
// read of the second day found that first), and both its day record and summary and its record of
// the paper are undone: a slower, older read of the first day lands the old line, and a slower read
// of the second day its record of the rename, written before the first day listed the paper, so
// lacking that day. A fold of the first day's read (its observation naming the content it wrote, or
// none) left the old line (the paper's record does not list the day, so was not taken for what that
// read found), put the day back in the record, and wrote a summary saying the old line was observed
// when that read was; the repair pass then dated the old line after the rename's read and wrote the
// old title over the paper's record.
// In the last case the newer read's run record is gone (expired, or never written): the older read's
// history write landed first, and the newer read's point stays. The repair pass, finding the
// history's newest point newer than every read the summary took in, did not take the paper's record
// of the rename for what that point's read found, since the record lacks the day, and wrote a summary
// saying the old line was observed when that point was; the next repair pass wrote the old title over
// the paper's record.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  lineTitle,
  madeUpDay,
  observedOf,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.64801", "2605.64802", "2605.64803"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

/**
 * Up to the first day's newer read of x renamed, undone by the older read's writes and the second
 * day's slower record of the rename; with `keepHistory`, the newer read's history point stays (the
 * older read's history write landed first). The newer read's result.
 */
async function renameUndone({ keepHistory = false } = {}) {
  await first.settle(T0, [first.paper(a, 1)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);

  // A read of the second day finds x renamed; it reads the store, its writes wait.
  const slowSecond = slowWrites(kv);
  const renaming = second.run(T0 + 10 * MIN, {
    papers: [second.paper(c, 3), second.paper(x, 2, "C")],
    kv: slowSecond.kv,
  });
  await untilBlocked(slowSecond.blocked);
  // An older read of the first day, listing x there first, reads the store; its writes wait.
  const slowFirst = slowWrites(kv);
  const older = first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A")],
    kv: slowFirst.kv,
  });
  await untilBlocked(slowFirst.blocked);
  // A newer read of the first day finds x renamed (and, where its point is kept, new counts), and
  // writes whole.
  const read = await first.settle(T0 + 15 * MIN, [
    first.paper(a, keepHistory ? 2 : 1),
    first.paper(x, keepHistory ? 3 : 2, "C"),
  ]);
  const history = keepHistory ? await kv.get(first.K.history) : null;
  slowFirst.release();
  await older;
  if (history !== null) await kv.put(first.K.history, history);
  slowSecond.release();
  await renaming;
  expect(await line(first.DAY), "the first day's line, the older read's").toBe("A");
  expect((await record())?.paper?.title, "x's record, the second day's read's").toBe("C");
  expect((await record())?.listed_on, "x's record, written before the first day listed x").not.toContain(
    first.DAY,
  );
  return read;
}

async function renameKept(after: string) {
  expect((await record())?.paper?.title, `x's record after ${after}`).toBe("C");
  expect(await line(second.DAY), "the second day's line").toBe("C");
  expect(await line(first.DAY), "the first day's line").toBe("C");
}

it.each([
  ["names its content", false],
  ["names no content", true],
])(
  "a fold of a read that found a rename, whose observation %s, keeps it where the paper's record lacks the day",
  async (_, bare) => {
    const read = await renameUndone();
    // A fold of the first day's newer read (its observation naming its content, or none: a run record
    // written before observations carried it, or its hash damaged); then the repair pass.
    const o = observedOf(T0 + 15 * MIN, read, { wrote: true });
    const { content: _gone, ...contentless } = o.observation;
    await first.run(T0 + 25 * MIN, { observed: [bare ? { ...o, observation: contentless } : o] });
    for (const day of [first, second]) await day.run(T0 + 35 * MIN, { check: true });
    await renameKept("the repair pass");
  },
);

it("the repair pass under a history point newer than the summary keeps a rename whose record lacks the day", async () => {
  // The newer read's run record is gone since (expired, or never written).
  await renameUndone({ keepHistory: true });
  // Upstream down: the repair pass on both days, twice.
  for (const step of [25, 35])
    for (const day of [first, second]) await day.run(T0 + step * MIN, { check: true });
  await renameKept("the repair passes");
});
