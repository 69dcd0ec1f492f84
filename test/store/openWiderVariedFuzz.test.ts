// openWider.ts's race varied (`varied`): the second day's stale read (the old title A, at 6, 8, 11 or
// 13) drawn more often and renaming c there half the time, and a fold of that day's runs drawn more
// often and as early as 12. Seeds 27955, 95369 and 119920 of 0 to 119,999 fail (docs/overlapping-runs.md,
// "Open"). Then 0 to 1999, each run in CI; a sweep edits FROM and N.
import { expect, it } from "vitest";
import { openFuzz } from "./openWider";

const FROM = 0;
const N = 2000;

it(`seeds ${FROM} to ${FROM + N - 1} keep every stored rename`, { timeout: 600_000 }, async () => {
  const failing: string[] = [];
  for (let seed = FROM; seed < FROM + N; seed++) failing.push(...(await openFuzz(seed, false, true)));
  expect(failing.slice(0, 3), `${failing.length} lines of failing seeds`).toEqual([]);
});
