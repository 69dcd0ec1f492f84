// While the JSON API is down, every other window run settles the page its task's run before
// staged instead of reading a day of its own. With a window of an even number of weekdays
// (WINDOW_DAYS = 8 gives 6), a rotation that moves on by one day a round would then read only
// every other day of the window, never the rest.
import { expect, it } from "vitest";
import { ROUND_MS, RUN_SLOT_MS, taskOf } from "../../src/core/schedule";
import { scheduledRun } from "../../src/scrape/run";
import { fakeOrigin } from "../fixtures";
import { NOW, runScrape } from "../helpers";
import { storedDay } from "../stored";

it("with an even window and the API down, every window day with a list comes round", async () => {
  const apiDown = fakeOrigin((url) =>
    url.includes("/api/") ? new Response("down", { status: 503 }) : undefined,
  );
  const first = NOW + RUN_SLOT_MS;
  expect(taskOf(first)).toBe("window");
  const asked = new Set<string>();
  for (let round = 0; round < 24; round++) {
    const now = first + round * ROUND_MS;
    const { targets } = scheduledRun(now, 8, 1);
    const report = await runScrape(apiDown, { targets, now, stage: "window", config: { WINDOW_DAYS: 8 } });
    for (const d of report.days) asked.add(d.asked);
  }
  // The six weekdays before 2026-05-19, each asked for; the fixtures list Monday's, Friday's and
  // Thursday's (the others' pages show an older list).
  expect([...asked].sort()).toEqual([
    "2026-05-11",
    "2026-05-12",
    "2026-05-13",
    "2026-05-14",
    "2026-05-15",
    "2026-05-18",
  ]);
  for (const day of ["2026-05-18", "2026-05-15", "2026-05-14"])
    expect(await storedDay(day), day).not.toBeNull();
});
