// The settled-day rule serve derives archive documents from must match what the scheduled
// runs really re-read (scrape/run.ts): no run re-reads a day before firstUnsettledDay.
import { describe, expect, it } from "vitest";
import { firstUnsettledDay } from "../../src/core/settled";
import { windowTargets } from "../../src/scrape/run";

describe("firstUnsettledDay", () => {
  it("is the oldest day any scheduled run of that day re-reads, for every window and rotation", () => {
    const day = Date.parse("2026-05-19T00:00:00Z");
    for (const windowDays of [0, 1, 3, 7, 30])
      for (const perRun of [1, 2, 7, 30]) {
        const reread = new Set<string>();
        // Every run of the day (every 30 minutes), so the rotation visits the whole window.
        for (let t = day; t < day + 86_400_000; t += 1_800_000)
          for (const target of windowTargets(t, windowDays, perRun))
            if (target !== "latest") reread.add(target);
        const first = firstUnsettledDay(day + 3_600_000, windowDays);
        for (const d of reread) expect(d >= first, `${windowDays}/${perRun}: ${d}`).toBe(true);
        if (windowDays > 0) expect([...reread].sort()[0]).toBe(first);
      }
  });
});
