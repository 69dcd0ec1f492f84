// A read adds a paper to the day: its day record lands, its summary and history have not yet (a
// run's writes land one after another, and KV has no transactions). A newer read of the day that
// does not show the paper reads the day meanwhile: the record lists the paper, and no value holds
// its counts. The newer read keeps the paper, and must not write a count nobody observed for it,
// dated at its own read, over the count the older read observed.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { storedDay } from "../stored";
import { madeUpDay, observedOf, slowWrites, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K, DAY } = day;
const [a, b, added] = ["2605.78101", "2605.78102", "2605.78103"];
const kv = env.PAPERS;

it("a paper a slower read added keeps the count that read observed", async () => {
  await day.run(T0, { papers: [day.paper(a, 1), day.paper(b, 1)] });
  // The older read's paper records and day record land; its other writes wait.
  const slow = slowWrites(kv, (key) => key !== K.day && !key.startsWith("paper:"));
  const older = day.run(T0 + MIN, {
    papers: [day.paper(a, 2), day.paper(b, 2), day.paper(added, 7)],
    kv: slow.kv,
  });
  await untilBlocked(slow.blocked);
  // The newer read, of a page that no longer shows the paper, settles the day whole.
  const newer = await day.run(T0 + 2 * MIN, { papers: [day.paper(a, 3), day.paper(b, 3)] });
  slow.release();
  const olderSettled = await older;
  // The next run folds both runs' records; then the repair pass.
  const runs = [observedOf(T0 + MIN, olderSettled), observedOf(T0 + 2 * MIN, newer)];
  await day.run(T0 + 20 * MIN, { observed: runs });
  await day.run(T0 + 30 * MIN, { check: true });
  const served = (await storedDay(DAY))?.papers.find((p) => p.id === added);
  expect(served?.upvotes, "the added paper's upvotes").toBe(7);
});
