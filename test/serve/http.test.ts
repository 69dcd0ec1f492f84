// HTTP for pollers and readers: validators and 304s, the cache, methods and CORS.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { PapersAnswer, Problem } from "../../src/serve/answers";
import { getDay } from "../../src/store/days";
import { keys } from "../../src/store/keys";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, NOW, nextTestHost, runScrape } from "../helpers";

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

  it("derives the ETag from the content: the same data on another host gives the same tag", async () => {
    const a = (await call("/api/papers?date=2026-05-15")).headers.get("etag");
    nextTestHost(-1);
    expect((await call("/api/papers?date=2026-05-15")).headers.get("etag")).toBe(a);
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

  it("sets a Cache-Control that fits the schedule", async () => {
    expect((await call("/feed.json")).headers.get("cache-control")).toBe(
      "public, max-age=300, stale-while-revalidate=600",
    );
    expect((await call("/api/papers?date=bad")).headers.get("cache-control")).toBe("no-store");
  });
});

describe("the edge cache", () => {
  it("serves a cached answer, whatever cache-busters are added", async () => {
    const before = await answer(PapersAnswer, "/api/papers?date=2026-05-15&min_upvotes=50");
    // Change the stored day behind the cache's back (no scrape, so no new data version).
    const day = (await getDay(env.PAPERS, "2026-05-15"))!;
    day.papers = day.papers.map((p) => ({ ...p, upvotes: p.upvotes + 1000 }));
    await env.PAPERS.put(keys.day("2026-05-15"), JSON.stringify(day));
    expect(
      await answer(PapersAnswer, "/api/papers?min_upvotes=50&date=2026-05-15&_=123&utm_source=rss"),
    ).toEqual(before);
  });

  it("answers new data right after a scrape that changed it", async () => {
    const before = await answer(PapersAnswer, "/api/papers?date=2026-05-18");
    const props = propsOf("2026-05-18");
    for (const i of props.dailyPapers) i.paper.upvotes += 100;
    await runScrape(
      fakeOrigin(() => new Response(pageWith(props))),
      { now: NOW + 1_800_000, config: { WINDOW_DAYS: 0 } },
    );
    const after = await answer(PapersAnswer, "/api/papers?date=2026-05-18");
    expect(after.papers.map((p) => p.upvotes)).toEqual(before.papers.map((p) => p.upvotes + 100));
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
