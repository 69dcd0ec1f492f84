// Attacks on the store found by review, each stating what the store promises (README,
// DEVELOPERS.md, the modules' own comments): content past the limits, times from the far
// future, strays in the history, lying values, runs racing on the index, an unrepairable
// queued day. Each failed before its fix. The first attacks are in attack.test.ts.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { Archive } from "../../src/store/archive";
import { newRunId } from "../../src/store/runs";
import { type FreshRead, settleDay } from "../../src/store/settle";
import { BRIEF_MAX_BYTES } from "../../src/store/values/brief";
import { DAY_INDEX_KEY } from "../../src/store/values/dayIndex";
import { MAX_PAPERS_PER_DAY } from "../../src/store/values/dayRecord";
import { decodeHistory, MAX_POINTS } from "../../src/store/values/history";
import { paperRecordKey } from "../../src/store/values/paperRecord";
import { encodeRepairQueue, REPAIR_QUEUE_KEY } from "../../src/store/values/repairQueue";
import { decodeSummary } from "../../src/store/values/summary";
import { ALL_COUNT, COUNTS, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, forgetStored, LATER, NOW, runScrape } from "../helpers";
import { memoryKv } from "../memoryKv";
import { dayKeys, repairPass, storedDay, storedIndex } from "../stored";
import { dayPage, down, plantRunRecord, slowWrites, untilBlocked, valueLimitedKv } from "./attackShared";

const DAY = "2026-05-15";
const K = dayKeys(DAY);
const summaryOf = async (kv: KVNamespace, date = DAY) =>
  decodeSummary((await kv.get(dayKeys(date).summary))!, date)!;
const upvotesOf = async (kv: KVNamespace, id: string, date = DAY) =>
  (await storedDay(date, kv))!.papers.find((p) => p.id === id)!.upvotes;

describe("ingest: a real paper past one of the content limits", () => {
  it("a paper with 2,900 authors (a large collaboration's) is stored, its authors cut to the limit", async () => {
    const store = memoryKv();
    const props = propsOf(DAY);
    const big = props.dailyPapers[0]!.paper;
    // Initials and a surname, as physics collaborations list them: some 17 bytes a name.
    big.authors = Array.from({ length: 2900 }, (_, i) => ({ name: `G. Surname${i}`, hidden: false }));
    const report = await runScrape(
      fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined)),
      { kv: store, targets: [DAY] },
    );
    expect(report.days[0]).not.toHaveProperty("dropped");
    const stored = (await storedDay(DAY, store))!.papers.find((p) => p.id === big.id);
    expect(stored, `${big.id} is not stored`).toBeDefined();
    expect(stored!.authors.length).toBeGreaterThan(0);
  });

  it("a title, an abstract or a keyword list past its limit is cut, not the paper dropped", async () => {
    const store = memoryKv();
    const props = propsOf(DAY);
    const [a, b, c] = props.dailyPapers.map((i) => i.paper);
    a!.title = "T".repeat(1_200);
    b!.summary = "s ".repeat(6_000);
    c!.ai_keywords = Array.from({ length: 150 }, (_, i) => `k${i}`);
    const report = await runScrape(
      fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined)),
      { kv: store, targets: [DAY] },
    );
    expect(report.days[0]).not.toHaveProperty("dropped");
    expect((await storedDay(DAY, store))!.papers).toHaveLength(COUNTS[DAY]);
  });
});

describe("ingest: an upstream time the upstream schema accepts", () => {
  it.each(["2026-05-14T10:00:00+02:00", "2026-05-14T08:00:00.123456Z"])(
    "publishedAt %s (RFC 3339) is stored as a UTC time, and drops no paper",
    async (time) => {
      const store = memoryKv();
      const props = propsOf(DAY);
      for (const item of props.dailyPapers) {
        item.paper.publishedAt = time;
        item.publishedAt = time;
      }
      const report = await runScrape(
        fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined)),
        { kv: store, targets: [DAY] },
      );
      expect(report.days[0]).toMatchObject({ count: COUNTS[DAY] });
      expect(report.days[0]).not.toHaveProperty("dropped");
      const stored = (await storedDay(DAY, store))!.papers;
      expect(stored).toHaveLength(COUNTS[DAY]);
      expect(stored[0]!.published_at).toMatch(/^2026-05-14T08:00:00(\.\d{3})?Z$/);
    },
  );
});

