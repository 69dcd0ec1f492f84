// A day record's lines as the isolate keeps them between answers (dayLines, store/memo.ts),
// attacked: what it gives from what it kept must be what a scan of the same text for the same
// ids would give, whatever was asked before (copies or not, another day, fewer ids, a damaged
// or repeated line), and it keeps no more records, nor characters, than its bounds.
import { describe, expect, it } from "vitest";
import { contentOf, type PaperContent } from "../../src/core/paper";
import { dayLines, decodeDayRecord, encodeDayRecord } from "../../src/store/values/dayRecord";
import { SAMPLE } from "../serve/render/sample";

const BASE: PaperContent = { ...contentOf(SAMPLE), organization: { name: "acme", fullname: "Acme Labs" } };
const paper = (n: number, change: Partial<PaperContent> = {}): PaperContent => ({
  ...BASE,
  id: `2605.${String(n).padStart(5, "0")}`,
  title: `Paper ${n}`,
  ...change,
});
const recordOf = (date: string, papers: PaperContent[], invalid: unknown[] = []) =>
  encodeDayRecord({ date, via: "page", updated_at: `${date}T10:00:00.000Z`, papers, invalid });
const ids = (...list: PaperContent[]) => new Set(list.map((p) => p.id));
/** Another string of the same characters, as the next KV read gives. */
const reread = (text: string) => text.split("").join("");
/** The record's text with the line of `p` replaced. */
const withLine = (text: string, p: PaperContent, line: string) =>
  text.replace(new RegExp(`\\n\\{"id":"${p.id.replace(".", "\\.")}"[^\\n]*?(,?)\\n`), `\n${line}$1\n`);

