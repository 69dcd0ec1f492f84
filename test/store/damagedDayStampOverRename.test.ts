// A paper listed on two days, renamed on the second. The first day's record carries a damaged
// stamp, a year ahead of every run (valid as a time, so read as one); or its summary says it was
// observed then. A read of the second day
// finds the rename and writes the paper's record. The repair pass on the first day then weighs
// that record against when the first day's content was last written, takes the damaged stamp for
// that time (or the summary's damaged read), finds the record no newer than the day, and writes the day's old title over it: the
// paper's own record keeps an older title than its days' newest read, and every later run of the
// first day (the damaged stamp stays on a record whose lines do not move) does the same.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.60001", "2605.60002", "2605.60003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const own = async () => (await storedPaperRecord(x))?.paper?.title;
const line = (day: string) => lineTitle(day, x);

const AHEAD = "2027-05-18T00:00:00.000Z";

/** A value's stamp `field` set a year ahead, as stored otherwise (its metadata kept). */
async function damage(key: string, field: string) {
  const { value, metadata } = await kv.getWithMetadata(key);
  const damaged = value!.replace(new RegExp(`"${field}":"[^"]+"`), `"${field}":"${AHEAD}"`);
  expect(damaged, `${key} has ${field}`).not.toBe(value);
  await kv.put(key, damaged, metadata ? { metadata } : {});
}

it.each([
  ["the day record's stamp", () => damage(first.K.day, "updated_at")],
  ["the summary's observed_at", () => damage(first.K.summary, "observed_at")],
])(
  "%s, damaged, does not make a rename read on the paper's other day older than its line",
  async (_, damaged) => {
    await first.settle(T0, [first.paper(a, 1), first.paper(x, 2)]);
    await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2)]);
    await damaged();

    // The second day's read finds x renamed: x's record takes the rename.
    await second.settle(T0 + 10 * MIN, [second.paper(c, 3), second.paper(x, 2, renamed)]);
    expect(await own(), "x's record after the rename's read").toBe(renamed);

    // Upstream down: the runs after fold nothing new; then the repair pass on both days.
    await first.run(T0 + 20 * MIN, { observed: [] });
    expect(await own(), "x's record after the first day's next run").toBe(renamed);
    await first.run(T0 + 30 * MIN, { check: true });
    await second.run(T0 + 30 * MIN, { check: true });
    expect(await own(), "x's record after the repair pass").toBe(renamed);
    expect(await line(second.DAY), "the second day's line").toBe(renamed);
  },
);
