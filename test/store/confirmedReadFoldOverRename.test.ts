// A read of a day finds a paper renamed (and writes its record); a read after it finds the day as
// stored, the rename's counters and content, and writes nothing: its run record keeps what it
// confirmed, naming no content. A slower, older read of the day then lands its day record and summary
// of the old title. A fold of the confirming read alone (the rename's run record gone) finds the
// summary's content as the day record's metadata names it, takes the confirmation for counters seen
// with that content, merges them alone, and the summary says the old line was observed when the
// confirming read was, after the rename's read; the repair pass then writes the old title over the
// paper's record.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, runIdAt, slowWrites, storedPaperRecord, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN } = day;
const [a, b, x] = ["2605.65301", "2605.65302", "2605.65303"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = () => lineTitle(day.DAY, x);

it("a fold of a read that confirmed a rename as stored keeps the rename", async () => {
  await day.settle(T0, [day.paper(a, 1), day.paper(x, 2, "A")]);
  // An older read finding a new paper b reads the store; its writes wait.
  const slow = slowWrites(kv);
  const older = day.run(T0 + 5 * MIN, {
    papers: [day.paper(a, 1), day.paper(x, 2, "A"), day.paper(b, 4)],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  // A read finds x renamed; a read after it finds the day as stored, and writes nothing.
  const renamed = [day.paper(a, 2), day.paper(x, 3, "C"), day.paper(b, 4)];
  await day.settle(T0 + 10 * MIN, renamed);
  const confirming = await day.settle(T0 + 15 * MIN, renamed);
  expect(confirming.wrote, "the confirming read's writes").toEqual([]);
  expect(confirming.confirmed, "the confirming read's confirmation").toBeDefined();
  slow.release();
  await older;
  expect(await line(), "the day's line, the older read's").toBe("A");
  expect((await record())?.paper?.title, "x's record, the rename's").toBe("C");

  // A fold of the confirming read (the rename's run record gone), then the repair pass.
  await day.run(T0 + 25 * MIN, {
    observed: [{ runId: runIdAt(T0 + 15 * MIN), observation: confirming.confirmed!, confirmed: true }],
  });
  await day.run(T0 + 35 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
  expect(await line(), "the day's line after the repair pass").toBe("C");
});
