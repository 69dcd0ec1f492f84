// openWider.ts's seeds that still fail on main: 67803, a line a repair pass carried to a paper's other
// day from its record (a stale read of the first day), kept there over the record of the rename read
// after it (test/store/carriedLineUnderNewerRecord.test.ts has the race by hand).
import { expect, it } from "vitest";
import { openFuzz } from "./openWider";

it.each([67803])("seed %i keeps a stored rename", async (seed) => {
  expect(await openFuzz(seed)).toEqual([]);
});
