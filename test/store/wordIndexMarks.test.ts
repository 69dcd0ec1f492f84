// The index's marks of word indexes (IndexEntry.words): what a search trusts them for, what
// happens when the index or the word index goes wrong, and how runs keep them.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RunReport } from "../../src/core/runReport";
import { selectPapers } from "../../src/serve/select";
import { Archive } from "../../src/store/archive";
import { forgetIndex, updateIndex } from "../../src/store/days";
import { DAY_INDEX_KEY } from "../../src/store/values/dayIndex";
import {
  decodeRunRecord,
  encodeRunRecord,
  type RunRecord,
  runRecordKey,
} from "../../src/store/values/runRecord";
import { decodeSearchText } from "../../src/store/values/searchText";
import { indexWords } from "../../src/store/words";
import { countingKv, fakeOrigin } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { planFor, repairPass, storedIndex, wordIndexBuilt } from "../stored";

/** The fixtures' settled day (older than the window at NOW and LATER). */
const DAY = "2024-10-25";
const runReport: RunReport = {
  trigger: "cron",
  started_at: "2026-05-19T07:00:00.000Z",
  duration_ms: 5,
  ok: true,
  requests: 0,
  days: [],
};
const markOf = async (date: string) => (await storedIndex()).days.find((e) => e.date === date)?.words;

/** A search as the router makes it (the archive given the covered days' index entries). */
async function search(qs: string) {
  forgetIndex();
  const kv = countingKv(env.PAPERS);
  const plan = await planFor("/api/papers", qs, kv);
  const archive = new Archive(kv, plan.covered);
  const { papers } = await selectPapers(archive, plan);
  return {
    ids: papers.map((p) => p.id).sort(),
    gets: kv.gets.filter((k) => /^(words|text):/.test(k)),
    archive,
  };
}

describe("a word index the index names", () => {
  it.each([
    ["truncated", (v: string) => v.slice(0, 40)],
    ["of other content", (v: string) => v.replace(/^(search-words 2 )[0-9a-f]{32}/, `$1${"f".repeat(32)}`)],
  ])(
    "but %s: the search scans the text, finds the same papers, and notes the day for repair",
    async (_, damage) => {
      await runScrape(fakeOrigin());
      expect(await wordIndexBuilt(DAY)).toBe("indexed");
      const sound = await search(`date=${DAY}&q=model`);
      expect(sound.gets).toEqual([`words:${DAY}`]);
      expect(sound.archive.damaged.size).toBe(0);
      await env.PAPERS.put(`words:${DAY}`, damage((await env.PAPERS.get(`words:${DAY}`))!));
      const damaged = await search(`date=${DAY}&q=model`);
      expect(damaged.gets).toEqual([`words:${DAY}`, `text:${DAY}`]);
      expect(damaged.ids).toEqual(sound.ids);
      expect([...damaged.archive.damaged]).toEqual([DAY]);
    },
  );
});

describe("a word index made from a search text of version 2", () => {
  it("is not made: the repair pass rewrites the text first, and a word index of the old text is rebuilt with it", async () => {
    await runScrape(fakeOrigin());
    // A version-2 text (no content hash) of the summary's ids, with a word no paper has.
    const t = decodeSearchText((await env.PAPERS.get(`text:${DAY}`))!, DAY)!;
    const lines = t.text.split("\n");
    lines[0] = "xyzzyplugh";
    const body = [t.ids.join("\n"), lines.join("\n")];
    await env.PAPERS.put(
      `text:${DAY}`,
      `search-text 2 ${body[0]!.length} ${body[1]!.length}\f${body.join("\f")}`,
    );
    expect((await indexWords(env.PAPERS, DAY)).outcome).toBe("skipped");
    // A word index an older release made from it, named with the summary's content hash.
    const summary = JSON.parse((await env.PAPERS.get(`list:${DAY}`))!) as { content: string };
    const { encodeWordIndex } = await import("../../src/store/values/wordIndex");
    await env.PAPERS.put(
      `words:${DAY}`,
      encodeWordIndex(decodeSearchText((await env.PAPERS.get(`text:${DAY}`))!, DAY)!, summary.content),
    );
    const found = await repairPass({ date: DAY, now: LATER, settledBefore: "2026-05-01" });
    expect(found?.settled.wrote).toEqual(expect.arrayContaining([`text:${DAY}`, `words:${DAY}`]));
    expect(await wordIndexBuilt(DAY)).toBe("current");
    expect((await search(`date=${DAY}&q=xyzzyplugh`)).ids).toEqual([]);
  });
});

