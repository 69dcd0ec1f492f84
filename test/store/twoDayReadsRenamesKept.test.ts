// Seeds of twoDayReadsWiderTimesFuzz that a run record keeping the content of the papers its read
// renamed closes (Observation.renamed; docs/overlapping-runs.md, "Run records keep the renames").
// The harness and what it checks are in twoDayReadsWider.ts.
import { describe, expect, it } from "vitest";
import { widerTimesFuzz } from "./twoDayReadsWider";

/**
 * Seeds of 0 to 59999 that fail without the renames kept in run records: a middle read of the old
 * title made after the other day's read of the rename, the newer read's values all written over, and
 * the newer read's run taken into a summary naming the older content, so that no run folded it again.
 */
const SEEDS = [27822, 34044, 36709, 40382, 43503, 44194, 48200, 59107];

describe("reads of a paper listed on two days, overlapping, the renames run records keep", () => {
  it(`lose no paper, point or listing, and keep a stored rename (${SEEDS.length} seeds)`, {
    timeout: 600_000,
  }, async () => {
    const failing: string[][] = [];
    for (const seed of SEEDS) {
      const wrong = await widerTimesFuzz(seed);
      if (wrong.length) failing.push(wrong);
    }
    expect(failing.slice(0, 3), `${failing.length} of ${SEEDS.length} seeds fail`).toEqual([]);
  });
});
