// Comments and stars keep a time of their own where it is before their paper's counter time (a read
// through the cards shows upvotes alone and holds older values' comments and stars): in the summary
// (`stars_at`), a run record's observation (`stars_at`) and the history (`t`, before a paper's newest
// point). Each is read back as written; values written without it (older releases') read as before,
// every paper's comments and stars at its counter time; and a damaged entry reads as that time.
import { describe, expect, it } from "vitest";
import { decodeHistory, encodeHistory, withObservation } from "../../src/store/values/history";
import {
  decodeRunRecord,
  encodeRunRecord,
  type RunRecord,
  runRecordKey,
} from "../../src/store/values/runRecord";
import { decodeSummary, encodeSummary, type Summary, starsTimes } from "../../src/store/values/summary";

const DATE = "2026-05-18";
const TIME = "2026-05-19T07:00:00.000Z";
const AT = Date.parse(TIME) / 1000;
const ids = ["2605.13301", "2605.13302", "2605.13303"];
const counters = [
  { upvotes: 1, github_stars: 10, num_comments: 1 },
  { upvotes: 2, github_stars: 20 },
  { upvotes: 3 },
];

describe("a summary's comments and stars times", () => {
  const summary: Summary = {
    date: DATE,
    updated_at: TIME,
    observed_at: TIME,
    added_at: TIME,
    content: "",
    runs: [],
    ids,
    counters,
    counted_at: [AT - 60, AT, 0],
  };

  it("are read back as written, and not written where each is its paper's counter time", () => {
    const written = encodeSummary({ ...summary, stars_at: [AT - 600, AT, 0] });
    expect(JSON.parse(written).stars_at, "null for a paper's own counter time").toEqual([
      AT - 600,
      null,
      null,
    ]);
    const read = decodeSummary(written, DATE)!;
    expect(read.stars_at).toEqual([AT - 600, AT, 0]);
    const at = starsTimes(read);
    expect([at(0), at(1), at(2)]).toEqual([AT - 600, AT, 0]);
    const plain = encodeSummary({ ...summary, stars_at: [AT - 60, AT, 0] });
    expect(JSON.parse(plain).stars_at).toBeUndefined();
    expect(decodeSummary(plain, DATE)!.stars_at).toBeUndefined();
  });

  it("written without them (an older release's), read as each paper's counter time", () => {
    const read = decodeSummary(encodeSummary(summary), DATE)!;
    expect(read.stars_at).toBeUndefined();
    const at = starsTimes(read);
    expect([at(0), at(1), at(2)]).toEqual([AT - 60, AT, 0]);
  });

  it("damaged, read as the paper's counter time, and an entry goes with a paper left out", () => {
    const raw = JSON.parse(encodeSummary({ ...summary, stars_at: [AT - 600, AT - 30, 0] }));
    raw.stars_at = [AT - 60, "x", -1];
    expect(decodeSummary(JSON.stringify(raw), DATE)!.stars_at, "not before the counter time").toEqual([
      AT - 60,
      AT,
      0,
    ]);
    raw.stars_at = [AT - 600, AT - 30, 5];
    raw.upvotes[0] = "bad";
    const read = decodeSummary(JSON.stringify(raw), DATE)!;
    expect(read.ids).toEqual(ids.slice(1));
    expect(read.stars_at).toEqual([AT - 30, 0]);
  });
});

describe("a run record observation's comments and stars times", () => {
  const id = "2026-05-19T07:00:00.000Z:0a0b0c0d";
  const key = runRecordKey(id);
  const record = (observed: RunRecord["observed"]): RunRecord => ({
    id,
    report: { trigger: "cron", started_at: TIME, duration_ms: 5, ok: true, requests: 1, days: [] },
    observed,
    confirmed: observed,
    saved: [],
    changed: [],
    unpurged: [],
    unannounced: false,
    wordIndexes: [],
    listings: [],
  });
  const observation = { date: DATE, at: AT, ids, counters, counted_at: [AT, AT - 60, 0] };

  it("are read back as written, in observations and confirmations alike, and not written where none is earlier", () => {
    const text = encodeRunRecord(record([{ ...observation, stars_at: [AT - 600, AT - 60, 0] }]));
    expect(JSON.parse(text).observed[0].stars_at).toEqual([AT - 600, null, null]);
    const read = decodeRunRecord(text, key)!;
    expect(read.observed[0]!.stars_at).toEqual([AT - 600, AT - 60, 0]);
    expect(read.confirmed[0]!.stars_at).toEqual([AT - 600, AT - 60, 0]);
    const plain = encodeRunRecord(record([{ ...observation, stars_at: [AT, AT - 60, 0] }]));
    expect(JSON.parse(plain).observed[0].stars_at).toBeUndefined();
    expect(decodeRunRecord(plain, key)!.observed[0]!.stars_at).toBeUndefined();
  });

  it("damaged, read as the paper's counter time; a record written without them reads as before", () => {
    const raw = JSON.parse(encodeRunRecord(record([{ ...observation, stars_at: [AT - 600, AT - 90, 0] }])));
    raw.observed[0].stars_at = [AT + 60, AT - 60, "x"];
    expect(decodeRunRecord(JSON.stringify(raw), key)!.observed[0]!.stars_at).toEqual([AT, AT - 60, 0]);
    delete raw.observed[0].stars_at;
    expect(decodeRunRecord(JSON.stringify(raw), key)!.observed[0]!.stars_at).toBeUndefined();
  });
});

