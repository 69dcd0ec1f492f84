// The bench's A/B arithmetic (bench/workerd/runStats.ts): runs, not samples, are the unit.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ratioInterval, readRuns, seeded, verdictOf } from "../../bench/workerd/runStats";

/** `runs` runs of `n` samples each: a run's own level times the sample's noise. */
function runsOf(level: number, runShift: number, runs: number, seed: number, n = 16): number[][] {
  const random = seeded(seed);
  return Array.from({ length: runs }, () => {
    const run = level * (1 + runShift * (random() - 0.5));
    return Array.from({ length: n }, () => run * (1 + 0.2 * (random() - 0.5)));
  });
}

describe("comparing two sets of bench runs", () => {
  it("calls a change half as dear again dearer, and the same code within the noise", () => {
    const a = runsOf(4, 0.1, 4, 1);
    expect(verdictOf(ratioInterval(a, runsOf(6, 0.1, 4, 2)))).toBe("dearer");
    expect(verdictOf(ratioInterval(a, runsOf(2, 0.1, 4, 3)))).toBe("cheaper");
    expect(verdictOf(ratioInterval(a, runsOf(4, 0.1, 4, 4)))).toBe("within the noise");
  });

  it("widens the interval by how much runs of the same code differ, not only by their samples", () => {
    // Runs that move together by up to a third: the interval must cover that.
    const steady = ratioInterval(runsOf(4, 0, 4, 5), runsOf(4, 0, 4, 6));
    const shifting = ratioInterval(runsOf(4, 0.66, 4, 5), runsOf(4, 0.66, 4, 6));
    expect(shifting[1] - shifting[0]).toBeGreaterThan(2 * (steady[1] - steady[0]));
  });

  it("gives the same interval on every run of the comparison", () => {
    const a = runsOf(4, 0.3, 4, 7);
    const b = runsOf(5, 0.3, 4, 8);
    expect(ratioInterval(a, b)).toEqual(ratioInterval(a, b));
  });
});

describe("reading runs over their control", () => {
  it("divides each scheduled run by the control right after it, and leaves out rows without one", () => {
    const file = join(mkdtempSync(join(tmpdir(), "bench-stats-")), "run.json");
    const samples = {
      "scheduled: a run": { total: [2, 6, 3], main: [2, 5, 3], control: [4, 6, 2] },
      "one day | Atom": { total: [1, 2], main: [1, 2] },
    };
    writeFileSync(file, JSON.stringify({ mode: "workerd", at: "", samples }));
    expect([...readRuns([file], "perControl")]).toEqual([["scheduled: a run", [[0.5, 1, 1.5]]]]);
    expect(readRuns([file, file], "total").get("one day | Atom")).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });
});
