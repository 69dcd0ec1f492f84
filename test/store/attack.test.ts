// Attacks on the store that it withstands: runs that crash partway, three runs writing one
// day at once, the repair pass racing a save, a day that alternates between two lists,
// paging one paper at a time over a damaged day, values that pass their decoders but lie,
// and an upstream whose strings XML cannot carry. The attacks it does not withstand yet
// are in attackFindings.test.ts.
import { env } from "cloudflare:workers";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { contentOf } from "../../src/core/paper";
import { PapersAnswer } from "../../src/serve/answers";
import { contentHash } from "../../src/store/content";
import { decodeHistory } from "../../src/store/values/history";
import { encodeSections } from "../../src/store/values/sectioned";
import { decodeSummary } from "../../src/store/values/summary";
import { COUNTS, countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, forgetStored, LATER, NOW, runScrape } from "../helpers";
import { memoryKv } from "../memoryKv";
import { dayKeys, repairPass, storedDay } from "../stored";
import { dayPage, down, failingWrite, slowWrites, untilBlocked } from "./attackShared";

const DAY = "2026-05-15";
const K = dayKeys(DAY);
const PAPERS = COUNTS[DAY];
const summaryOf = async (kv: KVNamespace, date = DAY) =>
  decodeSummary((await kv.get(dayKeys(date).summary))!, date)!;
const idsOf = async (kv: KVNamespace, date = DAY) =>
  (await storedDay(date, kv))!.papers.map((p) => p.id).sort();
/** A paper of DAY's page under a new id. */
const newPaper = (id: string) => {
  const item = structuredClone(propsOf(DAY).dailyPapers[0]!);
  item.paper.id = id;
  item.paper.title = `A new paper ${id}`;
  return item;
};

describe("a run that crashes partway through settling a day", () => {
  it.each(["brief:", "hist:", "list:", "day:"])(
    "its write of %s fails: the day reads as before or as after, and the next run makes every value agree",
    async (failing) => {
      const store = memoryKv();
      await runScrape(fakeOrigin(), { kv: store, targets: [DAY], now: NOW });
      const before = await idsOf(store);
      const page = dayPage(DAY, (p) => {
        p.dailyPapers.push(newPaper("2605.88888"));
        p.dailyPapers[1]!.paper.upvotes += 7;
      });
      const crashed = await runScrape(page, {
        kv: failingWrite(store, failing),
        targets: [DAY],
        now: NOW + 60_000,
      });
      expect(crashed.days[0]!.outcome).toBe("failed");
      // Nothing stored is lost meanwhile: the day lists what it did, perhaps with the new paper.
      const meanwhile = await idsOf(store);
      expect(meanwhile.filter((id) => id !== "2605.88888")).toEqual(before);
      // The next run reads the same page and finishes what the crashed one left.
      const next = await runScrape(page, { kv: store, targets: [DAY], now: LATER });
      expect(next.ok).toBe(true);
      expect(await idsOf(store)).toEqual([...before, "2605.88888"].sort());
      const repaired = await repairPass({
        date: DAY,
        kv: store,
        now: LATER + 60_000,
        settledBefore: "2026-05-01",
      });
      expect(repaired?.outcome).toBe("sound");
    },
  );
});