describe("the upvote history holds only the papers the day lists", () => {
  const FULL = "2026-05-13";
  /** A page for FULL listing 300 ids never seen before, each time it is asked. */
  function everNewPapers() {
    let served = 0;
    return fakeOrigin((url) => {
      if (!url.endsWith(FULL)) return undefined;
      const items = Array.from({ length: MAX_PAPERS_PER_DAY }, (_, i) => ({
        paper: {
          id: `2605.${String(10000 + served++)}`,
          title: `Paper ${served}`,
          upvotes: i,
          submittedOnDailyAt: `${FULL}T00:00:00.000Z`,
        },
      }));
      return new Response(pageWith({ dailyPapers: items, dateString: FULL }));
    });
  }
  async function fullDayAfterRuns(runs: number) {
    const store = memoryKv();
    const origin = everNewPapers();
    for (let run = 0; run < runs; run++)
      await runScrape(origin, { kv: store, targets: [FULL], now: LATER + run * 1_800_000 });
    return store;
  }

  it("papers a full day leaves out (past the cap of 300) get no history: it stays bounded", async () => {
    const store = await fullDayAfterRuns(3);
    const history = decodeHistory((await store.get(dayKeys(FULL).history))!, FULL)!;
    const listed = new Set((await summaryOf(store, FULL)).ids);
    expect(history.papers.size).toBeLessThanOrEqual(MAX_PAPERS_PER_DAY);
    expect([...history.papers.keys()].filter((id) => !listed.has(id))).toHaveLength(0);
  });

  it("so the repair pass finds a full day sound, not unreadable, and a damaged summary's stand-in keeps the cap", async () => {
    const store = await fullDayAfterRuns(2);
    const found = await repairPass({ kv: store, now: LATER + 7_200_000, settledBefore: "2026-05-01" });
    expect(found?.outcome).not.toBe("unreadable");
    const s = JSON.parse((await store.get(dayKeys(FULL).summary))!);
    s.upvotes[0] = "damaged";
    await store.put(dayKeys(FULL).summary, JSON.stringify(s));
    const listing = (await new Archive(store).listings([FULL])).get(FULL)!;
    expect(listing.ids.length).toBeLessThanOrEqual(MAX_PAPERS_PER_DAY);
  });

  it("a history naming another day's paper does not move that paper onto the day (counters never rewrite content)", async () => {
    const store = memoryKv();
    const OTHER = "2026-05-14";
    await runScrape(fakeOrigin(), { kv: store, targets: [DAY, OTHER] });
    const foreign = (await summaryOf(store, DAY)).ids[0]!;
    const h = JSON.parse((await store.get(dayKeys(OTHER).history))!);
    h.papers[foreign] = { u: [[Date.parse(`${OTHER}T12:00:00Z`) / 1000, 5]] };
    await store.put(dayKeys(OTHER).history, JSON.stringify(h));
    await repairPass({ date: OTHER, kv: store, now: LATER, settledBefore: "2026-05-01" });
    expect((await summaryOf(store, OTHER)).ids).not.toContain(foreign);
    expect((await storedDay(OTHER, store))!.papers.map((p) => p.id)).not.toContain(foreign);
  });
});

