// Two reads of a day overlap: the older one shows a paper with a new count, the newer one's page does
// not show the paper, and it keeps it as stored (a read that lacks a stored paper keeps it). The newer
// read read the day before the older one's writes landed: it keeps the count stored before both, and
// dates it at its own read. Its summary, landing last, must not serve that count over the one the
// older read observed, nor its record put a point in the history that no read observed.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { storedDay } from "../stored";
import { madeUpDay, observedOf, slowWrites, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K, DAY } = day;
const [a, b] = ["2605.78301", "2605.78302"];
const kv = env.PAPERS;

it("a paper a newer read kept keeps the count an older read observed", async () => {
  await day.run(T0, { papers: [day.paper(a, 1), day.paper(b, 1)] });
  // The newer read reads the day first; its writes wait until the older read's have landed.
  const slow = slowWrites(kv);
  const newer = day.run(T0 + 2 * MIN, { papers: [day.paper(b, 3)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  const older = await day.run(T0 + MIN, { papers: [day.paper(a, 2), day.paper(b, 2)] });
  slow.release();
  const newerSettled = await newer;
  // The next run folds both runs' records; then the repair pass.
  const runs = [observedOf(T0 + MIN, older), observedOf(T0 + 2 * MIN, newerSettled)];
  await day.run(T0 + 20 * MIN, { observed: runs });
  await day.run(T0 + 30 * MIN, { check: true });
  const served = (await storedDay(DAY))?.papers.find((p) => p.id === a);
  expect(served?.upvotes, "the kept paper's upvotes").toBe(2);
  const points = decodeHistory((await kv.get(K.history))!, DAY)!.papers.get(a)?.points;
  expect(points?.at(-1)?.[1], "the kept paper's newest point").toBe(2);
});
