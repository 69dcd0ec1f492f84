// A day record's lines read one by one (dayLines), and the JSON API's papers written around
// a checked line (listedPaperJson): copied text must mean exactly what serializing the
// checked paper would, and a line that says more than was checked is never copied.
import { describe, expect, it } from "vitest";
import { type Counters, contentOf, listedPaper, listedPaperJson } from "../../src/core/paper";
import { dayLines, encodeDayRecord } from "../../src/store/values/dayRecord";
import { SAMPLE } from "../serve/render/sample";

const DAY = "2026-05-15";
const CONTENT = { ...contentOf(SAMPLE), organization: { name: "acme", fullname: "Acme Labs" } };
const record = (line?: (l: string) => string) => {
  const text = encodeDayRecord({
    date: DAY,
    via: "page",
    updated_at: "2026-05-15T10:00:00.000Z",
    papers: [CONTENT],
    invalid: [],
  });
  return line ? text.replace(/\n(\{"id".*)\n/, (_, l: string) => `\n${line(l)}\n`) : text;
};
const read = (text: string) => dayLines(text, DAY, new Set([CONTENT.id]), true)?.get(CONTENT.id);
const COUNTERS: Counters[] = [
  { upvotes: 7 },
  { upvotes: 7, num_comments: 0, github_stars: 12 },
  { upvotes: 0, github_stars: 3 },
];

describe("a paper written around its stored line", () => {
  it("is checked for copying only for an answer that copies it: the same content either way", () => {
    const copying = dayLines(record(), DAY, new Set([CONTENT.id]), true)?.get(CONTENT.id);
    const other = dayLines(record(), DAY, new Set([CONTENT.id]), false)?.get(CONTENT.id);
    expect(copying?.afterId).toBeDefined();
    expect(other?.afterId).toBeUndefined();
    expect(other?.content).toEqual(copying?.content);
  });

  it.each(COUNTERS)("means what its serialization means, keys in the same order (%o)", (counters) => {
    const line = read(record());
    expect(line?.afterId).toBeDefined();
    const built = listedPaper(line!.content, counters, DAY);
    const copied = JSON.parse(listedPaperJson(CONTENT.id, counters, DAY, line!.afterId!));
    expect(copied).toEqual(built);
    expect(Object.keys(copied)).toEqual(Object.keys(built));
    expect(Object.keys(copied.organization)).toEqual(["name", "fullname"]);
  });

  it.each([
    [
      "a key it does not declare",
      (l: string) => l.replace('"title":', '"upvotes":"1,\\"injected\\":true","title":'),
    ],
    [
      "a key it does not declare, nested",
      (l: string) => l.replace('"name":"acme"', '"name":"acme","evil":1'),
    ],
    ["counters", (l: string) => l.replace('"title":', '"upvotes":3,"title":')],
    ["a member written twice", (l: string) => l.replace('"title":', '"title":12,"title":')],
    ["a nested member written twice", (l: string) => l.replace('"name":"acme"', '"name":null,"name":"acme"')],
    [
      "its members in another order",
      (l: string) => l.replace(/("arxiv_url":"[^"]*"),("pdf_url":"[^"]*")/, "$2,$1"),
    ],
  ])("is not copied when the line holds %s, and the checked paper is still read", (_, change) => {
    const line = read(record(change));
    expect(line?.content).toEqual(CONTENT);
    expect(line?.afterId).toBeUndefined();
  });

  it("is copied when its strings hold quotes, colons and backslashes", () => {
    const tricky = { ...CONTENT, title: 'a": "b" :c \\', summary: '\\":x ":' };
    const text = encodeDayRecord({
      date: DAY,
      via: "page",
      updated_at: "2026-05-15T10:00:00.000Z",
      papers: [tricky],
      invalid: [],
    });
    const line = read(text);
    expect(line?.content).toEqual(tricky);
    expect(JSON.parse(listedPaperJson(tricky.id, { upvotes: 1 }, DAY, line!.afterId!))).toEqual(
      listedPaper(tricky, { upvotes: 1 }, DAY),
    );
  });

  it("is not read at all when a declared value does not validate", () => {
    expect(read(record((l) => l.replace(/"title":"[^"]*"/, '"title":12')))).toBeUndefined();
  });
});

describe("a day record's lines, parsed once an isolate", () => {
  const second = { ...CONTENT, id: "2605.00002", title: "Second" };
  const third = { ...CONTENT, id: "2605.00003", title: "Third" };
  const recordOf = (
    date: string,
    papers = [CONTENT, second, third],
    updated_at = "2026-05-15T10:00:00.000Z",
  ) => encodeDayRecord({ date, via: "page", updated_at, papers, invalid: [] });
  const ids = (...list: string[]) => new Set(list);

  it("gives the lines parsed before from the same text, frozen, and what an answer does to them does not reach the next", () => {
    const text = recordOf("2026-05-16");
    const first = dayLines(text, "2026-05-16", ids(CONTENT.id, third.id), true)!;
    // Another string of the same characters, as the next KV read gives.
    const again = dayLines(text.split("").join(""), "2026-05-16", ids(CONTENT.id, third.id), true)!;
    expect(again.get(third.id)).toBe(first.get(third.id));
    expect(Object.isFrozen(again.get(third.id)!.content.authors)).toBe(true);
    expect(() => {
      (again.get(third.id)!.content as { title: string }).title = "changed";
    }).toThrow(TypeError);
    expect(dayLines(text, "2026-05-16", ids(third.id), true)?.get(third.id)?.content.title).toBe("Third");
  });

  it("parses a record again once its text changed", () => {
    const date = "2026-05-17";
    expect(dayLines(recordOf(date), date, ids(second.id), false)?.get(second.id)?.content.title).toBe(
      "Second",
    );
    const renamed = recordOf(
      date,
      [CONTENT, { ...second, title: "Renamed" }, third],
      "2026-05-17T11:00:00.000Z",
    );
    expect(dayLines(renamed, date, ids(second.id), false)?.get(second.id)?.content.title).toBe("Renamed");
  });

  it("answers as a scan of the whole wanted set would: a damaged line past the ones parsed still sends the record to be read whole", () => {
    const date = "2026-05-18";
    const damaged = recordOf(date).replace(`\n{"id":"${second.id}"`, '\n{"oops":1},\n{"id":"2605.00002"');
    expect(dayLines(damaged, date, ids(CONTENT.id), false)?.get(CONTENT.id)?.content).toEqual(CONTENT);
    expect(dayLines(damaged, date, ids(CONTENT.id, third.id), false)).toBeNull();
    expect(dayLines(damaged, date, ids(CONTENT.id), false)?.size).toBe(1);
  });

  it("keeps a few records' lines, not every record's", () => {
    const first = dayLines(recordOf("2026-06-01"), "2026-06-01", ids(CONTENT.id), false)!.get(CONTENT.id);
    for (let d = 2; d <= 20; d++) {
      const date = `2026-06-${String(d).padStart(2, "0")}`;
      dayLines(recordOf(date), date, ids(CONTENT.id), false);
    }
    const later = dayLines(recordOf("2026-06-01"), "2026-06-01", ids(CONTENT.id), false)!.get(CONTENT.id);
    expect(later).toEqual(first);
    expect(later).not.toBe(first);
  });
});
