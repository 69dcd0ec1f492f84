// A search over settled days reads one value a day: the day's word index where the day index
// says one was built for the day's content, else its search text, never a miss and then the text.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { indexWords } from "../../src/store/words";
import { countingKv, fakeOrigin } from "../fixtures";
import { keysRead, LATER, runScrape } from "../helpers";

describe("a search over settled days", () => {
  it("reads the search text of days without a word index, and the word index once the index names it", async () => {
    await runScrape(fakeOrigin());
    // Served now, long after May 2026: those days have settled, and no run has built their
    // word indexes yet (as after a backfill).
    const before = await keysRead("/api/papers?month=2026-05&q=model");
    const days = (JSON.parse(before.body) as { days: string[] }).days;
    expect(days).toHaveLength(3);
    expect(before.gets.filter((k) => k.startsWith("words:"))).toEqual([]);
    expect(before.gets.filter((k) => k.startsWith("text:")).sort()).toEqual(
      days.map((d) => `text:${d}`).sort(),
    );
    const unindexed = await keysRead("/api/papers?date=2024-10-25&q=model");
    expect(unindexed.gets.filter((k) => /^(words|text):/.test(k))).toEqual(["text:2024-10-25"]);
    // An upkeep run builds the word index of the newest settled day, and the index says so.
    const upkeep = await runScrape(fakeOrigin(), { repair: true, targets: [], now: LATER });
    expect(upkeep.words).toEqual({ date: "2024-10-25", outcome: "indexed" });
    const indexed = await keysRead("/api/papers?date=2024-10-25&q=model");
    expect(indexed.gets.filter((k) => /^(words|text):/.test(k))).toEqual(["words:2024-10-25"]);
    expect(JSON.parse(indexed.body).papers).toEqual(JSON.parse(unindexed.body).papers);
    expect(JSON.parse(indexed.body).count).toBeGreaterThan(0);
  });

  it("a run that finds a word index current which the index does not name writes the index, and only it", async () => {
    await runScrape(fakeOrigin());
    // Built where no run saw it (a run's index write lost to a slower run's): not read.
    expect((await indexWords(env.PAPERS, "2024-10-25")).outcome).toBe("indexed");
    const unnamed = await keysRead("/api/papers?date=2024-10-25&q=model");
    expect(unnamed.gets.filter((k) => /^(words|text):/.test(k))).toEqual(["text:2024-10-25"]);
    const kv = countingKv(env.PAPERS);
    const upkeep = await runScrape(fakeOrigin(), { repair: true, targets: [], now: LATER, kv });
    expect(upkeep.words).toEqual({ date: "2024-10-25", outcome: "current" });
    expect(kv.puts.map((k) => k.replace(/^run:.*/, "run:…"))).toEqual(["days", "run:…"]);
    const named = await keysRead("/api/papers?date=2024-10-25&q=model");
    expect(named.gets.filter((k) => /^(words|text):/.test(k))).toEqual(["words:2024-10-25"]);
    // Once named, the next upkeep run that finds it current writes nothing.
    const quiet = countingKv(env.PAPERS);
    await runScrape(fakeOrigin(), { repair: true, targets: [], now: LATER + 1_800_000, kv: quiet });
    expect(quiet.puts).toEqual([]);
  });
});
