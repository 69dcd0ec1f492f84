// A paper listed on two days, renamed on the second. The first day's record carries a damaged read
// time for the paper's line: half a day past the record's stamp, within the day a line may be read
// after it (an older read keeping a paper's newer record dates that line at the record's read), so
// the codec keeps it. A read of the second day finds the rename and writes the paper's record; a run
// of the first day that read nothing of it (a fold, the repair pass) or a fresh read of it made
// before that damaged time then takes the line for newer than the rename, and writes the old title
// over the paper's record, or keeps it over the fresh read's.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, c, x] = ["2605.72001", "2605.72002", "2605.72003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const own = async () => (await storedPaperRecord(x))?.paper?.title;

/** The first day's record with x's line said to be read half a day past the record's stamp. */
async function damageLineRead() {
  const { value, metadata } = await kv.getWithMetadata<string>(first.K.day);
  const stamp = /"updated_at":"([^"]+)"/.exec(value!)![1]!;
  const ahead = new Date(Date.parse(stamp) + 12 * 60 * MIN).toISOString();
  const damaged = value!.replace('"papers":[', `"lines_read_at":{"${x}":"${ahead}"},"papers":[`);
  expect(damaged).not.toBe(value);
  await kv.put(first.K.day, damaged, metadata ? { metadata } : {});
}

it("a line's damaged read time past the stamp does not make the repair pass write the old title over a rename", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2)]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2)]);
  await damageLineRead();

  await second.settle(T0 + 10 * MIN, [second.paper(c, 3), second.paper(x, 2, renamed)]);
  expect(await own(), "x's record after the rename's read").toBe(renamed);

  await first.run(T0 + 20 * MIN, { observed: [] });
  await first.run(T0 + 30 * MIN, { check: true });
  await second.run(T0 + 30 * MIN, { check: true });
  await second.run(T0 + 40 * MIN, { observed: [] });
  expect(await own(), "x's record after the repair pass").toBe(renamed);
  expect(await lineTitle(second.DAY, x), "the second day's line").toBe(renamed);
});

it("a line's damaged read time past the stamp does not make a newer fresh read of the day an older one", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2)]);
  await damageLineRead();
  await first.settle(T0 + 10 * MIN, [first.paper(a, 1), first.paper(x, 2, renamed)]);
  await first.run(T0 + 20 * MIN, { check: true });
  expect(await lineTitle(first.DAY, x), "the day's line").toBe(renamed);
  expect(await own(), "x's record").toBe(renamed);
});