describe("three runs writing one day at once, their writes late", () => {
  it("once a later run has gone by, every paper any of them added is listed and every run's point is in the history", async () => {
    const store = memoryKv();
    const listedAt = Date.parse(`${DAY}T00:00:00Z`);
    const base = listedAt + 3_600_000;
    await runScrape(fakeOrigin(), { kv: store, targets: [DAY], now: base });
    const first = propsOf(DAY).dailyPapers[0]!.paper;
    // The slowest read the oldest page; the middle one added a paper; the fastest added another.
    const a = slowWrites(store);
    const slowest = runScrape(
      dayPage(DAY, (p) => {
        p.dailyPapers[0]!.paper.upvotes += 1;
      }),
      { kv: a.kv, targets: [DAY], now: base + 60_000 },
    );
    await untilBlocked(a.blocked);
    const b = slowWrites(store);
    const middle = runScrape(
      dayPage(DAY, (p) => {
        p.dailyPapers.push(newPaper("2605.88881"));
        p.dailyPapers[0]!.paper.upvotes += 2;
      }),
      { kv: b.kv, targets: [DAY], now: base + 120_000 },
    );
    await untilBlocked(b.blocked);
    await runScrape(
      dayPage(DAY, (p) => {
        p.dailyPapers.push(newPaper("2605.88882"));
        p.dailyPapers[0]!.paper.upvotes += 3;
      }),
      { kv: store, targets: [DAY], now: base + 180_000 },
    );
    b.release();
    await middle;
    a.release();
    await slowest;

    const next = await runScrape(down(), { kv: store, targets: [DAY], now: base + 1_800_000 });
    expect(next.merged_days).toEqual([DAY]);
    const ids = await idsOf(store);
    expect(ids).toContain("2605.88881");
    expect(ids).toContain("2605.88882");
    expect(ids).toHaveLength(PAPERS + 2);
    const points = decodeHistory((await store.get(K.history))!, DAY)!.papers.get(first.id)!.points;
    for (const t of [base + 60_000, base + 120_000, base + 180_000])
      expect(points.map(([at]) => at)).toContain(t / 1000);
    // The newest observation is the count shown.
    expect((await storedDay(DAY, store))!.papers.find((p) => p.id === first.id)!.upvotes).toBe(
      first.upvotes + 3,
    );
    // And a run after that has nothing left to merge.
    expect(
      (await runScrape(down(), { kv: store, targets: [DAY], now: base + 3_600_000 })).merged_days,
    ).toBeUndefined();
  });

  it("the repair pass rewriting a damaged summary from what it read before a save does not lose the paper the save added", async () => {
    const store = memoryKv();
    await runScrape(fakeOrigin(), { kv: store, targets: [DAY], now: NOW });
    const raw = JSON.parse((await store.get(K.summary))!);
    raw.upvotes[2] = "damaged";
    await store.put(K.summary, JSON.stringify(raw));
    const slow = slowWrites(store);
    const repairing = runScrape(down(), { kv: slow.kv, targets: [], repair: true, now: NOW + 60_000 });
    await untilBlocked(slow.blocked);
    await runScrape(
      dayPage(DAY, (p) => {
        p.dailyPapers.push(newPaper("2605.88883"));
      }),
      { kv: store, targets: [DAY], now: NOW + 120_000 },
    );
    slow.release();
    expect((await repairing).repair).toEqual({ date: DAY, outcome: "repaired" });
    // The repair pass wrote last, from what it had read: the new paper is undone…
    expect((await summaryOf(store)).ids).not.toContain("2605.88883");
    // …until the next run merges the saving run's record.
    const next = await runScrape(down(), { kv: store, targets: [DAY], now: LATER });
    expect(next.merged_days).toEqual([DAY]);
    expect(await idsOf(store)).toContain("2605.88883");
    expect((await summaryOf(store)).damaged).toBe(0);
  });
});

