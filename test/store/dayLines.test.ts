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
