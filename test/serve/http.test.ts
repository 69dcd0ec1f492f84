// HTTP for pollers and readers: validators and 304s, the cache, methods and CORS.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { scrape } from "../../src/scrape/run";
import { PapersAnswer, Problem } from "../../src/serve/answers";
import { FORMATS } from "../../src/serve/formats";
import { forgetAnswers } from "../../src/serve/httpCache";
import { fold } from "../../src/store/ascii";
import { readRecentRuns } from "../../src/store/runs";
import { DAY_INDEX_KEY } from "../../src/store/values/dayIndex";
import { countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, LATER, runScrape, SCRAPE_CONFIG } from "../helpers";
import { dayKeys, storedDay } from "../stored";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

const GET_ROUTES = [
  "/",
  "/api/papers",
  "/api/papers/2605.13301",
  "/api/days",
  "/api/status",
  "/feed.json",
  "/feed.atom",
  "/feed.rss",
  "/openapi.json",
];

describe("conditional requests", () => {
  it.each(GET_ROUTES)("%s carries an ETag and answers 304 to If-None-Match", async (route) => {
    const first = await call(route);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await call(route)).headers.get("etag")).toBe(etag);
    const again = await call(route, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await call(route, { headers: { "if-none-match": '"other"' } })).status).toBe(200);
  });

  it("derives the ETag from what the answer is built from: another day's change keeps it, its own day's change moves it", async () => {
    const etag = async () => (await call("/api/papers?date=2026-05-15")).headers.get("etag");
    const before = await etag();
    const bump = (date: string) => {
      const props = propsOf(date);
      for (const i of props.dailyPapers) i.paper.upvotes += 1;
      return fakeOrigin((url) => (url.endsWith(date) ? new Response(pageWith(props)) : undefined));
    };
    await runScrape(bump("2026-05-18"), { targets: ["2026-05-18"], now: LATER });
    expect(await etag()).toBe(before);
    await runScrape(bump("2026-05-15"), { targets: ["2026-05-15"], now: LATER + 60_000 });
    expect(await etag()).not.toBe(before);
  });

  it("revalidates an unchanged list answer with a 304 that reads no day and renders nothing", async () => {
    const first = await call("/feed.atom?month=2026-05");
    const kv = countingKv(env.PAPERS);
    forgetAnswers(); // not from the isolate's copy either
    const again = await call(
      "/feed.atom?month=2026-05",
      { headers: { "if-none-match": first.headers.get("etag")! } },
      { ...env, PAPERS: kv },
    );
    expect(again.status).toBe(304);
    expect(kv.gets.filter((k) => k !== DAY_INDEX_KEY)).toEqual([]);
    expect(again.headers.get("cache-tag")).toBe(first.headers.get("cache-tag"));
  });

  it("sends Last-Modified (when the data last changed) and honours If-Modified-Since", async () => {
    const res = await call("/feed.atom");
    expect(res.headers.get("last-modified")).toBe("Tue, 19 May 2026 06:00:00 GMT");
    expect(
      (await call("/feed.atom", { headers: { "if-modified-since": "Tue, 19 May 2026 06:00:00 GMT" } }))
        .status,
    ).toBe(304);
    expect(
      (await call("/feed.atom", { headers: { "if-modified-since": "Tue, 19 May 2026 05:59:59 GMT" } }))
        .status,
    ).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
    expect(
      (
        await call("/feed.atom", {
          headers: { "if-none-match": '"x"', "if-modified-since": "Wed, 20 May 2026 00:00:00 GMT" },
        })
      ).status,
    ).toBe(200);
  });

  it("Last-Modified grows with every change, even two within a second", async () => {
    const lastModified = async () =>
      (await call("/api/papers?date=2026-05-18")).headers.get("last-modified")!;
    const first = await lastModified();
    const props = propsOf("2026-05-18");
    for (const i of props.dailyPapers) i.paper.upvotes += 1;
    const at = LATER + 100;
    await runScrape(
      fakeOrigin(() => new Response(pageWith(props))),
      { targets: ["2026-05-18"], now: at },
    );
    const second = await lastModified();
    for (const i of props.dailyPapers) i.paper.upvotes += 1;
    await runScrape(
      fakeOrigin(() => new Response(pageWith(props))),
      { targets: ["2026-05-18"], now: at + 300 },
    );
    const third = await lastModified();
    expect(Date.parse(second)).toBeGreaterThan(Date.parse(first));
    expect(Date.parse(third)).toBeGreaterThan(Date.parse(second));
    // A client that sends only If-Modified-Since from the second change sees the third.
    expect(
      (await call("/api/papers?date=2026-05-18", { headers: { "if-modified-since": second } })).status,
    ).toBe(200);
  });
});