describe("a hostile upstream", () => {
  it("a day that alternates between two disjoint lists keeps both, and once both are stored a run rewrites nothing", async () => {
    const store = memoryKv();
    const all = propsOf(DAY).dailyPapers;
    const half = (odd: boolean) =>
      dayPage(DAY, (p) => {
        p.dailyPapers = all.filter((_, i) => i % 2 === (odd ? 1 : 0));
      });
    for (const [n, odd] of [false, true].entries())
      await runScrape(half(odd), { kv: store, targets: [DAY], now: NOW + n * 1_800_000 });
    expect(await idsOf(store)).toHaveLength(PAPERS);
    for (const [n, odd] of [false, true, false].entries()) {
      const kv = countingKv(store);
      const report = await runScrape(half(odd), { kv, targets: [DAY], now: LATER + n * 1_800_000 });
      expect(report.days[0]).toMatchObject({ outcome: "unchanged", count: PAPERS });
      expect(kv.puts.filter((k) => k.endsWith(DAY) || k.startsWith("paper:"))).toEqual([]);
    }
  });

  it("items repeating one id with other content keep the first; an id with a version suffix is a paper of its own", async () => {
    const store = memoryKv();
    const page = dayPage(DAY, (p) => {
      const twin = structuredClone(p.dailyPapers[0]!);
      twin.paper.title = "The same id, other content";
      const versioned = structuredClone(p.dailyPapers[1]!);
      versioned.paper.id = `${versioned.paper.id}v2`;
      p.dailyPapers.push(twin, versioned);
    });
    await runScrape(page, { kv: store, targets: [DAY], now: NOW });
    const papers = (await storedDay(DAY, store))!.papers;
    expect(papers).toHaveLength(PAPERS + 1);
    expect(papers.find((p) => p.id === propsOf(DAY).dailyPapers[0]!.paper.id)!.title).toBe(
      propsOf(DAY).dailyPapers[0]!.paper.title,
    );
    expect(papers.map((p) => p.id)).toContain(`${propsOf(DAY).dailyPapers[1]!.paper.id}v2`);
  });

  it("strings full of what XML forbids, lone surrogates and U+202E reach no answer as invalid JSON or XML", async () => {
    const hostile = "A\u0000B\u0001\u0010\u0010\u0010\u0010C\uD800D\uDFFFE\uFFFEF\u202Eevil\u0008\u001F";
    const page = dayPage(DAY, (p) => {
      for (const [i, item] of p.dailyPapers.slice(0, 5).entries()) {
        item.paper.title = `${hostile} title ${i}`;
        item.paper.summary = `${hostile} abstract`;
        item.paper.authors = [{ name: hostile }, { name: `\t${hostile}\t` }];
        item.paper.ai_keywords = [hostile];
        item.paper.organization = { name: hostile, fullname: hostile };
      }
    });
    const report = await runScrape(page, { targets: [DAY] });
    expect(report.days[0]).toMatchObject({ outcome: "stored", count: PAPERS });
    await everyRouteIsWellFormed([
      `/feed.atom?date=${DAY}`,
      `/feed.rss?date=${DAY}`,
      `/feed.json?date=${DAY}`,
      `/feed.atom?digest=day&date=${DAY}`,
      `/feed.rss?digest=day&date=${DAY}&author=evil`,
      `/api/papers?date=${DAY}&q=evil`,
      `/api/papers?date=${DAY}&org=evil`,
      `/?date=${DAY}`,
    ]);
  });
});

/** Each route answers 200 with a body its kind can parse. */
async function everyRouteIsWellFormed(routes: string[]): Promise<void> {
  for (const route of routes) {
    forgetStored();
    const res = await call(route);
    expect(res.status, route).toBe(200);
    const body = await res.text();
    const type = res.headers.get("content-type") ?? "";
    if (type.includes("json")) expect(() => JSON.parse(body), route).not.toThrow();
    else if (type.includes("xml")) expect(XMLValidator.validate(body), route).toBe(true);
    const modified = res.headers.get("last-modified");
    if (modified) expect(Number.isNaN(Date.parse(modified)), route).toBe(false);
  }
}

