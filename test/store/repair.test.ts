// The index, the listings and every value of a day survive damage: whatever is stored stays
// listed, the repair pass rewrites from the other values what is missing, damaged, stale or
// of an older layout, and it never moves a counter backwards.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { scrape } from "../../src/scrape/run";
import { DaysAnswer, PaperAnswer, StatusAnswer } from "../../src/serve/answers";
import { DAY_INDEX_KEY } from "../../src/store/values/dayIndex";
import { DAY_RECORD_VERSION, decodeDayRecord } from "../../src/store/values/dayRecord";
import { decodeHistory } from "../../src/store/values/history";
import {
  decodeRepairQueue,
  encodeRepairQueue,
  MAX_TRIES,
  REPAIR_QUEUE_KEY,
} from "../../src/store/values/repairQueue";
import { decodeSummary } from "../../src/store/values/summary";
import { indexWords } from "../../src/store/words";
import { COUNTS, countingKv, fakeOrigin, version4DayRecord } from "../fixtures";
import { answer, call, LATER, routeFetchTo, runScrape, SCRAPE_CONFIG } from "../helpers";
import { dayKeys, repairPass, storedDay, storedIndex } from "../stored";

const ALL_DAYS = Object.keys(COUNTS);
const DAY = "2026-05-15";
const K = dayKeys(DAY);

/**
 * The settled day's word index built, as the first upkeep run after a scrape builds it: an
 * upkeep run that builds one leaves its repair pass to the next, and these test that pass.
 */
const settledDayIndexed = () => indexWords(env.PAPERS, "2024-10-25");

/** The repair pass on one day, as a scheduled run makes it. */
const repair = async (date: string, kv: KVNamespace = env.PAPERS) =>
  (await repairPass({ date, kv, now: LATER, settledBefore: "2026-05-12" }))?.outcome;

describe("a damaged index", () => {
  it("a value that is not JSON: routes answer from the day keys, and the next run rewrites it", async () => {
    await runScrape(fakeOrigin());
    await env.PAPERS.put(
      DAY_INDEX_KEY,
      '{"updated_at":"2026-05-19T06:00:00.000Z","days":[{"date":"2026-05-18","cou',
    );
    const spy = routeFetchTo(fakeOrigin());
    for (const route of ["/api/papers", "/feed.atom", "/api/days", "/api/status", "/"]) {
      expect((await call(route)).status, route).toBe(200);
    }
    expect(spy).not.toHaveBeenCalled(); // the archive is not taken for empty: no bootstrap
    expect((await answer(DaysAnswer, "/api/days")).days.map((d) => d.date)).toEqual(ALL_DAYS);
    const report = await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER });
    expect(report.ok).toBe(true);
    expect((await answer(DaysAnswer, "/api/days")).days.map((d) => d.date)).toEqual(ALL_DAYS);
  });

  it("one invalid entry hides only itself, and a run does not forget the other days", async () => {
    await runScrape(fakeOrigin());
    const index = JSON.parse((await env.PAPERS.get(DAY_INDEX_KEY))!);
    index.days[1].count = -5;
    await env.PAPERS.put(DAY_INDEX_KEY, JSON.stringify(index));
    expect((await storedIndex()).days.map((d) => d.date)).toEqual(ALL_DAYS.filter((d) => d !== DAY));
    await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER });
    const repaired = await storedIndex();
    expect(repaired.days.map((d) => d.date)).toEqual(ALL_DAYS);
    expect(repaired.updated_at).not.toBeNull();
  });

  it("a run record that is not JSON: the status shows the run before, and the next run records itself", async () => {
    const first = await runScrape(fakeOrigin(), { targets: ["2026-05-18"] });
    const second = await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER });
    const newest = (await storedIndex()).last_run!.key;
    await env.PAPERS.put(newest, '{"v":1,"report":{"trig');
    expect((await answer(StatusAnswer, "/api/status")).last_run?.started_at).toBe(first.started_at);
    const third = await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER + 1_800_000 });
    expect(third.ok).toBe(true);
    expect((await answer(StatusAnswer, "/api/status")).last_run?.started_at).toBe(third.started_at);
    expect(second.started_at).not.toBe(third.started_at);
  });
});

