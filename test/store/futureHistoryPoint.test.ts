// The repair pass takes the newest counters known for a paper and never moves one backwards.
// A history point dated in the far future was written by no run (a point is a run's
// observation, at the run's time): it must not count as the newest observation.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeSummary } from "../../src/store/values/summary";
import { fakeOrigin } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { dayKeys, repairPass } from "../stored";

const DAY = "2026-05-15";
const K = dayKeys(DAY);
const summaryOf = async () => decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;

it("a history point in the year 9000 saying 0 upvotes does not make the repair pass move the paper's upvotes back", async () => {
  await runScrape(fakeOrigin(), { targets: [DAY] });
  const before = await summaryOf();
  const id = before.ids.findIndex((_, i) => before.counters[i]!.upvotes > 0);
  expect(id).toBeGreaterThanOrEqual(0);
  const raw = JSON.parse((await env.PAPERS.get(K.history))!);
  raw.papers[before.ids[id]!].u += `,${Date.parse("9000-01-01T00:00:00Z") / 1000}:0`;
  await env.PAPERS.put(K.history, JSON.stringify(raw));
  await repairPass({ date: DAY, now: LATER, settledBefore: "2026-05-01" });
  const after = await summaryOf();
  expect(after.counters[after.ids.indexOf(before.ids[id]!)]!.upvotes).toBe(before.counters[id]!.upvotes);
});
