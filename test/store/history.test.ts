// Upvote history: recorded when counts change, thinned after two days, capped per paper.
import { describe, expect, it } from "vitest";
import { seeded } from "../../bench/workerd/seeded";
import {
  addPoint,
  decodeHistory,
  emptyHistory,
  encodeHistory,
  gainedSince,
  HISTORY_VERSION,
  type HistoryPoint,
  MAX_POINTS,
  readHistory,
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
    // A series with no point left hides its paper, which the repair pass then seeds again.
    expect(h.papers.has("2605.00002")).toBe(false);
    expect(h.damaged).toBeGreaterThan(0);
  });

  it("reads version 1 (points only), and nothing that is not a history of the day", () => {
    const v1 = JSON.stringify({ v: 1, date: "2026-05-15", papers: { "2605.00001": good } });
    expect(decodeHistory(v1, "2026-05-15")?.papers.get("2605.00001")).toEqual({ points: good });
    for (const text of ["not json", "null", JSON.stringify({ v: 1, date: "2026-05-14", papers: {} }), "[]"])
      expect(decodeHistory(text, "2026-05-15")).toBeNull();
  });
});

describe("version 3: each series one string", () => {
  const DAY = "2026-05-15";
  const at = (h: number) => LISTED + h * H;
  const v3 = (papers: Record<string, unknown>) => JSON.stringify({ v: 3, date: DAY, papers });

  it("is what encodeHistory writes, and reads back as it was", () => {
    const h = withObservation(
      withObservation(emptyHistory(DAY), at(1), new Map([["2605.00001", { upvotes: 1, num_comments: 2 }]])),
      at(2),
      new Map([["2605.00001", { upvotes: 4, num_comments: 2 }]]),
    );
    const text = encodeHistory(h);
    expect(JSON.parse(text)).toEqual({
      v: HISTORY_VERSION,
      date: DAY,
      papers: { "2605.00001": { u: `${at(1)}:1,${at(2)}:4`, c: 2 } },
    });
    expect(decodeHistory(text, DAY)).toMatchObject({ version: 3, damaged: 0, papers: h.papers });
  });

  it("reads version 2, a series an array of points, as before", () => {
    const points = [
      [at(1), 1],
      [at(2), 4],
    ];
    const v2 = JSON.stringify({ v: 2, date: DAY, papers: { "2605.00001": { u: points, s: 7 } } });
    expect(decodeHistory(v2, DAY)?.papers.get("2605.00001")).toEqual({ points, github_stars: 7 });
  });

  it.each([
    ["a piece that is not a point", `${at(1)}:1,x,${at(3)}:3`],
    ["a piece with a sign", `${at(1)}:1,${at(2)}:-2,${at(3)}:3`],
    ["an empty piece", `${at(1)}:1,,${at(3)}:3`],
    ["a piece of three numbers", `${at(1)}:1,${at(2)}:2:2,${at(3)}:3`],
    ["a piece without its count", `${at(1)}:1,${at(2)}:,${at(3)}:3`],
    ["a piece without its time", `${at(1)}:1,:2,${at(3)}:3`],
    ["a number in exponent form", `${at(1)}:1,${at(2)}:2e1,${at(3)}:3`],
    ["spaces", `${at(1)}:1, ${at(2)}:2,${at(3)}:3`],
    ["a time of 1e20", `${at(1)}:1,100000000000000000000:2,${at(3)}:3`],
    ["a time before the first list", `${at(1)}:1,1000:2,${at(3)}:3`],
  ])("a bad point (%s) hides only itself", (_, u) => {
    const h = decodeHistory(v3({ "2605.00001": { u }, "2605.00002": { u: `${at(5)}:9` } }), DAY)!;
    expect(h.papers.get("2605.00001")?.points).toEqual([
      [at(1), 1],
      [at(3), 3],
    ]);
    expect(h.papers.get("2605.00002")?.points).toEqual([[at(5), 9]]);
    expect(h.damaged).toBe(1);
  });

  /** Series in many shapes, and the gain a view reads from their newest points against the whole series'. */
  const shapes: [string, string][] = [
    ["rising, hourly", Array.from({ length: 30 }, (_, i) => `${at(i)}:${i * 3}`).join(",")],
    ["one point", `${at(5)}:4`],
    ["empty", ""],
    ["out of order", `${at(1)}:1,${at(30)}:9,${at(20)}:5,${at(40)}:12`],
    ["a repeated time", `${at(1)}:1,${at(20)}:5,${at(20)}:5,${at(40)}:12`],
    ["a bad newest point", `${at(1)}:1,${at(20)}:5,oops`],
    ["a bad point in the window", `${at(1)}:1,${at(30)}:x,${at(40)}:12`],
    [
      "over the cap, all in the window",
      Array.from({ length: 60 }, (_, i) => `${at(10) + i * 60}:${i}`).join(","),
    ],
    [
      "over the cap, the window reaching the 40th newest",
      Array.from({ length: 60 }, (_, i) => `${at(i < 20 ? i : 20 + (i - 20) * 0.5)}:${i}`).join(","),
    ],
    ["exactly the cap", Array.from({ length: MAX_POINTS }, (_, i) => `${at(i)}:${i}`).join(",")],
  ];
  it.each(shapes)("a gain read from a series' newest points is the whole series' gain (%s)", (_, u) => {
    const text = v3({ "2605.00001": { u }, "2605.00002": { u: `${at(2)}:1,${at(44)}:30` } });
    const whole = decodeHistory(text, DAY)!;
    const newest = Math.max(...[...whole.papers.values()].map((p) => p.points.at(-1)?.[0] ?? 0));
    for (const now of [newest, at(20), at(35), at(48), at(100)]) {
      const view = readHistory(text, DAY)!;
      expect(view.newestTime()).toBe(newest);
      for (const id of ["2605.00001", "2605.00002", "2605.00009"])
        expect([id, now, view.gainedSince(id, now)]).toEqual([
          id,
          now,
          gainedSince(whole.papers.get(id)?.points, now),
        ]);
    }
  });

  it("a bad point at either end hides only itself", () => {
    for (const u of [`${at(1)}:1,${at(3)}:3,`, `,${at(1)}:1,${at(3)}:3`, `${at(1)}:1,${at(3)}:3,${at(4)}`]) {
      const h = decodeHistory(v3({ "2605.00001": { u } }), DAY)!;
      expect([u, h.papers.get("2605.00001")?.points, h.damaged]).toEqual([
        u,
        [
          [at(1), 1],
          [at(3), 3],
        ],
        1,
      ]);
    }
  });

  it("a series out of order counts as damaged, and once written again in order a gain reads it as the whole series", () => {
    const text = v3({ "2605.00001": { u: `${at(1)}:1,${at(45)}:20,${at(20)}:5,${at(40)}:12` } });
    const whole = decodeHistory(text, DAY)!;
    expect(whole.papers.get("2605.00001")?.points.map(([t]) => t)).toEqual([at(1), at(20), at(40), at(45)]);
    expect(whole.damaged).toBe(1);
    const again = encodeHistory(whole);
    expect(decodeHistory(again, DAY)!.damaged).toBe(0);
    const view = readHistory(again, DAY)!;
    expect(view.newestTime()).toBe(at(45));
    expect(view.gainedSince("2605.00001", at(48))).toBe(
      gainedSince(whole.papers.get("2605.00001")?.points, at(48)),
    );
  });

  it("a gain reads a series' newest points only: a bad point older than the window is not read", () => {
    const view = readHistory(v3({ "2605.00001": { u: `bad,${at(1)}:1,${at(30)}:7,${at(40)}:12` } }), DAY)!;
    expect(view.gainedSince("2605.00001", at(40))).toBe(12 - 1);
    expect(view.damaged).toBe(0);
    expect(view.series("2605.00001")).toHaveLength(3);
    expect(view.damaged).toBe(1);
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
    let series: HistoryPoint[] = [];
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

describe("writing a series back from its text", () => {
  /** The same history with every series copied: written from its points alone. */
  const fresh = (h: ReturnType<typeof withObservation>) =>
    encodeHistory({
      date: h.date,
      papers: new Map(
        [...h.papers].map(([id, p]) => [id, { ...p, points: p.points.map(([t, n]) => [t, n]) }]),
      ),
    } as ReturnType<typeof withObservation>);

  it("writes what the points say, whatever was read and added", () => {
    // Seeded, so a failure can be replayed.
    const random = seeded(11);
    const rand = (n: number) => Math.floor(random() * n);
    const id = "2605.00001";
    const texts = [
      "", // no point yet
      `${LISTED + H}:1`,
      `${LISTED + H}:1,${LISTED + 2 * H}:3`,
      `${LISTED + H}:01,${LISTED + 2 * H}:3`, // a leading zero: read alike, written without it
      `${LISTED + H}:1,x,${LISTED + 3 * H}:4`, // a bad point: left out
      `${LISTED + 3 * H}:4,${LISTED + H}:1`, // out of order
      Array.from({ length: MAX_POINTS }, (_, i) => `${LISTED + (i + 1) * H}:${i}`).join(","), // at the cap
      Array.from({ length: 30 }, (_, i) => `${LISTED + 60 * H + i * 7 * H}:${i}`).join(","), // thinned days
    ];
    let compared = 0;
    for (const text of texts)
      for (let k = 0; k < 40; k++) {
        let h: ReturnType<typeof withObservation> = decodeHistory(
          JSON.stringify({ v: HISTORY_VERSION, date: "2026-05-15", papers: { [id]: { u: text } } }),
          "2026-05-15",
        )!;
        // One to three observations: anywhere in the day's first 400 hours, or just after the
        // newest point (where, past 48 hours, one replaces the point before it); counts up or equal.
        for (let o = 0; o < 1 + rand(3); o++) {
          const newest = Math.max(LISTED, ...[...h.papers.values()].flatMap((p) => p.points.map(([t]) => t)));
          const at = rand(2) ? LISTED + (rand(400) + 1) * H + rand(2) * 1800 : newest + 1 + rand(8) * 1800;
          h = withObservation(h, at, new Map([[id, { upvotes: rand(50) }]]));
        }
        expect(encodeHistory(h), text).toBe(fresh(h));
        compared++;
      }
    expect(compared).toBe(texts.length * 40);
  });

  it("writes a series read back and appended to from the text read", () => {
    const text = `${LISTED + H}:1,${LISTED + 2 * H}:3`;
    const h = decodeHistory(
      JSON.stringify({ v: HISTORY_VERSION, date: "2026-05-15", papers: { "2605.00001": { u: text } } }),
      "2026-05-15",
    )!;
    const next = withObservation(h, LISTED + 3 * H, new Map([["2605.00001", { upvotes: 7 }]]));
    expect(JSON.parse(encodeHistory(next)).papers["2605.00001"].u).toBe(`${text},${LISTED + 3 * H}:7`);
  });
});