/** The cache tags of what the last run changed, as its record keeps them. */
const changedByLastRun = async () => (await readRecentRuns(env.PAPERS, LATER)).at(-1)!.changed;

describe("Workers Cache", () => {
  it("every list answer says how long it may be kept and carries the Cache-Tags of what it is built from", async () => {
    const tagsOf = async (path: string) => {
      const res = await call(path);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=300, stale-while-revalidate=600");
      expect(res.headers.get("cloudflare-cdn-cache-control"), path).toMatch(/^public, max-age=1800,/);
      return res.headers.get("cache-tag")!.split(",");
    };
    expect(await tagsOf("/api/papers?date=2026-05-15")).toEqual(["d:2026-05-15"]);
    // A range covers every calendar day in it, so a day stored later in the range drops it too.
    const week = await tagsOf("/feed.atom?week=2026-W20");
    expect(week).toEqual([
      "d:2026-05-11",
      "d:2026-05-12",
      "d:2026-05-13",
      "d:2026-05-14",
      "d:2026-05-15",
      "d:2026-05-16",
      "d:2026-05-17",
    ]);
    expect(await tagsOf("/feed.rss?from=2026-02-16&to=2026-05-18")).toHaveLength(92);
    // The newest days depend on which days are stored.
    expect(await tagsOf("/feed.json")).toEqual([
      "d:2026-05-18",
      "d:2026-05-15",
      "d:2026-05-14",
      "d:2024-10-25",
      "days",
    ]);
    // The front page shows the last run.
    expect(await tagsOf("/")).toEqual(["d:2026-05-18", "days", "status"]);
    for (const route of FORMATS.map((f) => f.path))
      expect((await call(route)).headers.get("cache-tag"), route).toBeTruthy();
  });

  it("a scrape that changes a day invalidates the tags that cover it and nothing else", async () => {
    const invalidated: string[][] = [];
    const cache = {
      purge: async () => ({ success: true }),
      invalidate: async ({ tags }: { tags: string[] }) => {
        invalidated.push(tags);
        return { success: true };
      },
    };
    const props = propsOf("2026-05-15");
    props.dailyPapers[0]!.paper.upvotes += 3;
    const origin = fakeOrigin((url) =>
      url.endsWith("2026-05-15") ? new Response(pageWith(props)) : undefined,
    );
    const before = await changedByLastRun();
    const report = await scrape(
      { kv: env.PAPERS, config: SCRAPE_CONFIG, fetch: origin.fetch, now: LATER, cache },
      ["2026-05-15", "2026-05-18"],
    );
    expect(report.days.map((d) => d.outcome)).toEqual(["stored", "unchanged"]);
    // Only upvotes moved: the stored days and their counts did not, so `days` stays; then,
    // once more, what the run before changed (an edge may have cached it from a stale KV read).
    expect(invalidated).toEqual([[...new Set(["d:2026-05-15", "status", ...before])]]);
    expect(before).toContain("days");
  });

  it("purges where the runtime has no invalidate", async () => {
    const purged: string[][] = [];
    const cache = {
      purge: async ({ tags }: { tags: string[] }) => {
        purged.push(tags);
        return { success: true };
      },
    };
    const before = await changedByLastRun();
    await scrape(
      {
        kv: env.PAPERS,
        config: SCRAPE_CONFIG,
        fetch: fakeOrigin(() => new Response("gone", { status: 404 })).fetch,
        now: LATER,
        cache,
      },
      ["2026-05-15"],
    );
    // Nothing changed: only the answers that show the last run, and what the run before changed.
    expect(purged).toEqual([[...new Set(["status", ...before])]]);
  });
});