describe("the repair pass", () => {
  it("rewrites values of an older layout (a version 4 record, version 1 history) once, and nothing else", async () => {
    await runScrape(fakeOrigin());
    const day = (await storedDay(DAY))!;
    await env.PAPERS.put(K.day, version4DayRecord(DAY, day.papers));
    const history = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!;
    const v1 = Object.fromEntries([...history.papers].map(([id, p]) => [id, p.points]));
    await env.PAPERS.put(K.history, JSON.stringify({ v: 1, date: DAY, papers: v1 }));
    const kv = countingKv(env.PAPERS);
    expect(await repair(DAY, kv)).toBe("repaired");
    expect(kv.puts.sort()).toEqual([K.day, K.history]);
    expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)?.version).toBe(DAY_RECORD_VERSION);
    expect(await storedDay(DAY)).toEqual(day);
    // Once is enough.
    const again = countingKv(env.PAPERS);
    expect(await repair(DAY, again)).toBe("sound");
    expect(again.puts).toEqual([]);
  });

  it("rebuilds what is missing or damaged from the other values: record, summary, search text, brief", async () => {
    await runScrape(fakeOrigin());
    const day = (await storedDay(DAY))!;
    const before = Object.fromEntries(
      await Promise.all(Object.entries(K).map(async ([k, key]) => [k, await env.PAPERS.get(key)] as const)),
    );
    await env.PAPERS.delete(K.day);
    await env.PAPERS.put(K.text, "search-text 3 nonsense");
    await env.PAPERS.put(K.brief, before.brief!.slice(0, 100));
    const summary = JSON.parse(before.summary!);
    summary.upvotes[2] = '1,"injected":true';
    await env.PAPERS.put(K.summary, JSON.stringify(summary));
    expect(await repair(DAY)).toBe("repaired");
    // The same content, in the order the values now list it.
    const hashOf = (v: string | null) => (v ?? "").split("\f")[0]!.split(" ")[2];
    for (const k of ["text", "brief"] as const)
      expect(hashOf(await env.PAPERS.get(K[k])), k).toBe(hashOf(before[k]!));
    expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)?.papers).toHaveLength(day.papers.length);
    expect(decodeSummary((await env.PAPERS.get(K.summary))!, DAY)).toMatchObject({
      damaged: 0,
      content: JSON.parse(before.summary!).content,
    });
    const byId = (papers: { id: string }[]) => [...papers].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId((await storedDay(DAY))!.papers)).toEqual(byId(day.papers));
  });

  it("rebuilds a paper's record that is damaged, or lost its listing, from the day record", async () => {
    await runScrape(fakeOrigin());
    const [a, b] = (await storedDay(DAY))!.papers;
    await env.PAPERS.put(`paper:${a!.id}`, '{"v":3,"listed_on":["2026-05-15"],"paper":{"id":"');
    const own = JSON.parse((await env.PAPERS.get(`paper:${b!.id}`))!);
    await env.PAPERS.put(`paper:${b!.id}`, JSON.stringify({ ...own, listed_on: [] }));
    expect(await repair(DAY)).toBe("repaired");
    expect((await answer(PaperAnswer, `/api/papers/${a!.id}`)).paper).toEqual(a);
    expect((await answer(PaperAnswer, `/api/papers/${b!.id}`)).listed_on).toEqual([DAY]);
  });

  it("never moves a counter backwards: a lost summary is rebuilt from the history's newest counts, with no new point", async () => {
    await runScrape(fakeOrigin());
    const day = (await storedDay(DAY))!;
    // The day record of the previous release held the upvotes of its last content change;
    // the history held 100 more.
    const older = day.papers.map((p) => ({ ...p, upvotes: Math.max(0, p.upvotes - 100) }));
    await env.PAPERS.put(K.day, version4DayRecord(DAY, older, "2026-05-18T00:00:00.000Z"));
    const historyBefore = await env.PAPERS.get(K.history);
    await env.PAPERS.delete(K.summary);
    expect(await repair(DAY)).toBe("repaired");
    const rebuilt = decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
    expect(rebuilt.counters.map((c) => c.upvotes)).toEqual(day.papers.map((p) => p.upvotes));
    expect(await env.PAPERS.get(K.history)).toBe(historyBefore);
  });

  it("a settled day whose values agree but whose word index was never built is indexed, not repaired", async () => {
    await runScrape(fakeOrigin());
    const settled = "2024-10-25";
    const kv = countingKv(env.PAPERS);
    expect(await repair(settled, kv)).toBe("indexed");
    expect(kv.puts).toEqual([dayKeys(settled).words]);
    expect(await repair(settled)).toBe("sound");
    // A damaged value beside it is a repair, whatever else is rebuilt with it.
    await env.PAPERS.delete(dayKeys(settled).words);
    await env.PAPERS.delete(dayKeys(settled).brief);
    expect(await repair(settled)).toBe("repaired");
  });

  it("a run whose repair pass only built a word index invalidates no cached answer of that day", async () => {
    await runScrape(fakeOrigin());
    // Weeks later every fixture day has settled: the words step indexes the newest, the
    // repair pass's rotation builds the others' indexes.
    const later = Date.parse("2026-07-01T00:00:00Z");
    await runScrape(fakeOrigin(), { targets: [], repair: true, now: later });
    const index = await storedIndex();
    const slot = index.days.findIndex((e) => e.date === DAY);
    const n = index.days.length;
    const at = later + 1_800_000 * (((slot - Math.floor(later / 1_800_000)) % n) + n);
    const invalidated: string[] = [];
    const cache = {
      purge: async () => ({ success: true }),
      invalidate: async ({ tags }: { tags: string[] }) => {
        invalidated.push(...tags);
        return { success: true };
      },
    };
    const report = await scrape(
      { kv: env.PAPERS, config: SCRAPE_CONFIG, fetch: fakeOrigin().fetch, now: at, cache, repair: true },
      [],
    );
    expect(report.repair).toEqual({ date: DAY, outcome: "indexed" });
    expect(invalidated).not.toContain(`d:${DAY}`);
  });

  it("a day whose papers' content is nowhere any more is unreadable: nothing is rewritten, and the run reads it again", async () => {
    await runScrape(fakeOrigin());
    await settledDayIndexed();
    await env.PAPERS.delete(K.day);
    for (const p of (await storedDay(DAY))!.papers) await env.PAPERS.delete(`paper:${p.id}`);
    const kv = countingKv(env.PAPERS);
    expect(await repair(DAY, kv)).toBe("unreadable");
    expect(kv.puts).toEqual([]);
    const origin = fakeOrigin();
    const index = await storedIndex();
    const slot = index.days.findIndex((e) => e.date === DAY);
    // A scheduled run whose turn falls on the day: it checks it, finds it unreadable, reads it again.
    const at =
      LATER + 1_800_000 * (((slot - Math.floor(LATER / 1_800_000)) % index.days.length) + index.days.length);
    const report = await runScrape(origin, { targets: [], repair: true, now: at });
    expect(report.repair).toEqual({ date: DAY, outcome: "unreadable" });
    expect(origin.calls).toContain(`http://hf.test/api/daily_papers?date=${DAY}&p=0&limit=100`);
    expect((await storedDay(DAY))?.papers).toHaveLength(COUNTS[DAY]);
  });
});