describe("a day record's kept lines", () => {
  it("keep an answer that copies apart from one that does not, whichever came first", () => {
    const date = "2026-07-01";
    const text = recordOf(date, [paper(1), paper(2)]);
    const plain = dayLines(text, date, ids(paper(1)), false)!.get(paper(1).id)!;
    const copying = dayLines(reread(text), date, ids(paper(1), paper(2)), true)!;
    expect(plain.afterId).toBeUndefined();
    expect(copying.get(paper(1).id)!.afterId).toBeDefined();
    expect(copying.get(paper(1).id)!.content).toEqual(plain.content);
    expect(
      dayLines(reread(text), date, ids(paper(1), paper(2)), false)!.get(paper(2).id)!.afterId,
    ).toBeUndefined();
    expect(dayLines(reread(text), date, ids(paper(1)), false)!.get(paper(1).id)).toBe(plain);
  });

  it("are of their day: the same text read for another day is no record of it", () => {
    const date = "2026-07-02";
    const text = recordOf(date, [paper(1)]);
    const kept = dayLines(text, date, ids(paper(1)), false)!.get(paper(1).id);
    expect(dayLines(text, "2026-07-03", ids(paper(1)), false)).toBeNull();
    expect(dayLines(text, "2026-07-03", ids(paper(1)), true)).toBeNull();
    expect(dayLines(text, date, ids(paper(1)), false)!.get(paper(1).id)).toBe(kept);
  });

  it("never answer past a damaged line before a wanted one, however often asked", () => {
    const date = "2026-07-04";
    const text = withLine(recordOf(date, [paper(1), paper(2), paper(3)]), paper(2), '{"oops":1}');
    expect(dayLines(text, date, ids(paper(3)), false)).toBeNull();
    expect(dayLines(text, date, ids(paper(1)), false)?.get(paper(1).id)?.content).toEqual(paper(1));
    expect(dayLines(reread(text), date, ids(paper(3)), false)).toBeNull();
    expect(dayLines(reread(text), date, ids(paper(1), paper(3)), true)).toBeNull();
    // Nor for an id the record lacks: finding it absent takes a scan to the end.
    expect(dayLines(reread(text), date, new Set([paper(1).id, "2605.99999"]), false)).toBeNull();
    expect(decodeDayRecord(text, date)?.papers.map((p) => p.id)).toEqual([paper(1).id, paper(3).id]);
  });

  it("give the first valid line of a repeated id, as the whole record's read does, asked in any order", () => {
    const date = "2026-07-05";
    const broken = JSON.stringify({ ...paper(2), title: 12 });
    const text = recordOf(date, [
      paper(1),
      paper(2, { title: "placeholder" }),
      paper(2),
      paper(2, { title: "Later" }),
    ]);
    const planted = text.replace(/\{"id":"2605\.00002","title":"placeholder"[^\n]*?(,?)\n/, `${broken}$1\n`);
    expect(planted).not.toBe(text);
    const whole = decodeDayRecord(planted, date)!.papers.find((p) => p.id === paper(2).id);
    expect(whole?.title).toBe("Paper 2");
    expect(dayLines(planted, date, ids(paper(1)), true)?.size).toBe(1);
    expect(dayLines(reread(planted), date, ids(paper(2)), true)?.get(paper(2).id)?.content).toEqual(whole);
    expect(
      dayLines(reread(planted), date, ids(paper(1), paper(2)), false)?.get(paper(2).id)?.content,
    ).toEqual(whole);
  });

  it("give a paper the record lacked once a record that holds it is read, and leave a whole read its own papers", () => {
    const date = "2026-07-06";
    const before = recordOf(date, [paper(1)]);
    expect(dayLines(before, date, ids(paper(1), paper(4)), false)?.has(paper(4).id)).toBe(false);
    expect(dayLines(reread(before), date, ids(paper(4)), false)?.size).toBe(0);
    const after = recordOf(date, [paper(1), paper(4)]);
    const lines = dayLines(after, date, ids(paper(1), paper(4)), false)!;
    expect(lines.get(paper(4).id)?.content).toEqual(paper(4));
    expect(Object.isFrozen(lines.get(paper(4).id)!.content.organization)).toBe(true);
    // A whole read after the lines: equal papers, not the kept ones, which a writer may change.
    const whole = decodeDayRecord(after, date)!.papers;
    expect(whole[1]).toEqual(lines.get(paper(4).id)!.content);
    expect(whole[1]).not.toBe(lines.get(paper(4).id)!.content);
    expect(Object.isFrozen(whole[1])).toBe(false);
  });
});

describe("the records kept", () => {
  const read = (date: string, text: string, p = paper(1)) => dayLines(text, date, ids(p), false)!.get(p.id);

  it("are the twelve used last: a record read again is kept over one read once", () => {
    const first = recordOf("2026-08-01", [paper(1)]);
    const kept = read("2026-08-01", first);
    const second = read("2026-08-02", recordOf("2026-08-02", [paper(1)]));
    for (let d = 3; d <= 12; d++) {
      const date = `2026-08-${String(d).padStart(2, "0")}`;
      read(date, recordOf(date, [paper(1)]));
    }
    expect(read("2026-08-01", reread(first))).toBe(kept); // now the newest
    read("2026-08-13", recordOf("2026-08-13", [paper(1)])); // the thirteenth
    expect(read("2026-08-01", reread(first))).toBe(kept);
    const again = read("2026-08-02", recordOf("2026-08-02", [paper(1)]));
    expect(again).toEqual(second);
    expect(again).not.toBe(second);
  });

  /** A record of `n` papers of nearly MAX_PAPER_BYTES each. */
  const big = (date: string, n: number) =>
    recordOf(
      date,
      Array.from({ length: n }, (_, i) =>
        paper(i + 1, {
          summary: "s".repeat(9_000),
          authors: Array.from({ length: 100 }, (_, j) => `${"a".repeat(290)} ${j}`),
        }),
      ),
    );

  it("hold no more than 3 M characters of records: the oldest goes first", () => {
    const texts = ["2026-09-01", "2026-09-02", "2026-09-03"].map((d) => [d, big(d, 28)] as const);
    for (const [, text] of texts) expect(text.length).toBeGreaterThan(1_050_000);
    const kept = texts.map(([d, text]) => read(d, text));
    expect(kept[0]?.content.authors).toHaveLength(100);
    expect(read(texts[2]![0], reread(texts[2]![1]))).toBe(kept[2]);
    expect(read(texts[1]![0], reread(texts[1]![1]))).toBe(kept[1]);
    const first = read(texts[0]![0], reread(texts[0]![1]));
    expect(first).toEqual(kept[0]);
    expect(first).not.toBe(kept[0]);
  });

  it("never hold a record over 3 M characters, nor what they held of its day before", () => {
    const date = "2026-09-10";
    const small = recordOf(date, [paper(1)]);
    const other = recordOf("2026-09-11", [paper(1)]);
    const keptSmall = read(date, small);
    const keptOther = read("2026-09-11", other);
    const text = big(date, 80);
    expect(text.length).toBeGreaterThan(3_000_000);
    const once = read(date, text);
    expect(once?.content.summary).toHaveLength(9_000);
    const twice = read(date, reread(text));
    expect(twice).toEqual(once);
    expect(twice).not.toBe(once);
    // The day's smaller record was dropped with it (it is no longer what storage holds);
    // another day's stays.
    expect(read(date, reread(small))).not.toBe(keptSmall);
    expect(read("2026-09-11", reread(other))).toBe(keptOther);
  });
});
