import { describe, expect, it } from "vitest";
import { seeded } from "../../bench/workerd/seeded";
import { ARXIV_ID_RE, LIMITS } from "../../src/core/paper";
import { decodeSummary, encodeSummary } from "../../src/store/values/summary";

const DATE = "2026-05-18";
const TIME = "2026-05-18T10:00:00.000Z";
const idOf = (n: number) => `2605.${String(10000 + n)}`;

/**
 * The entries a summary keeps, checked one by one: each id valid and not seen before, its
 * upvotes a count, at most LIMITS.papersPerDay of them. The rule the decoder holds to,
 * written the plain way.
 */
function reference(ids: string[], upvotes: unknown[]): { ids: string[]; votes: unknown[]; damaged: number } {
  const kept: string[] = [];
  const votes: unknown[] = [];
  let damaged = 0;
  for (const [i, id] of ids.entries()) {
    const v = upvotes[i];
    const count = typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= LIMITS.count;
    if (!count || !ARXIV_ID_RE.test(id) || kept.includes(id) || kept.length >= LIMITS.papersPerDay) damaged++;
    else {
      kept.push(id);
      votes.push(v);
    }
  }
  return { ids: kept, votes, damaged: damaged + Math.max(0, upvotes.length - ids.length) };
}

describe("a summary read back", () => {
  it("keeps each paper's own counter time where it is before the summary's, and reads any other as the summary's", () => {
    const observed = Date.parse(TIME) / 1000;
    const written = encodeSummary({
      date: DATE,
      updated_at: TIME,
      observed_at: TIME,
      added_at: TIME,
      content: "",
      runs: [],
      ids: [idOf(1), idOf(2), idOf(3)],
      counters: [{ upvotes: 1 }, { upvotes: 2 }, { upvotes: 3 }],
      counted_at: [observed - 60, observed, 0],
    });
    expect(JSON.parse(written).counted_at, "written: null for the summary's own time").toEqual([
      observed - 60,
      null,
      0,
    ]);
    expect(decodeSummary(written, DATE)!.counted_at).toEqual([observed - 60, observed, 0]);
    const none = encodeSummary({
      ...decodeSummary(written, DATE)!,
      counted_at: [observed, observed, observed],
    });
    expect(
      JSON.parse(none).counted_at,
      "not written where every paper is at the summary's time",
    ).toBeUndefined();
    // Damaged entries read as the summary's time; an entry of a paper left out goes with it.
    const damaged = JSON.parse(written);
    damaged.counted_at = ["x", observed + 5, -1];
    damaged.upvotes[0] = "bad";
    const read = decodeSummary(JSON.stringify(damaged), DATE)!;
    expect(read.ids).toEqual([idOf(2), idOf(3)]);
    expect(read.counted_at).toEqual([observed, observed]);
  });

  it("keeps every entry of a summary as written", () => {
    const ids = Array.from({ length: 50 }, (_, i) => idOf(i));
    const counters = ids.map((_, i) =>
      i % 3 ? { upvotes: i, num_comments: i % 4 } : { upvotes: i, github_stars: 7 },
    );
    const s = decodeSummary(
      encodeSummary({
        date: DATE,
        updated_at: TIME,
        observed_at: TIME,
        added_at: TIME,
        content: "",
        runs: [],
        ids,
        counters,
      }),
      DATE,
    )!;
    expect(s.damaged).toBe(0);
    expect(s.ids).toEqual(ids);
    expect(s.counters).toEqual(counters);
  });

  it("hides only the entries that do not validate, whatever is damaged: ids, repeats, counts, the cap", () => {
    const random = seeded(3);
    const badIds = ["", "2605.1", "2605.123456", "x605.12345", "2605.12345v", "2605.12345 ", "2605.12345v2"];
    for (let n = 0; n < 600; n++) {
      const length = n % 50 === 0 ? LIMITS.papersPerDay + 5 : Math.floor(random() * 60);
      const ids = Array.from({ length }, (_, i) => {
        const r = random();
        if (r < 0.03) return badIds[Math.floor(random() * badIds.length)]!;
        if (r < 0.06 && i > 0) return idOf(Math.floor(random() * i)); // a repeat
        return idOf(i);
      });
      const upvotes: unknown[] = ids.map((_, i) => {
        const r = random();
        return r < 0.02 ? -1 : r < 0.04 ? "7" : r < 0.05 ? 1.5 : i;
      });
      if (random() < 0.1) upvotes.push(3, 4);
      const text = JSON.stringify({ v: 3, date: DATE, updated_at: TIME, ids: ids.join(" "), upvotes });
      const s = decodeSummary(text, DATE)!;
      const want = reference(ids.join(" ") === "" ? [] : ids.join(" ").split(" "), upvotes);
      expect(
        { ids: s.ids, votes: s.counters.map((c) => c.upvotes), damaged: s.damaged },
        `case ${n}`,
      ).toEqual(want);
    }
  });
});
