// A staged read is settled at its read's time, half an hour late: a run of another task may
// have read a day since. The index's last_success_at (/api/status) says when a run last read a
// day: the settling run must not move it back to its read's time.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ROUND_MS } from "../../src/core/schedule";
import { readIndex } from "../../src/store/days";
import { fakeOrigin } from "../fixtures";
import { forgetStored, NOW, runScrape } from "../helpers";

const NEWEST = "2026-05-18";
const MIN = 60_000;

it("the settling run does not move last_success_at back past a run that read since", async () => {
  const staging = await runScrape(fakeOrigin(), { targets: ["latest"], now: NOW, stage: "newest" });
  expect(staging.days[0]).toMatchObject({ outcome: "staged" });
  // The window task reads a day from the API ten minutes later.
  const window = await runScrape(fakeOrigin(), { targets: [NEWEST], now: NOW + 10 * MIN, stage: "window" });
  expect(window.days[0]).toMatchObject({ via: "api", outcome: "stored" });
  expect((await readIndex(env.PAPERS)).last_success_at).toBe(new Date(NOW + 10 * MIN).toISOString());
  await runScrape(fakeOrigin(), { targets: ["latest"], now: NOW + ROUND_MS, stage: "newest" });
  forgetStored();
  expect((await readIndex(env.PAPERS)).last_success_at).toBe(new Date(NOW + 10 * MIN).toISOString());
});
