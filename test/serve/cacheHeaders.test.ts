// What each kind of answer tells caches: readers and browsers read Cache-Control, Workers
// Cache reads Cloudflare-CDN-Cache-Control where an answer has one, and a 304 says the same as
// the 200 it stands for (a cache updates its stored headers from it, RFC 9111 section 4.3.4).
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { FORMATS } from "../../src/serve/formats";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

const READERS = "public, max-age=300, stale-while-revalidate=600";
const EDGE = "public, max-age=1800, stale-while-revalidate=600, stale-if-error=86400";
const EDGE_HEADER = "cloudflare-cdn-cache-control";

const cacheOf = (res: Response) => ({
  status: res.status,
  cacheControl: res.headers.get("cache-control"),
  edge: res.headers.get(EDGE_HEADER),
});

/** The route, and the Cache-Control and edge header its 200 (and its 304) carry. */
const ANSWERS: [string, string, string | null][] = [
  ...FORMATS.map((f): [string, string, string | null] => [f.path, READERS, EDGE]),
  ["/feed.atom?week=2026-W20&min_upvotes=5", READERS, EDGE],
  ["/api/papers/2605.13301", READERS, null],
  ["/papers/2605.13301", READERS, null],
  ["/api/days", READERS, null],
  ["/openapi.json", READERS, null],
  ["/api/status", "public, max-age=60", null],
  ["/problems/invalid-parameter", "public, max-age=86400", null],
];

describe("cache headers", () => {
  it.each(ANSWERS)(
    "%s: Cache-Control %s, edge %s, and its 304 says the same",
    async (route, browser, edge) => {
      const ok = await call(route);
      expect(cacheOf(ok)).toEqual({ status: 200, cacheControl: browser, edge });
      const revalidated = await call(route, { headers: { "if-none-match": ok.headers.get("etag")! } });
      expect(cacheOf(revalidated)).toEqual({ status: 304, cacheControl: browser, edge });
      expect(revalidated.headers.get("cache-tag")).toBe(ok.headers.get("cache-tag"));
    },
  );

  it("no answer asks a shared cache for s-maxage, which would turn off stale-while-revalidate and stale-if-error at the edge", async () => {
    for (const [route] of ANSWERS) {
      const res = await call(route);
      expect(`${res.headers.get("cache-control")} ${res.headers.get(EDGE_HEADER)}`, route).not.toMatch(
        /s-maxage|must-revalidate|proxy-revalidate/,
      );
    }
  });

  it.each([
    ["/api/papers?date=2026-02-30", 400],
    ["/api/papers/0000.00000", 404],
    ["/nope", 404],
    ["/feed.atom?digest=day&cursor=abc", 400],
  ])("the error %s is never stored: no-store, no edge header", async (route, status) => {
    expect(cacheOf(await call(route))).toEqual({ status, cacheControl: "no-store", edge: null });
  });

  it("nor is a 405, a 429 or /healthz", async () => {
    expect(cacheOf(await call("/feed.atom", { method: "DELETE" }))).toEqual({
      status: 405,
      cacheControl: "no-store",
      edge: null,
    });
    const refuse = { limit: async () => ({ success: false }) } as unknown as RateLimit;
    expect(
      cacheOf(await call("/feed.atom?min_upvotes=7", undefined, { ...env, RENDER_LIMITER: refuse })),
    ).toEqual({ status: 429, cacheControl: "no-store", edge: null });
    expect(cacheOf(await call("/healthz"))).toEqual({ status: 200, cacheControl: "no-store", edge: null });
  });
});
