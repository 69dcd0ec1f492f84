// Upvote history: recorded when counts change, thinned after two days, capped per paper.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addPoint, gainedSince, getHistory, MAX_POINTS, recordUpvotes } from "../../src/store/history";

const LISTED = Date.parse("2026-05-15T00:00:00Z") / 1000;
const H = 3600;

describe("recording", () => {
  it("adds a point only for papers whose count changed", async () => {
    const at = (h: number) => new Date((LISTED + h * H) * 1000);
    expect(
      await recordUpvotes(
        env.PAPERS,
        "2026-05-15",
        new Map([
          ["a", 1],
          ["b", 2],
        ]),
        at(1),
      ),
    ).toBe(true);
    expect(
      await recordUpvotes(
        env.PAPERS,
        "2026-05-15",
        new Map([
          ["a", 1],
          ["b", 2],
        ]),
        at(2),
      ),
    ).toBe(false);
    await recordUpvotes(
      env.PAPERS,
      "2026-05-15",
      new Map([
        ["a", 5],
        ["b", 2],
      ]),
      at(3),
    );
    const h = await getHistory(env.PAPERS, "2026-05-15");
    expect(h?.papers).toEqual({
      a: [
        [LISTED + H, 1],
        [LISTED + 3 * H, 5],
      ],
      b: [[LISTED + H, 2]],
    });
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
