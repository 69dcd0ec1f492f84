// Reads of a paper listed on two days, overlapping, randomized and seeded, at fixed times; the
// harness, the runs it draws and what it checks are in twoDayReadsWider.ts.
import { describe, expect, it } from "vitest";
import { fixedTimesFuzz } from "./twoDayReadsWider";

/** Seeds run in CI: a few seconds. Wider sweeps: set the range here, not in CI. */
const SEEDS = Array.from({ length: 3000 }, (_, i) => i);

describe("reads of a paper listed on two days, overlapping", () => {
  it(`lose no paper, point or listing, and keep a stored rename (${SEEDS.length} seeds)`, {
    timeout: 600_000,
  }, async () => {
    const failing: string[][] = [];
    for (const seed of SEEDS) {
      const wrong = await fixedTimesFuzz(seed);
      if (wrong.length) failing.push(wrong);
    }
    expect(failing.slice(0, 3), `${failing.length} of ${SEEDS.length} seeds fail`).toEqual([]);
  });
});