describe("times read from the store are held to the run's clock", () => {
  async function scrapedDay() {
    const store = memoryKv();
    await runScrape(fakeOrigin(), { kv: store, targets: [DAY] });
    const template = (await store.get((await storedIndex(store)).last_run!.key))!;
    const summary = await summaryOf(store);
    return { store, template, summary };
  }

  it("a run record observing a day at a time past what Date can show does not stop that day being saved", async () => {
    const { store, template, summary } = await scrapedDay();
    await plantRunRecord(store, template, NOW + 60_000, [
      {
        date: DAY,
        at: 9e15,
        ids: summary.ids[0]!,
        counters: [[summary.counters[0]!.upvotes + 1, null, null]],
      },
    ]);
    const report = await runScrape(
      dayPage(DAY, (p) => {
        p.dailyPapers[0]!.paper.upvotes += 5;
      }),
      { kv: store, targets: [DAY], now: LATER },
    );
    expect(report.days[0]?.error).toBeUndefined();
    expect(report.days[0]?.outcome).not.toBe("failed");
  });

  it("a summary whose counters claim to be observed in the year 9999 does not freeze them", async () => {
    const { store, summary } = await scrapedDay();
    const raw = JSON.parse((await store.get(K.summary))!);
    raw.observed_at = "9999-01-01T00:00:00.000Z";
    await store.put(K.summary, JSON.stringify(raw));
    const id = summary.ids[0]!;
    const before = summary.counters[0]!.upvotes;
    for (let run = 1; run <= 3; run++)
      await runScrape(
        dayPage(DAY, (p) => {
          p.dailyPapers.find((i) => i.paper.id === id)!.paper.upvotes = before + 50 * run;
        }),
        { kv: store, targets: [DAY], now: LATER + run * 1_800_000 },
      );
    expect(await upvotesOf(store, id)).toBe(before + 150);
  });

  it("a run record observing a day in the year 9000, once merged, does not freeze its counters after it has expired", async () => {
    const { store, template, summary } = await scrapedDay();
    const id = summary.ids[0]!;
    const before = summary.counters[0]!.upvotes;
    await plantRunRecord(store, template, NOW + 60_000, [
      {
        date: DAY,
        at: Date.parse("9000-01-01T00:00:00Z") / 1000,
        ids: summary.ids.join(" "),
        counters: summary.counters.map((c) => [c.upvotes, null, null]),
      },
    ]);
    // The next run cannot read the day: it merges the record into it.
    expect((await runScrape(down(), { kv: store, targets: [DAY], now: LATER })).merged_days).toEqual([DAY]);
    // Eight days on (the record has expired), the day is read with new counts.
    const weekLater = LATER + 8 * 86_400_000;
    await runScrape(
      dayPage(DAY, (p) => {
        p.dailyPapers.find((i) => i.paper.id === id)!.paper.upvotes = before + 50;
      }),
      { kv: store, targets: [DAY], now: weekLater },
    );
    expect(await upvotesOf(store, id)).toBe(before + 50);
    expect(Date.parse((await summaryOf(store)).observed_at)).toBeLessThanOrEqual(weekLater);
  });

  it("a day's version in the year 9999 does not reach Last-Modified as a time after the answer's own Date", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const raw = JSON.parse((await env.PAPERS.get(K.summary))!);
    raw.updated_at = "9999-12-31T23:59:59.000Z";
    await env.PAPERS.put(K.summary, JSON.stringify(raw));
    const index = JSON.parse((await env.PAPERS.get(DAY_INDEX_KEY))!);
    index.days[0].updated_at = "9999-12-31T23:59:59.000Z";
    await env.PAPERS.put(DAY_INDEX_KEY, JSON.stringify(index));
    forgetStored();
    const res = await call(`/api/papers?date=${DAY}`);
    expect(res.status).toBe(200);
    const modified = Date.parse(res.headers.get("last-modified") ?? "");
    // RFC 9110 section 8.8.2.1: an origin server must not send a Last-Modified later than its Date.
    expect(modified).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe("the index lists the days that are stored", () => {
  it("index entries of days with no values (dates after the run's day) are dropped by the next run, and hide no stored day from the default feed", async () => {
    await runScrape(fakeOrigin());
    const index = JSON.parse((await env.PAPERS.get(DAY_INDEX_KEY))!);
    for (let d = 21; d <= 27; d++) index.days.unshift({ date: `2026-05-${d}`, count: 10 });
    await env.PAPERS.put(DAY_INDEX_KEY, JSON.stringify(index));
    await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER });
    forgetStored();
    expect((await storedIndex()).days.map((e) => e.date)).toEqual(Object.keys(COUNTS));
    const feed = (await (await call("/feed.json")).json()) as { items: unknown[] };
    expect(feed.items).toHaveLength(ALL_COUNT);
  });

  it("a day whose values were all deleted is rebuilt from its papers' records and a run's observations, and listed", async () => {
    await runScrape(fakeOrigin());
    const gone = "2026-05-18";
    for (const key of Object.values(dayKeys(gone))) await env.PAPERS.delete(key);
    const report = await runScrape(fakeOrigin(), { targets: [DAY], now: LATER });
    expect(report.merged_days).toContain(gone);
    forgetStored();
    const days = (await (await call("/api/days")).json()) as { days: { date: string; count: number }[] };
    expect(days.days.find((d) => d.date === gone)?.count).toBe(COUNTS[gone]);
    expect((await answer(PapersAnswer, `/api/papers?date=${gone}`)).total).toBe(COUNTS[gone]);
  });

  it("a day whose values and papers' records were all deleted is no longer listed by /api/days after the next run", async () => {
    await runScrape(fakeOrigin());
    const gone = "2026-05-18";
    const ids = (await summaryOf(env.PAPERS, gone)).ids;
    for (const key of Object.values(dayKeys(gone))) await env.PAPERS.delete(key);
    for (const id of ids) await env.PAPERS.delete(paperRecordKey(id));
    await runScrape(fakeOrigin(), { targets: [DAY], now: LATER });
    forgetStored();
    const days = (await (await call("/api/days")).json()) as { days: { date: string }[] };
    expect(days.days.map((d) => d.date)).not.toContain(gone);
  });
});

describe("merging other runs' observations", () => {
  it("observations that can never be merged (days whose content is nowhere) do not keep a day a slower run undid from being merged", async () => {
    const store = memoryKv();
    await runScrape(fakeOrigin(), { kv: store, targets: [DAY], now: NOW });
    const template = (await store.get((await storedIndex(store)).last_run!.key))!;
    // What the slower run read, and later wrote back over the faster run's writes.
    const slowView = new Map<string, string | null>();
    for (const key of Object.values(K)) slowView.set(key, await store.get(key));
    // A run record, older than every run here, observing four days whose papers are nowhere.
    await plantRunRecord(
      store,
      template,
      NOW - 60_000,
      [1, 2, 3, 4].map((d) => ({
        date: `2024-01-0${d}`,
        at: NOW / 1000,
        ids: `2401.0000${d}`,
        counters: [[1, null, null]],
      })),
    );
    const added = structuredClone(propsOf(DAY).dailyPapers[0]!);
    added.paper.id = "2605.77777";
    await runScrape(
      dayPage(DAY, (p) => {
        p.dailyPapers.push(added);
      }),
      { kv: store, targets: [DAY], now: NOW + 120_000 },
    );
    for (const [key, value] of slowView) if (value !== null) await store.put(key, value);
    expect((await summaryOf(store)).ids).not.toContain(added.paper.id);

    // Two later runs that cannot read the day: one of them merges the faster run's record back.
    const merged: string[] = [];
    for (const at of [LATER, LATER + 1_800_000])
      merged.push(...((await runScrape(down(), { kv: store, targets: [DAY], now: at })).merged_days ?? []));
    expect(merged).toContain(DAY);
    expect((await summaryOf(store)).ids).toContain(added.paper.id);
  });
});

describe("values stay within KV's limits", () => {
  /** A paper whose authors fill its line: 2,000 names of three Hangul syllables (which NFD splits into nine letters). */
  const hangulPaper = (n: number): Paper => ({
    id: `2605.${String(20000 + n)}`,
    upvotes: n,
    date: "2026-05-12",
    title: `Paper ${n}`,
    summary: "An abstract.",
    authors: Array.from({ length: 2000 }, (_, j) =>
      Array.from({ length: 3 }, (_, k) =>
        String.fromCharCode(0xac00 + ((n * 7 + j * 3 + k) % 399) * 28 + 1 + ((j + k) % 27)),
      ).join(""),
    ),
    url: `https://huggingface.co/papers/2605.${20000 + n}`,
    arxiv_url: `https://arxiv.org/abs/2605.${20000 + n}`,
    pdf_url: `https://arxiv.org/pdf/2605.${20000 + n}`,
  });
  const read = (papers: Paper[]): FreshRead => ({ date: "2026-05-12", via: "page", papers, partial: false });

  it("a day of 300 papers of the largest size, read in two pages of 150, is stored: no value passes 25 MiB", {
    timeout: 120_000,
  }, async () => {
    const kv = valueLimitedKv(memoryKv());
    const papers = Array.from({ length: MAX_PAPERS_PER_DAY }, (_, n) => hangulPaper(n));
    for (const [i, half] of [papers.slice(0, 150), papers.slice(150)].entries()) {
      const now = LATER + i * 1_800_000;
      await expect(
        settleDay({
          kv,
          date: "2026-05-12",
          runId: newRunId(new Date(now).toISOString()),
          now,
          fresh: read(half),
        }),
      ).resolves.toBeDefined();
    }
    expect(kv.refused).toEqual([]);
    expect((await summaryOf(kv, "2026-05-12")).ids).toHaveLength(MAX_PAPERS_PER_DAY);
  });

  it("a brief is no larger than BRIEF_MAX_BYTES, which sizes the bulk reads of briefs", {
    timeout: 120_000,
  }, async () => {
    const kv = memoryKv();
    const ascii = (n: number): Paper => ({
      ...hangulPaper(n),
      authors: Array.from({ length: 2000 }, (_, j) => `Author${j} Surname${n}`),
    });
    const papers = Array.from({ length: MAX_PAPERS_PER_DAY }, (_, n) => ascii(n));
    await settleDay({
      kv,
      date: "2026-05-12",
      runId: newRunId(new Date(LATER).toISOString()),
      now: LATER,
      fresh: read(papers),
    });
    const brief = (await kv.get(dayKeys("2026-05-12").brief))!;
    expect(brief.length).toBeLessThanOrEqual(BRIEF_MAX_BYTES);
  });
});

describe("values that pass their decoder but lie, as routes serve them", () => {
  it("a summary listing 5,000 papers (past the cap of 300) lists at most 300", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const raw = JSON.parse((await env.PAPERS.get(K.summary))!);
    const extra = Array.from({ length: 5000 - COUNTS[DAY] }, (_, i) => `2605.${String(60000 + i)}`);
    raw.ids = `${raw.ids} ${extra.join(" ")}`;
    raw.upvotes = [...raw.upvotes, ...extra.map(() => 1)];
    raw.comments = undefined;
    raw.stars = undefined;
    await env.PAPERS.put(K.summary, JSON.stringify(raw));
    forgetStored();
    const listed = await answer(PapersAnswer, `/api/papers?date=${DAY}&sort=upvotes`);
    expect(listed.total).toBeLessThanOrEqual(MAX_PAPERS_PER_DAY);
  });

  it("a paper's answer shows at most MAX_POINTS points of a history planted with 10,000", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const id = (await summaryOf(env.PAPERS)).ids[0]!;
    const h = JSON.parse((await env.PAPERS.get(K.history))!);
    const start = Date.parse(`${DAY}T00:00:00Z`) / 1000;
    h.papers[id].u = Array.from({ length: 10_000 }, (_, i) => [start + i * 60, i]);
    await env.PAPERS.put(K.history, JSON.stringify(h));
    const shown = await answer(PaperAnswer, `/api/papers/${id}`);
    expect(shown.upvote_history.length).toBeLessThanOrEqual(MAX_POINTS);
  });
});

