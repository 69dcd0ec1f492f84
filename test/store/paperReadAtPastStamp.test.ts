// A paper's record of its old title, an older read's whose slower write landed last over the rename a
// newer read of the day found, has its read_at damaged to a few hours past its own stamp (less than a
// day past the run, so not marked as made by no run). A paper record is written with its content read
// no later than its stamp; dated at that read_at, the older title counts as read after every run that
// follows: the day's next read finds the rename as its line holds it and takes the record's old title
// over it, and the repair pass keeps the old title in the record: no value holds the newest read's.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { encodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN } = day;
const [a, x] = ["2605.64701", "2605.64702"];
const kv = env.PAPERS;

const own = async () => (await storedPaperRecord(x))?.paper?.title;
const line = () => lineTitle(day.DAY, x);

/** x's record of its old title as the first read wrote it, its read_at damaged to hours past its stamp. */
async function olderRecordLandsDamaged(older: string) {
  const record = JSON.parse(older);
  const ahead = new Date(T0 + 4 * 60 * MIN).toISOString();
  await kv.put(
    paperRecordKey(x),
    encodePaperRecord({
      listed_on: record.listed_on,
      paper: record.paper,
      updated_at: record.updated_at,
      read_at: ahead,
    }),
  );
}

it.each([
  ["the day's next read", () => day.settle(T0 + 20 * MIN, [day.paper(a, 1), day.paper(x, 2, "C")])],
  ["the repair pass", () => day.run(T0 + 20 * MIN, { check: true })],
])("a paper record's read_at past its own stamp does not date its old title after %s", async (_, next) => {
  await day.settle(T0, [day.paper(a, 1), day.paper(x, 2, "A")]);
  const older = (await kv.get(paperRecordKey(x)))!;
  await day.settle(T0 + 10 * MIN, [day.paper(a, 1), day.paper(x, 2, "C")]);
  expect(await own(), "x's record after the rename's read").toBe("C");
  await olderRecordLandsDamaged(older);

  await next();
  expect(await line(), "the day's line").toBe("C");
  await day.run(T0 + 30 * MIN, { check: true });
  expect(await line(), "the day's line after the repair pass").toBe("C");
  expect(await own(), "x's record after the repair pass").toBe("C");
});
