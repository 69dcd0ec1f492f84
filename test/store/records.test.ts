// The stored day record's layout: one JSON value, all ASCII, a paper a line, so a page can
// parse only the papers it returns; and every older layout still read.
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { asciiJson } from "../../src/store/kvJson";
import { encodeDayRecord, papersFromDayText, readDayRecord } from "../../src/store/records";

const DATE = "2026-05-15";
const paper = (id: string, extra: Partial<Paper> = {}): Paper => ({
  id,
  title: `Title ${id}`,
  summary: `Abstract of ${id}`,
  authors: ["Zoë Müller"],
  upvotes: 3,
  date: DATE,
  url: `https://huggingface.co/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
  ...extra,
});
const PAPERS = [
  paper("2605.00001", { title: "扩散 🦜 models" }),
  // Hostile ids: a quote, a backslash and a line feed must not confuse the line reader.
  paper('2605."2', { summary: "line\nfeed" }),
  paper("2605.\\3"),
  paper("2605.00004", { ai_keywords: ["R&D"] }),
];
const record = { date: DATE, via: "page" as const, updated_at: "2026-05-19T06:00:00.000Z", papers: PAPERS };

describe("encodeDayRecord", () => {
  it("writes one JSON value, all ASCII, each paper on its own line with its id first", () => {
    const text = encodeDayRecord(record);
    expect(text).toMatch(/^[\x00-\x7f]*$/);
    const lines = text.split("\n");
    expect(lines).toHaveLength(PAPERS.length + 2);
    for (const [i, p] of PAPERS.entries())
      expect(lines[i + 1]!.startsWith(`{"id":${asciiJson(p.id)},`)).toBe(true);
    // It reads back whole, through the schema, as it was.
    const read = readDayRecord(JSON.parse(text), "k");
    expect(read?.record.papers).toEqual(PAPERS);
    expect(read?.record.v).toBe(3);
  });

  it("keeps entries that no longer validate, as they were", () => {
    const text = encodeDayRecord(record, [{ id: 7, broken: "Zoë" }]);
    expect(readDayRecord(JSON.parse(text), "k")?.invalid).toEqual([{ id: 7, broken: "Zoë" }]);
  });
});

describe("papersFromDayText", () => {
  const text = encodeDayRecord(record);

  it("gives exactly the wanted papers, hostile ids included", () => {
    for (const ids of [["2605.00004"], ['2605."2', "2605.\\3"], PAPERS.map((p) => p.id), ["2605.99999"]]) {
      const got = papersFromDayText(text, DATE, new Set(ids))!;
      expect([...got.keys()].sort()).toEqual(ids.filter((id) => PAPERS.some((p) => p.id === id)).sort());
      for (const [id, p] of got) expect(p).toEqual(PAPERS.find((x) => x.id === id));
    }
  });

  it("gives null for what it cannot read in part: another day, an older layout, a value cut short", () => {
    const wanted = new Set(["2605.00004"]);
    expect(papersFromDayText(text, "2026-05-14", wanted)).toBeNull();
    expect(papersFromDayText(JSON.stringify({ v: 2, ...record }), DATE, wanted)).toBeNull();
    expect(papersFromDayText(text.slice(0, text.length - 40), DATE, wanted)).toBeNull();
    expect(papersFromDayText("not json", DATE, wanted)).toBeNull();
  });
});

describe("asciiJson", () => {
  it("reads back as the value it was given, lone surrogates and all", () => {
    const value = { s: "Zoë 王 🦜 \ud800 \u2028", n: [1, "é"] };
    expect(asciiJson(value)).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.parse(asciiJson(value))).toEqual(value);
  });
});
