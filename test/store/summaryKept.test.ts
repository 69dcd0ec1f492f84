// Summaries as the isolate keeps them between answers (decodeSummaryKept, store/memo.ts):
// what it gives from what it kept must be what decoding the same text gives, for that day
// only, and nothing an answer does to it can reach the next answer.
import { describe, expect, it } from "vitest";
import { decodeSummary, decodeSummaryKept, encodeSummary } from "../../src/store/values/summary";

const summaryText = (date: string, upvotes: number[]) =>
  encodeSummary({
    date,
    updated_at: `${date}T10:00:00.000Z`,
    observed_at: `${date}T10:00:00.000Z`,
    added_at: `${date}T09:00:00.000Z`,
    content: "",
    runs: [],
    ids: upvotes.map((_, i) => `2605.${String(10000 + i)}`),
    counters: upvotes.map((upvotes) => ({ upvotes })),
  });
/** Another string of the same characters, as the next KV read gives. */
const reread = (text: string) => text.split("").join("");

describe("a kept summary", () => {
  it("is what decoding the same text gives, and is given again for the same characters read again", () => {
    const text = summaryText("2026-08-03", [5, 7]);
    const kept = decodeSummaryKept(text, "2026-08-03");
    expect(kept).toEqual(decodeSummary(text, "2026-08-03"));
    expect(decodeSummaryKept(reread(text), "2026-08-03")).toBe(kept);
  });

  it("is decoded again when the day's text changed", () => {
    const before = decodeSummaryKept(summaryText("2026-08-04", [5]), "2026-08-04");
    const after = decodeSummaryKept(summaryText("2026-08-04", [9]), "2026-08-04");
    expect(before?.counters[0]?.upvotes).toBe(5);
    expect(after?.counters[0]?.upvotes).toBe(9);
  });

  it("is of its day: the same text read for another day is no summary of it", () => {
    const text = summaryText("2026-08-05", [5]);
    expect(decodeSummaryKept(text, "2026-08-05")).not.toBeNull();
    expect(decodeSummaryKept(text, "2026-08-06")).toBeNull();
    expect(decodeSummaryKept(text, "2026-08-05")).not.toBeNull();
  });

  it("is frozen through: changing its counters or ids throws, and the next read gives it as stored", () => {
    const text = summaryText("2026-08-07", [5, 7]);
    const kept = decodeSummaryKept(text, "2026-08-07")!;
    expect(() => {
      (kept.counters[0] as { upvotes: number }).upvotes = 500;
    }).toThrow(TypeError);
    expect(() => kept.ids.push("2605.99999")).toThrow(TypeError);
    expect(decodeSummaryKept(reread(text), "2026-08-07")?.counters.map((c) => c.upvotes)).toEqual([5, 7]);
  });

  it("keeps a damaged summary's count of damaged entries", () => {
    const text = summaryText("2026-08-10", [5, 7]).replace('"upvotes":[5,7]', '"upvotes":[5,"x"]');
    expect(decodeSummaryKept(text, "2026-08-10")?.damaged).toBe(1);
    expect(decodeSummaryKept(reread(text), "2026-08-10")?.damaged).toBe(1);
  });
});