describe("the repair queue", () => {
  it("reads a queue of the previous version (report times alone) as days not tried yet", () => {
    const q = decodeRepairQueue(JSON.stringify({ v: 1, days: { "2026-05-15": "2026-05-19T06:00:00.000Z" } }));
    expect([...q]).toEqual([["2026-05-15", { at: "2026-05-19T06:00:00.000Z", tries: 0 }]]);
  });

  it("a queued day no run can make readable leaves the queue after MAX_TRIES passes", async () => {
    await runScrape(fakeOrigin());
    await settledDayIndexed();
    const DAY = "2026-05-15";
    // Its summary lists a paper whose content is nowhere, and upstream cannot be read.
    const raw = JSON.parse((await env.PAPERS.get(dayKeys(DAY).summary))!);
    raw.ids = `${raw.ids} 2605.99999`;
    raw.upvotes.push(1);
    raw.comments = undefined;
    raw.stars = undefined;
    await env.PAPERS.put(dayKeys(DAY).summary, JSON.stringify(raw));
    const at = new Date(LATER).toISOString();
    await env.PAPERS.put(REPAIR_QUEUE_KEY, encodeRepairQueue(new Map([[DAY, { at, tries: 0 }]])));
    const tries: (number | undefined)[] = [];
    for (let run = 0; run < MAX_TRIES; run++) {
      const report = await runScrape(
        fakeOrigin(() => new Response("down", { status: 503 })),
        {
          targets: [],
          repair: true,
          now: LATER + run * 1_800_000,
        },
      );
      expect(report.repair).toEqual({ date: DAY, outcome: "unreadable" });
      tries.push(decodeRepairQueue((await env.PAPERS.get(REPAIR_QUEUE_KEY)) ?? "").get(DAY)?.tries);
    }
    expect(tries).toEqual([...Array.from({ length: MAX_TRIES - 1 }, (_, i) => i + 1), undefined]);
  });
});
