// A fold that read the store before a read found a paper renamed, and wrote after it, lands its
// day record of the old line stamped past that read, with a summary that lacks the read. A read
// made before the rename then finds the day's content as the fold's record has it, and moves the
// counters alone: the summary is of another version than the day record now. The rename's read
// left no run record (its run ended before writing it), so no fold takes its paper record back;
// the repair pass weighs that record against the day record's stamp, later than it, though the
// record's lines were read before it, counts it as older than the day, and writes the old title
// over it.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, observedOf, overlapping, storedPaperRecord } from "./attackShared";

const { T0, MIN, paper, run, settle, undoneRead, DAY } = madeUpDay();
const [a, b, x] = ["2605.64401", "2605.64402", "2605.64403"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = () => lineTitle(DAY, x);

it("the repair pass leaves a rename's paper record under a day record stamped later of older lines", async () => {
  await settle(T0, [paper(a, 1), paper(x, 2, "A")]);
  // A read finding a new paper b is undone by a slower run's day record and summary.
  const undone = await undoneRead(T0 + 2 * MIN, [paper(a, 1), paper(x, 2, "A"), paper(b, 4)]);
  // A fold of it reads the store; its writes wait. The rename's read runs whole; then the fold's
  // day record (the old line, with b) and summary land over the read's.
  await overlapping(
    kv,
    (slow) =>
      run(T0 + 20 * MIN, { observed: [observedOf(T0 + 2 * MIN, undone.settled, { wrote: true })], kv: slow }),
    () => settle(T0 + 15 * MIN, [paper(a, 1), paper(x, 2, "C"), paper(b, 4)]),
  );
  expect(await line(), "the day's line, the fold's").toBe("A");
  expect((await record())?.paper?.title, "x's record, the rename's").toBe("C");

  // A read made before the rename, slow to write, finds the fold's content with other counts.
  await settle(T0 + 5 * MIN, [paper(a, 7), paper(x, 2, "A"), paper(b, 4)]);

  // The repair pass, twice.
  await run(T0 + 30 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair pass").toBe("C");
  await run(T0 + 40 * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the next repair pass").toBe("C");
});
