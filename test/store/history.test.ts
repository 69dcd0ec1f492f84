// Upvote history: recorded when counts change, thinned after two days, capped per paper.
import { describe, expect, it } from "vitest";
import {
  addPoint,
  decodeHistory,
  emptyHistory,
  encodeHistory,
  gainedSince,
  MAX_POINTS,
  withObservation,
} from "../../src/store/values/history";

const LISTED = Date.parse("2026-05-15T00:00:00Z") / 1000;
const H = 3600;

describe("recording", () => {
  const at = (h: number) => LISTED + h * H;
  const counts = (a: number, b: number) =>
    new Map([
      ["2605.00001", { upvotes: a }],
      ["2605.00002", { upvotes: b }],
    ]);

  it("adds a point only for papers whose count changed, and keeps the newest comments and stars", () => {
    const first = withObservation(emptyHistory("2026-05-15"), at(1), counts(1, 2));
    expect(withObservation(first, at(2), counts(1, 2))).toBe(first);
    const third = withObservation(first, at(3), new Map([["2605.00001", { upvotes: 5, github_stars: 3 }]]));
    expect(Object.fromEntries(third.papers)).toEqual({
      "2605.00001": {
        points: [
          [at(1), 1],
          [at(3), 5],
        ],
        github_stars: 3,
      },
      "2605.00002": { points: [[at(1), 2]] },
    });
  });

  it("an observation older than the newest point goes in at its time, and is a union with what is there", () => {
    const newer = withObservation(emptyHistory("2026-05-15"), at(5), counts(10, 2));
    const merged = withObservation(newer, at(3), counts(7, 2));
    expect(merged.papers.get("2605.00001")?.points).toEqual([
      [at(3), 7],
      [at(5), 10],
    ]);
    const back = decodeHistory(encodeHistory(merged), "2026-05-15");
    expect(back?.papers).toEqual(merged.papers);
  });
});

describe("reading a history back", () => {
  const good = [[LISTED + H, 3]];
  it.each([
    ["a time of 1e20", [[1e20, 3]]],
    ["a time before the first list", [[1000, 3]]],
    ["a string", "3"],
    ["a number", 3],
    ["an object", { t: 1 }],
    ["a null point", [null]],
    ["a negative count", [[LISTED + 2 * H, -4]]],
  ])("one bad series (%s) hides only itself: the other papers and points stay", (_, bad) => {
    const text = JSON.stringify({
      v: 2,
      date: "2026-05-15",
      papers: { "2605.00001": { u: good }, "2605.00002": { u: bad }, "2605.00003": { u: [...good, bad] } },
    });
    const h = decodeHistory(text, "2026-05-15")!;
    expect(h.papers.get("2605.00001")?.points).toEqual(good);
    expect(h.papers.get("2605.00003")?.points).toEqual(good);
    expect(h.damaged).toBeGreaterThan(0);
  });

  it("reads version 1 (points only), and nothing that is not a history of the day", () => {
    const v1 = JSON.stringify({ v: 1, date: "2026-05-15", papers: { "2605.00001": good } });
    expect(decodeHistory(v1, "2026-05-15")?.papers.get("2605.00001")).toEqual({ points: good });
    for (const text of ["not json", "null", JSON.stringify({ v: 1, date: "2026-05-14", papers: {} }), "[]"])
      expect(decodeHistory(text, "2026-05-15")).toBeNull();
  });
});

describe("thinning and the cap", () => {
  it("keeps every change in the first 48 hours, then one point per 6 hours", () => {
    let series: [number, number][] = [];
    for (let h = 1; h <= 96; h++) series = addPoint(series, [LISTED + h * H, h], LISTED);
    const dense = series.filter(([t]) => t - LISTED <= 48 * H);
    const sparse = series.filter(([t]) => t - LISTED > 48 * H);
    expect(dense).toHaveLength(Math.min(48, series.length - sparse.length));
    for (let i = 1; i < sparse.length; i++)
      expect(sparse[i]![0] - sparse[i - 1]![0]).toBeGreaterThanOrEqual(6 * H - H);
    expect(series.at(-1)).toEqual([LISTED + 96 * H, 96]); // the newest count is always there
  });

  it(`holds at most ${MAX_POINTS} points a paper, keeping the first and the newest`, () => {
    let series: [number, number][] = [];
    for (let m = 1; m <= 500; m++) series = addPoint(series, [LISTED + m * 60, m], LISTED);
    expect(series).toHaveLength(MAX_POINTS);
    expect(series[0]).toEqual([LISTED + 60, 1]);
    expect(series.at(-1)).toEqual([LISTED + 500 * 60, 500]);
  });
});

describe("gainedSince", () => {
  const series: [number, number][] = [
    [LISTED + H, 2],
    [LISTED + 10 * H, 10],
    [LISTED + 30 * H, 25],
    [LISTED + 40 * H, 31],
  ];
  it("is the newest count less the count at the window's start", () => {
    expect(gainedSince(series, LISTED + 40 * H)).toBe(31 - 10);
    expect(gainedSince(series, LISTED + 20 * H)).toBe(10 - 2);
  });
  it("is 0 without a point in the last 24 hours, or without history", () => {
    expect(gainedSince(series, LISTED + 80 * H)).toBe(0);
    expect(gainedSince(undefined, LISTED)).toBe(0);
  });
});
