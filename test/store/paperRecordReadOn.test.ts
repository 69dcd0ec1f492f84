// A paper's record says which day's page its content was read from (read_on): written by the read
// that found it, kept where a run keeps the record's content, read back where it is a real day, and
// absent (saying nothing) in records written before or where damaged.
import { expect, it } from "vitest";
import {
  decodePaperRecord,
  encodePaperRecord,
  lineReadOnOtherDay,
  paperRecordKey,
  readOnOtherDay,
} from "../../src/store/values/paperRecord";
import { memoryKv } from "../memoryKv";
import { first, second } from "./replayShared";

const { T0, MIN } = first;
const x = "2605.77103";
const content = (title: string) => {
  const { upvotes: _u, date: _d, ...p } = second.paper(x, 1, title);
  return p;
};

it("round-trips, and a record without it or with a damaged one says nothing of the page", () => {
  const record = { listed_on: [second.DAY], paper: content("A"), updated_at: "2026-05-19T00:30:00.000Z" };
  const text = encodePaperRecord({ ...record, read_on: first.DAY });
  expect(decodePaperRecord(text, x)?.read_on).toBe(first.DAY);
  expect(decodePaperRecord(encodePaperRecord(record), x)?.read_on).toBeUndefined();
  for (const damaged of ['"2026-02-30"', '"yesterday"', "20260518", "null"]) {
    const read = decodePaperRecord(text.replace(`"${first.DAY}"`, damaged), x);
    expect(read?.read_on, damaged).toBeUndefined();
    expect(read?.paper?.title, damaged).toBe("A");
  }
});

it("a record of another day's page holding the day's line is told apart; one of this day's, or one without it, is not", () => {
  const record = { listed_on: [first.DAY, second.DAY], paper: content("A") };
  expect(readOnOtherDay({ ...record, read_on: first.DAY }, second.DAY)).toBe(true);
  expect(lineReadOnOtherDay({ ...record, read_on: first.DAY }, second.DAY, content("A"))).toBe(true);
  expect(lineReadOnOtherDay({ ...record, read_on: first.DAY }, second.DAY, content("C"))).toBe(false);
  expect(lineReadOnOtherDay({ ...record, read_on: second.DAY }, second.DAY, content("A"))).toBe(false);
  expect(lineReadOnOtherDay(record, second.DAY, content("A"))).toBe(false);
});

it("a read writes the day whose page it read, on either day", async () => {
  const kv = memoryKv();
  const stored = async () => decodePaperRecord((await kv.get(paperRecordKey(x)))!, x);
  await second.run(T0, { papers: [second.paper(x, 1, "A")], kv });
  expect((await stored())?.read_on).toBe(second.DAY);
  await first.run(T0 + MIN, { papers: [first.paper(x, 2, "C")], kv });
  expect(await stored()).toMatchObject({ read_on: first.DAY, paper: { title: "C" } });
});
