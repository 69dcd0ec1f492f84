// A day record's read times as its codec writes and reads them: `read_at` (the oldest line's) and
// `lines_read_at` (each later line's), written only where they say more than the stamp, and a
// damaged entry counting as none.
import { describe, expect, it } from "vitest";
import { contentOf } from "../../src/core/paper";
import {
  type DayRecord,
  decodeDayRecord,
  encodeDayRecord,
  paperLine,
} from "../../src/store/values/dayRecord";
import { SAMPLE } from "../serve/render/sample";

const DAY = "2026-05-15";
const [A, B, C] = ["2605.70001", "2605.70002", "2605.70003"].map((id) => ({ ...contentOf(SAMPLE), id }));
const STAMP = "2026-05-15T10:00:00.000Z";
const OLDEST = "2026-05-15T08:00:00.000Z";
const LATER = "2026-05-15T09:00:00.000Z";
const record = (over: Partial<DayRecord> = {}): DayRecord => ({
  date: DAY,
  via: "page",
  updated_at: STAMP,
  papers: [A!, B!, C!],
  invalid: [],
  ...over,
});

describe("a day record's read times", () => {
  it("are left out of a record whose lines were all read when it was written", () => {
    const text = encodeDayRecord(record({ read_at: STAMP, lines_read_at: new Map([[A!.id, STAMP]]) }));
    expect(text).not.toContain("read_at");
    const decoded = decodeDayRecord(text, DAY)!;
    expect(decoded.read_at).toBeUndefined();
    expect(decoded.lines_read_at).toBeUndefined();
    expect(paperLine(text, DAY, A!.id)).toEqual({ updated_at: STAMP, content: A });
  });

  it("keep the oldest line's read and each later line's, and only those that differ from it", () => {
    const text = encodeDayRecord(
      record({
        read_at: OLDEST,
        lines_read_at: new Map([
          [A!.id, OLDEST],
          [B!.id, LATER],
        ]),
      }),
    );
    const decoded = decodeDayRecord(text, DAY)!;
    expect(decoded.read_at).toBe(OLDEST);
    expect([...(decoded.lines_read_at ?? [])]).toEqual([[B!.id, LATER]]);
    expect(paperLine(text, DAY, B!.id)?.line_read_at).toBe(LATER);
    expect(paperLine(text, DAY, A!.id)?.line_read_at).toBeUndefined();
    expect(paperLine(text, DAY, A!.id)?.read_at).toBe(OLDEST);
  });

  it("keep a line read after the record's stamp, by up to a day (an older read that kept a newer record)", () => {
    const past = "2026-05-15T11:00:00.000Z";
    const text = encodeDayRecord(record({ read_at: OLDEST, lines_read_at: new Map([[B!.id, past]]) }));
    expect([...(decodeDayRecord(text, DAY)?.lines_read_at ?? [])]).toEqual([[B!.id, past]]);
    expect(paperLine(text, DAY, B!.id)?.line_read_at).toBe(past);
  });

  it.each([
    ["more than a day past the record's stamp", "2026-05-16T10:00:01.000Z"],
    ["before its oldest line's read", "2026-05-15T07:00:00.000Z"],
    ["not a time", "yesterday"],
    ["of the wrong type", 12],
  ])("count as none where a line's entry is %s", (_, bad) => {
    const text = encodeDayRecord(
      record({ read_at: OLDEST, lines_read_at: new Map([[B!.id, LATER]]) }),
    ).replace(`"${B!.id}":"${LATER}"`, `"${B!.id}":${JSON.stringify(bad)}`);
    expect(text).toContain(JSON.stringify(bad));
    expect(decodeDayRecord(text, DAY)?.lines_read_at).toBeUndefined();
    expect(paperLine(text, DAY, B!.id)?.line_read_at).toBeUndefined();
    expect(paperLine(text, DAY, B!.id)?.content).toEqual(B);
  });
});

describe("a day record's carried lines", () => {
  it("are written in the papers' order, only for the papers written, and read back", () => {
    const text = encodeDayRecord(record({ lines_carried: new Set([C!.id, A!.id, "2605.79999"]) }));
    expect(text.slice(0, text.indexOf("\n"))).toContain(`"lines_carried":["${A!.id}","${C!.id}"]`);
    expect([...(decodeDayRecord(text, DAY)?.lines_carried ?? [])]).toEqual([A!.id, C!.id]);
    // A page's reader of a few lines reads them as ever.
    expect(paperLine(text, DAY, C!.id)?.content).toEqual(C);
  });

  it("are left out where there are none, as in a record written before lines were marked", () => {
    const text = encodeDayRecord(record({ lines_carried: new Set() }));
    expect(text).not.toContain("lines_carried");
    expect(decodeDayRecord(text, DAY)?.lines_carried).toBeUndefined();
  });

  it.each([
    ["not a list", '{"x":1}'],
    ["a list of other things", "[1,null,{}]"],
    ["ids of no valid line", '["2605.79999"]'],
  ])("count as none where the entry is %s", (_, bad) => {
    const text = encodeDayRecord(record({ lines_carried: new Set([B!.id]) })).replace(
      `"lines_carried":["${B!.id}"]`,
      `"lines_carried":${bad}`,
    );
    expect(text).toContain(bad);
    const decoded = decodeDayRecord(text, DAY);
    expect(decoded?.papers).toEqual([A, B, C]);
    expect(decoded?.lines_carried).toBeUndefined();
  });

  it("keep only the ids of valid lines where a line is damaged", () => {
    const text = encodeDayRecord(record({ lines_carried: new Set([A!.id, B!.id]) })).replace(
      `{"id":"${B!.id}","title":`,
      `{"id":"${B!.id}","title":12,"x":`,
    );
    const decoded = decodeDayRecord(text, DAY);
    expect(decoded?.papers.map((p) => p.id)).toEqual([A!.id, C!.id]);
    expect([...(decoded?.lines_carried ?? [])]).toEqual([A!.id]);
  });
});
