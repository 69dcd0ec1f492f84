// openWider.ts's seeds that failed, each fixed: the second day's line of a rename its own newer read
// found as the paper's record held it (new to that day), a stale read of that day landing over its day
// record and the paper's record (191); and a summary naming a newer read's content, with its renames,
// where a stale or middle read's day record of the old titles landed under it (x on the second day,
// 29142; x and y on the first, 6642).
import { describe, expect, it } from "vitest";
import { openFuzz } from "./openWider";

const SEEDS = [191, 29142, 6642];

describe("openWider's race, varied", () => {
  it.each(SEEDS)("seed %i keeps a stored rename and loses nothing", async (seed) => {
    expect(await openFuzz(seed)).toEqual([]);
  });
});