describe("marks the runs keep", () => {
  it("a run whose read of the index is older than a mark keeps it: the record of the run that made it names it", async () => {
    await runScrape(fakeOrigin());
    const before = (await env.PAPERS.get(DAY_INDEX_KEY))!;
    const upkeep = await runScrape(fakeOrigin(), { repair: true, targets: [], now: LATER });
    expect(upkeep.words).toEqual({ date: DAY, outcome: "indexed" });
    expect(await markOf(DAY)).toBeTruthy();
    // A run whose read of the index is the one KV's edge still serves from before (up to 60 s).
    const stale = new Proxy(env.PAPERS, {
      get(target, prop) {
        const own = Reflect.get(target, prop);
        if (prop !== "get") return typeof own === "function" ? own.bind(target) : own;
        return (key: string, ...rest: unknown[]) =>
          key === DAY_INDEX_KEY
            ? Promise.resolve(before)
            : (own as (...a: unknown[]) => unknown).call(target, key, ...rest);
      },
    }) as KVNamespace;
    const mark = await markOf(DAY);
    await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER + 30_000, kv: stale });
    expect(await markOf(DAY)).toBe(mark);
  });

  it("a run that finds one word index the index does not name names every settled day's it finds, in one index write", async () => {
    await runScrape(fakeOrigin());
    // Later, every stored day has settled, and each has a word index no run named (as after
    // an upgrade from a release without the marks).
    const days = (await storedIndex()).days.map((e) => e.date);
    expect(days.length).toBeGreaterThanOrEqual(4);
    for (const d of days) expect((await indexWords(env.PAPERS, d)).outcome).toBe("indexed");
    const kv = countingKv(env.PAPERS);
    const upkeep = await runScrape(fakeOrigin(), {
      repair: true,
      targets: [],
      now: Date.parse("2026-07-01T06:00:00Z"),
      kv,
    });
    expect(upkeep.words?.outcome).toBe("current");
    expect(kv.puts.filter((k) => k === DAY_INDEX_KEY)).toHaveLength(1);
    for (const d of days) expect(await markOf(d), d).toBeTruthy();
  });
});

describe("names from several runs", () => {
  const A = "a".repeat(32);
  const B = "b".repeat(32);
  const pointer = { key: "run:x", started_at: new Date(LATER).toISOString(), ok: true, readSomething: false };
  const recent = (names: [string, string][][]) =>
    names.map((wordIndexes, i) => ({
      report: { ...runReport, started_at: new Date(LATER - (names.length - i) * 60_000).toISOString() },
      saved: [],
      wordIndexes,
    }));

  it("the newest run's name of a day wins over an older run's, and over the one in the index", async () => {
    await runScrape(fakeOrigin());
    await updateIndex(env.PAPERS, [], LATER, pointer, recent([[[DAY, A]], [[DAY, B]]]));
    expect(await markOf(DAY)).toBe(B.slice(0, 8));
    await updateIndex(env.PAPERS, [], LATER, pointer, recent([[[DAY, A]]]), new Map([[DAY, B]]));
    expect(await markOf(DAY)).toBe(B.slice(0, 8));
  });

  it("a run looking for word indexes to name leaves out one of other content than its day's summary", async () => {
    await runScrape(fakeOrigin());
    const days = (await storedIndex()).days.map((e) => e.date);
    for (const d of days) expect((await indexWords(env.PAPERS, d)).outcome).toBe("indexed");
    const stale = days.find((d) => d !== "2026-05-18")!;
    const words = (await env.PAPERS.get(`words:${stale}`))!;
    await env.PAPERS.put(`words:${stale}`, words.replace(/^(search-words 2 )[0-9a-f]{32}/, `$1${A}`));
    await runScrape(fakeOrigin(), { repair: true, targets: [], now: Date.parse("2026-07-01T06:00:00Z") });
    expect(await markOf(stale)).toBeUndefined();
    for (const d of days.filter((d) => d !== stale)) expect(await markOf(d), d).toBeTruthy();
  });
});

describe("a run record's word indexes", () => {
  const record: Omit<RunRecord, "wordIndexes"> = {
    id: "2026-05-19T07:00:00.000Z:0a0b0c0d",
    report: runReport,
    observed: [],
    confirmed: [],
    saved: [],
    changed: [],
    unpurged: [],
    unannounced: false,
    listings: [],
  };
  const key = runRecordKey(record.id);
  const HASH = "0123456789abcdef0123456789abcdef";

  it("are written and read back, and a record without them reads as naming none", () => {
    const written = encodeRunRecord({ ...record, wordIndexes: [[DAY, HASH]] });
    expect(decodeRunRecord(written, key)?.wordIndexes).toEqual([[DAY, HASH]]);
    expect(decodeRunRecord(encodeRunRecord({ ...record, wordIndexes: [] }), key)?.wordIndexes).toEqual([]);
  });

  it("leave out each entry that does not validate, and keep the rest", () => {
    const raw = JSON.parse(encodeRunRecord({ ...record, wordIndexes: [] }));
    raw.word_indexes = [
      [DAY, HASH],
      ["2024-02-30", HASH],
      [DAY, "XYZ"],
      [DAY],
      "x",
      null,
      [DAY, HASH, 1],
      ["2026-05-15", HASH],
    ];
    expect(decodeRunRecord(JSON.stringify(raw), key)?.wordIndexes).toEqual([
      [DAY, HASH],
      ["2026-05-15", HASH],
    ]);
    raw.word_indexes = "all";
    expect(decodeRunRecord(JSON.stringify(raw), key)?.wordIndexes).toEqual([]);
  });
});
