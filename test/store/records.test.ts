// The stored day record's layout: one JSON value, all ASCII, a paper a line, so a page can
// parse only the papers it returns; and every older layout still read.
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { asciiJson } from "../../src/store/kvJson";
import {
  asSummary,
  contentOf,
  type DaySummary,
  encodeDayRecord,
  encodePaperRecord,
  encodeSummary,
  listedPaper,
  listedPaperJson,
  paperContentJson,
  paperLinesOfDayText,
  readDayRecord,
  STORE_VERSION,
  SUMMARY_VERSION,
} from "../../src/store/records";

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
  // Text that spells the keys the JSON is cut at must not be taken for them.
  paper("2605.00005", {
    title: 'x","upvotes":1,"date":"2020-01-01","url":"https://evil.example',
    summary: ',"url":" and ,"upvotes":7',
    organization: { name: "Lab", fullname: "The Lab" },
  }),
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
    expect(read?.record.v).toBe(STORE_VERSION);
  });

  it("keeps entries that no longer validate, as they were", () => {
    const text = encodeDayRecord(record, [{ id: 7, broken: "Zoë" }]);
    expect(readDayRecord(JSON.parse(text), "k")?.invalid).toEqual([{ id: 7, broken: "Zoë" }]);
  });
});

describe("paperLinesOfDayText", () => {
  const text = encodeDayRecord(record);

  it("gives exactly the wanted papers' lines, each the paper's JSON, hostile ids included", () => {
    for (const ids of [["2605.00004"], ['2605."2', "2605.\\3"], PAPERS.map((p) => p.id), ["2605.99999"]]) {
      const got = paperLinesOfDayText(text, DATE, new Set(ids))!;
      expect([...got.keys()].sort()).toEqual(ids.filter((id) => PAPERS.some((p) => p.id === id)).sort());
      for (const [id, line] of got) expect(JSON.parse(line)).toEqual(PAPERS.find((x) => x.id === id));
    }
  });

  it("gives null for what it cannot read in part: another day, an older layout, a value cut short", () => {
    const wanted = new Set(["2605.00004"]);
    expect(paperLinesOfDayText(text, "2026-05-14", wanted)).toBeNull();
    expect(paperLinesOfDayText(JSON.stringify({ v: 2, ...record }), DATE, wanted)).toBeNull();
    expect(paperLinesOfDayText(text.slice(0, text.length - 40), DATE, wanted)).toBeNull();
    expect(paperLinesOfDayText("not json", DATE, wanted)).toBeNull();
  });
});

describe("listedPaperJson", () => {
  const lines = paperLinesOfDayText(encodeDayRecord(record), DATE, new Set(PAPERS.map((p) => p.id)))!;

  it("gives the JSON of the paper with another listing, from a day record's line or a paper record's content", () => {
    for (const p of PAPERS) {
      const expected = listedPaper(p, 41, "2026-05-20");
      const content = paperContentJson(encodePaperRecord({ listed_on: [DATE], paper: contentOf(p) }))!;
      for (const [stored, kind] of [
        [lines.get(p.id)!, "line"],
        [content, "content"],
      ] as const) {
        const json = listedPaperJson(stored, kind, p.id, 41, "2026-05-20")!;
        expect(JSON.parse(json)).toEqual(expected);
        // Keys in the order JSON.stringify writes them; only the escapes beyond ASCII differ.
        expect(json).toBe(asciiJson(expected));
      }
    }
  });

  it("gives null for text not in that shape", () => {
    const p = PAPERS[3]!;
    const line = lines.get(p.id)!;
    const { upvotes, date, ...rest } = p;
    const cases = [
      [line, "line", "2605.00001"], // another paper's
      [line.slice(0, -1), "line", p.id], // cut short
      [asciiJson({ ...rest, upvotes, date }), "line", p.id], // a version 3 line: its listing further on
      [line.replace(',"date":"2026-05-15"', ""), "line", p.id], // upvotes without the day
      [asciiJson(contentOf(p)), "line", p.id], // content is not a line
    ] as const;
    for (const [text, kind, id] of cases) expect(listedPaperJson(text, kind, id, 1, DATE)).toBeNull();
  });
});

describe("paperContentJson", () => {
  it("cuts the content from a paper record, and nothing from another format or a value cut short", () => {
    const content = contentOf(PAPERS[0]!);
    const text = encodePaperRecord({ listed_on: ["2026-05-15", "2026-05-14"], paper: content });
    expect(JSON.parse(paperContentJson(text)!)).toEqual(content);
    expect(paperContentJson(text.slice(0, -1))).toBeNull();
    expect(paperContentJson(JSON.stringify(["2026-05-15"]))).toBeNull();
    expect(paperContentJson(encodePaperRecord({ listed_on: ["2026-05-15"] }))).toBeNull();
  });
});

describe("asciiJson", () => {
  it("reads back as the value it was given, lone surrogates and all", () => {
    const value = { s: "Zoë 王 🦜 \ud800 \u2028", n: [1, "é"] };
    expect(asciiJson(value)).toMatch(/^[\x00-\x7f]*$/);
    expect(JSON.parse(asciiJson(value))).toEqual(value);
  });
});

describe("the summary (list:D)", () => {
  const summary: DaySummary = {
    v: SUMMARY_VERSION,
    date: DATE,
    updated_at: "2026-05-19T06:00:00.000Z",
    content: "c0ffee",
    ids: ["2605.00001", "2605.00002", "2605.00003"],
    upvotes: [3, 1, 2],
    added_at: "2026-05-19T05:00:00.000Z",
  };

  it("stores the ids as one string, and reads back as it was", () => {
    const stored = JSON.parse(encodeSummary(summary));
    expect(stored.ids).toBe("2605.00001 2605.00002 2605.00003");
    expect(asSummary(stored, DATE)).toEqual(summary);
    expect(asSummary(JSON.parse(encodeSummary({ ...summary, ids: [], upvotes: [] })), DATE)?.ids).toEqual([]);
  });

  it("reads version 1 (an array of ids), and writes it for an id that holds a space", () => {
    expect(asSummary({ ...summary, v: 1 }, DATE)).toEqual(summary);
    const spaced = { ...summary, ids: ["2605.00001", "an id", "2605.00003"] };
    expect(JSON.parse(encodeSummary(spaced)).v).toBe(1);
    expect(asSummary(JSON.parse(encodeSummary(spaced)), DATE)).toEqual(spaced);
  });

  it("reads nothing else: another day, counts that disagree, another version", () => {
    const stored = JSON.parse(encodeSummary(summary));
    expect(asSummary(stored, "2026-05-14")).toBeNull();
    expect(asSummary({ ...stored, upvotes: [1] }, DATE)).toBeNull();
    expect(asSummary({ ...stored, v: 3 }, DATE)).toBeNull();
    expect(asSummary({ ...stored, v: 1 }, DATE)).toBeNull(); // version 1 had an array
  });
});