describe("serving values that pass their decoders but lie", () => {
  it.each(["", "&sort=upvotes"])(
    "limit=1 over a day whose summary is damaged pages through every paper once (%s)",
    async (sort) => {
      await runScrape(fakeOrigin(), { targets: [DAY] });
      const raw = JSON.parse((await env.PAPERS.get(K.summary))!);
      raw.upvotes[3] = -1;
      raw.ids = raw.ids.replace(/^\S+/, "not-an-id");
      await env.PAPERS.put(K.summary, JSON.stringify(raw));
      const seen: string[] = [];
      let path: string | null = `/api/papers?date=${DAY}&limit=1${sort}`;
      for (let page = 0; path && page < PAPERS + 5; page++) {
        forgetStored();
        const got: PapersAnswer = await answer(PapersAnswer, path);
        seen.push(...got.papers.map((p) => p.id));
        path = got.next && new URL(got.next).pathname + new URL(got.next).search;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(
        propsOf(DAY)
          .dailyPapers.map((i) => i.paper.id)
          .sort(),
      );
    },
  );

  it("a brief of the day's content whose titles and names hold controls, encoded surrogates and stray tabs makes well-formed digests", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const summary = await summaryOf(env.PAPERS);
    const ids = summary.ids;
    const hostile = "\u0000\u0002x\u0001\u001d\u0018\u0010\u0010y\u0001\u001f\u001f\u001f\u001e\u000b";
    const sections = [
      ids.join("\n"),
      ids.map(() => "\t\tname\t").join("\n"),
      ids.map(() => "").join("\n"),
      ids.map((_, i) => `Planted title ${i} ${hostile}`).join("\n"),
      ids.map(() => `\t${hostile}\t\tName`).join("\n"),
    ];
    const format = {
      head: "brief",
      version: 2,
      hashed: true,
      sections: ["ids", "authors", "organization", "titles", "names"],
    };
    await env.PAPERS.put(K.brief, encodeSections(format, summary.content, sections));
    await everyRouteIsWellFormed([
      `/feed.atom?digest=day&date=${DAY}`,
      `/feed.rss?digest=day&date=${DAY}`,
      `/feed.json?digest=day&date=${DAY}`,
      `/?digest=day&date=${DAY}`,
      `/feed.atom?date=${DAY}&author=name`,
    ]);
    // The digest was made from the planted brief.
    forgetStored();
    expect(await (await call(`/feed.atom?digest=day&date=${DAY}`)).text()).toContain("Planted title 0");
  });

  it("sort=rising, archived weeks and OPML answer over a damaged summary and a history of far-future and 10,000 points", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY, "2024-10-25"] });
    for (const date of [DAY, "2024-10-25"]) {
      const keys = dayKeys(date);
      const s = JSON.parse((await env.PAPERS.get(keys.summary))!);
      s.upvotes[0] = 1e20;
      await env.PAPERS.put(keys.summary, JSON.stringify(s));
      const h = JSON.parse((await env.PAPERS.get(keys.history))!);
      const [a, b] = Object.keys(h.papers);
      const start = Date.parse(`${date}T00:00:00Z`) / 1000;
      h.papers[a!].u = Array.from({ length: 10_000 }, (_, i) => [start + i * 60, i]);
      h.papers[b!].u = [[Date.parse("9999-12-30T00:00:00Z") / 1000, 7]];
      await env.PAPERS.put(keys.history, JSON.stringify(h));
    }
    await everyRouteIsWellFormed([
      `/api/papers?date=${DAY}&sort=rising`,
      `/feed.atom?from=2026-04-01&to=2026-05-19&sort=rising`,
      "/feed.atom?week=2024-W43",
      "/feed.rss?week=2024-W43",
      "/feed.json?week=2024-W43",
      "/feeds.opml",
    ]);
    forgetStored();
    const rising = await answer(PapersAnswer, `/api/papers?date=${DAY}&sort=rising`);
    expect(rising.total).toBe(PAPERS);
  });

  it("a search text whose content hash is another day's is not used for this day", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY, "2026-05-14"] });
    // The other day's search text, planted as this day's: ids and words of another day.
    await env.PAPERS.put(K.text, (await env.PAPERS.get(dayKeys("2026-05-14").text))!);
    const word = String(propsOf(DAY).dailyPapers[0]!.paper.title).split(" ")[0]!.toLowerCase();
    forgetStored();
    const found = await answer(PapersAnswer, `/api/papers?date=${DAY}&q=${encodeURIComponent(word)}`);
    expect(found.papers.map((p) => p.id)).toContain(propsOf(DAY).dailyPapers[0]!.paper.id);
    // The summary's hash is of this day's content.
    const papers = (await storedDay(DAY))!.papers;
    expect((await summaryOf(env.PAPERS)).content).toBe(await contentHash(papers.map(contentOf)));
  });
});

it("a page with 300 papers at once, each listing another page's papers: nothing past the cap is stored", async () => {
  const store = memoryKv();
  const items = Array.from({ length: 300 }, (_, i) => ({
    paper: {
      id: `2605.${30000 + i}`,
      title: `P${i}`,
      upvotes: i,
      submittedOnDailyAt: `${DAY}T00:00:00.000Z`,
    },
  }));
  const page = fakeOrigin((url) =>
    url.endsWith(DAY) ? new Response(pageWith({ dailyPapers: items, dateString: DAY })) : undefined,
  );
  await runScrape(fakeOrigin(), { kv: store, targets: [DAY], now: NOW });
  const report = await runScrape(page, { kv: store, targets: [DAY], now: LATER });
  expect(report.days[0]).toMatchObject({ count: 300, dropped: PAPERS });
  const ids = await idsOf(store);
  expect(ids).toHaveLength(300);
  // Papers stored before come first: the day's original papers all stay.
  for (const i of propsOf(DAY).dailyPapers) expect(ids).toContain(i.paper.id);
});