describe("a history paper's comments and stars time", () => {
  const T = Date.parse(`${DATE}T10:00:00Z`) / 1000;
  const empty = { date: DATE, papers: new Map() };
  const full = withObservation(empty, T, new Map([[ids[0]!, { upvotes: 1, github_stars: 50 }]]));
  // A read through the cards, later, of more upvotes and older stars (40, observed before T).
  const cards = withObservation(
    full,
    T + 60,
    new Map([[ids[0]!, { upvotes: 2, github_stars: 40 }]]),
    true,
    new Map([[ids[0]!, T - 60]]),
  );

  it("keeps the newer stars beside a later point of older ones, dated when they were observed", () => {
    expect(cards.papers.get(ids[0]!)).toEqual({
      points: [
        [T, 1],
        [T + 60, 2],
      ],
      github_stars: 50,
      stars_at: T,
    });
    const read = decodeHistory(encodeHistory(cards), DATE)!;
    expect(read.damaged).toBe(0);
    expect(read.papers.get(ids[0]!)).toEqual(cards.papers.get(ids[0]!));
    expect(
      JSON.parse(encodeHistory(full)).papers[ids[0]!].t,
      "not written at the newest point",
    ).toBeUndefined();
    // An observation of newer stars still takes their place.
    const newer = withObservation(cards, T + 30, new Map([[ids[0]!, { upvotes: 1, github_stars: 55 }]]));
    expect(newer.papers.get(ids[0]!)?.github_stars).toBe(55);
    expect(newer.papers.get(ids[0]!)?.stars_at).toBe(T + 30);
  });

  it("written without it (an older release's), or damaged, read as the newest point's", () => {
    const raw = JSON.parse(encodeHistory(cards));
    for (const t of [undefined, T + 60, -1, "x", 1.5, 1e15, [T]]) {
      raw.papers[ids[0]!].t = t;
      const read = decodeHistory(JSON.stringify(raw), DATE)!;
      expect(read.papers.get(ids[0]!)?.stars_at, String(t)).toBeUndefined();
      expect(read.papers.get(ids[0]!)?.github_stars).toBe(50);
    }
  });
});

describe("a history paper's stars moved without its upvotes", () => {
  const T = Date.parse(`${DATE}T10:00:00Z`) / 1000;
  const empty = { date: DATE, papers: new Map() };
  const one = (stars: number) => new Map([[ids[0]!, { upvotes: 1, github_stars: stars }]]);
  const first = withObservation(empty, T, one(40));
  const moved = withObservation(first, T + 120, one(50));

  it("keeps the newer stars dated after the newest point, and read back as written", () => {
    expect(moved.papers.get(ids[0]!)).toEqual({ points: [[T, 1]], github_stars: 50, stars_at: T + 120 });
    expect(decodeHistory(encodeHistory(moved), DATE)!.papers.get(ids[0]!)).toEqual(moved.papers.get(ids[0]!));
    // An older read, made between the point and them, does not take their place; the same stars read
    // again leave the history as it is.
    expect(withObservation(moved, T + 60, one(45)).papers.get(ids[0]!)?.github_stars).toBe(50);
    expect(withObservation(moved, T + 180, one(50))).toBe(moved);
    expect(withObservation(first, T + 60, one(40))).toBe(first);
  });

  it("held as observed more than a day past the run, replaced by any read", () => {
    const raw = JSON.parse(encodeHistory(moved));
    raw.papers[ids[0]!].t = T + 10 * 86_400;
    const planted = decodeHistory(JSON.stringify(raw), DATE)!;
    expect(planted.papers.get(ids[0]!)?.stars_at).toBe(T + 10 * 86_400);
    const read = withObservation(planted, T + 300, one(60), true, undefined, T + 300);
    expect(read.papers.get(ids[0]!)).toEqual({ points: [[T, 1]], github_stars: 60, stars_at: T + 300 });
  });
});
