// The index's mark of a day's word index: read back only in its own shape, and trusted only
// for the content whose hash it begins.
import { describe, expect, it } from "vitest";
import { decodeDayIndex, encodeDayIndex, namesWordIndex, wordsFlag } from "../../src/store/values/dayIndex";

const HASH = "0123456789abcdef0123456789abcdef";

describe("an index entry's word index mark", () => {
  it("is written and read back with its entry", () => {
    const text = encodeDayIndex({
      updated_at: null,
      days: [{ date: "2026-05-15", count: 3, words: wordsFlag(HASH) }],
    });
    expect(decodeDayIndex(text)?.days).toEqual([{ date: "2026-05-15", count: 3, words: "01234567" }]);
  });

  it.each([["0123456"], ["0123456789"], ["ABCDEF01"], ['<bad>&"'], [12], [null], [["01234567"]]])(
    "%j is dropped, and the entry kept",
    (words) => {
      const text = JSON.stringify({
        v: 2,
        updated_at: null,
        days: [{ date: "2026-05-15", count: 3, words }],
      });
      expect(decodeDayIndex(text)?.days).toEqual([{ date: "2026-05-15", count: 3 }]);
    },
  );

  it("names a word index only of the content whose hash it begins", () => {
    const entry = { date: "2026-05-15", count: 3, words: wordsFlag(HASH) };
    expect(namesWordIndex(entry, HASH)).toBe(true);
    expect(namesWordIndex(entry, `f${HASH.slice(1)}`)).toBe(false);
    expect(namesWordIndex(entry, "")).toBe(false); // a summary that names no content
    expect(namesWordIndex(entry, "01234567")).toBe(false);
    expect(namesWordIndex({ date: "2026-05-15", count: 3 }, HASH)).toBe(false);
    expect(namesWordIndex(undefined, HASH)).toBe(false);
  });
});
