// A window run that reads a day from its page stages it and reads no more of its targets, and
// the task's next run only settles it. With DAYS_PER_RUN covering the whole window (the paid
// plan's setting, README), every window run's targets are the same days in the same order:
// while the JSON API is down, each staging run reads the first of them, and the rest of the
// window is never read again.
import { expect, it } from "vitest";
import { ROUND_MS, RUN_SLOT_MS, taskOf } from "../../src/core/schedule";
import { scheduledRun } from "../../src/scrape/run";
import { fakeOrigin } from "../fixtures";
import { NOW, runScrape } from "../helpers";
import { storedDay } from "../stored";

it("with DAYS_PER_RUN covering the window and the API down, every window day with a list comes round", async () => {
  const apiDown = fakeOrigin((url) =>
    url.includes("/api/") ? new Response("down", { status: 503 }) : undefined,
  );
  const first = NOW + RUN_SLOT_MS;
  expect(taskOf(first)).toBe("window");
  for (let round = 0; round < 10; round++) {
    const now = first + round * ROUND_MS;
    const { targets } = scheduledRun(now, 7, 7);
    await runScrape(apiDown, { targets, now, stage: "window", config: { DAYS_PER_RUN: 7 } });
  }
  // The fixtures' pages of the window: Monday's, Friday's and Thursday's lists.
  for (const day of ["2026-05-18", "2026-05-15", "2026-05-14"])
    expect(await storedDay(day), day).not.toBeNull();
});