describe("the repair queue", () => {
  it("a queued day that a fresh read cannot make readable does not hold the repair pass from every other queued day", async () => {
    const store = memoryKv();
    await runScrape(fakeOrigin(), { kv: store, now: NOW });
    // The history still names a paper whose content is nowhere (upstream no longer lists it).
    const h = JSON.parse((await store.get(K.history))!);
    h.papers["2605.99999"] = { u: [[Date.parse(`${DAY}T06:00:00Z`) / 1000, 3]] };
    await store.put(K.history, JSON.stringify(h));
    // Another day a reader found damaged: its search text is gone.
    const other = "2026-05-14";
    await store.delete(dayKeys(other).text);
    const at = new Date(NOW).toISOString();
    await store.put(
      REPAIR_QUEUE_KEY,
      encodeRepairQueue(
        new Map([
          [DAY, { at, tries: 0 }],
          [other, { at, tries: 0 }],
        ]),
      ),
    );
    const checked: string[] = [];
    for (let run = 0; run < 4; run++) {
      const report = await runScrape(fakeOrigin(), {
        kv: store,
        targets: [],
        repair: true,
        now: LATER + run * 1_800_000,
      });
      checked.push(`${report.repair?.date} ${report.repair?.outcome}`);
    }
    expect(checked, checked.join(", ")).toContain(`${other} repaired`);
  });
});