describe("a day stored in layouts this release no longer reads", () => {
  it("(a first-format record, version 1 search text, no summary, no brief) hides nothing: papers come from their records", async () => {
    const day = (await storedDay("2026-05-15"))!;
    const keys = dayKeys("2026-05-15");
    await env.PAPERS.put(keys.day, JSON.stringify({ date: "2026-05-15", via: "page", papers: day.papers }));
    await env.PAPERS.put(keys.text, day.papers.map((p) => `${p.id}\t${p.title.toLowerCase()}`).join("\n"));
    await env.PAPERS.delete(keys.summary);
    await env.PAPERS.delete(keys.brief);
    forgetAnswers();
    const all = await answer(PapersAnswer, "/api/papers?date=2026-05-15");
    expect(all.papers.map((p) => p.id).sort()).toEqual(day.papers.map((p) => p.id).sort());
    const author = fold(day.papers[3]!.authors[0]!).split(" ").at(-1)!;
    const byAuthor = await answer(
      PapersAnswer,
      `/api/papers?date=2026-05-15&author=${encodeURIComponent(author)}`,
    );
    expect(byAuthor.papers.map((p) => p.id).sort()).toEqual(
      day.papers
        .filter((p) => p.authors.some((a) => fold(a).includes(author)))
        .map((p) => p.id)
        .sort(),
    );
    const word = day.papers[0]!.title.split(" ")[0]!.toLowerCase();
    const byText = await answer(PapersAnswer, `/api/papers?date=2026-05-15&q=${encodeURIComponent(word)}`);
    expect(byText.papers.map((p) => p.id)).toContain(day.papers[0]!.id);
    const digest = await (await call("/feed.atom?digest=day&date=2026-05-15")).text();
    // A title is isolated only when it holds a character that can reorder text (from U+0590 on).
    const title = day.papers[0]!.title.replaceAll("&", "&amp;");
    expect(digest).toContain(/[\u0590-\uffff]/.test(title) ? `<bdi>${title}</bdi></a>` : `">${title}</a>`);
  });
});

describe("methods and CORS", () => {
  it.each(GET_ROUTES)("HEAD %s answers like GET without a body", async (route) => {
    const get = await call(route);
    const head = await call(route, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const h of ["content-type", "etag", "cache-control", "access-control-allow-origin"])
      expect(head.headers.get(h), h).toBe(get.headers.get(h));
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s on a read route answers 405 with Allow", async (method) => {
    for (const route of ["/feed.atom", "/api/papers", "/api/papers/2605.13301", "/"]) {
      const res = await call(route, { method });
      expect(res.status, route).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(Problem.parse(await res.json())).toMatchObject({
        type: "about:blank",
        title: "Method Not Allowed",
        status: 405,
      });
    }
  });

  it("every answer allows any origin, errors and 304s included", async () => {
    const ok = await call("/feed.json");
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.get("access-control-expose-headers")).toMatch(/ETag/);
    expect(
      (await call("/feed.json", { headers: { "if-none-match": ok.headers.get("etag")! } })).headers.get(
        "access-control-allow-origin",
      ),
    ).toBe("*");
    expect((await call("/api/papers?limit=0")).headers.get("access-control-allow-origin")).toBe("*");
    expect((await call("/nope")).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers a CORS preflight", async () => {
    const res = await call("/api/papers", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("GET");
    expect(res.headers.get("access-control-allow-headers")).toContain("if-none-match");
  });
});