describe("the index's versions, which list answers' ETags are made from", () => {
  it("a run whose index write lands after an admin run's does not put back a day's older version: revalidations see the backfilled paper", async () => {
    const OLD = "2024-10-25";
    await runScrape(fakeOrigin(), { now: NOW });
    forgetStored();
    const before = await call(`/api/papers?date=${OLD}`);
    const etag = before.headers.get("etag")!;
    expect(etag).toBeTruthy();
    // A cron run that read the index before the admin run wrote it, and writes it after.
    const slow = slowWrites(env.PAPERS);
    const cron = runScrape(fakeOrigin(), { kv: slow.kv, targets: ["2026-05-18"], now: NOW + 30_000 });
    await untilBlocked(slow.blocked);
    // The admin run backfills the settled day with a paper it lacked.
    const added = structuredClone(propsOf(OLD).dailyPapers[0]!);
    added.paper.id = "2410.77777";
    const admin = await runScrape(
      dayPage(OLD, (p) => {
        p.dailyPapers.push(added);
      }),
      { targets: [OLD], now: NOW + 60_000 },
    );
    expect(admin.days[0]).toMatchObject({ outcome: "stored", count: COUNTS[OLD] + 1 });
    slow.release();
    await cron;
    // The next scheduled runs re-read the window (the fixtures have no page for two of its days),
    // not the settled day. (Their repair pass reaches it in its turn, weeks away in a real archive,
    // and notes it in the index only if it finds something of it to rewrite.)
    for (const at of [LATER, LATER + 1_800_000]) {
      const report = await runScrape(
        fakeOrigin((url) => (/2026-05-1[23]$/.test(url) ? new Response("none", { status: 404 }) : undefined)),
        { now: at },
      );
      expect(report.days.map((d) => d.date)).not.toContain(OLD);
    }
    forgetStored();
    const days = (await (await call("/api/days")).json()) as { days: { date: string; count: number }[] };
    expect.soft(days.days.find((d) => d.date === OLD)?.count).toBe(COUNTS[OLD] + 1);
    forgetStored();
    const revalidated = await call(`/api/papers?date=${OLD}`, { headers: { "if-none-match": etag } });
    // A 304 here keeps the client's (and the edge cache's) copy without the backfilled paper.
    expect(revalidated.status).toBe(200);
    expect(((await revalidated.json()) as { papers: { id: string }[] }).papers.map((p) => p.id)).toContain(
      added.paper.id,
    );
  });
});
