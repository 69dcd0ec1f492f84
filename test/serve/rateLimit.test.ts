// Answers that miss every cache are limited per client; cache hits, 304s and /healthz never are.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { fakeOrigin } from "../fixtures";
import { call, runScrape, shareStorage, testHost } from "../helpers";

// Every test here only reads: the fixtures are scraped once.
shareStorage(() => runScrape(fakeOrigin()));

/** A limiter that lets `allowed` renders through per client, and records who asked. */
function limiter(allowed: number) {
  const asked: string[] = [];
  return {
    asked,
    binding: {
      limit: async ({ key }: { key: string }) => {
        asked.push(key);
        return { success: asked.filter((k) => k === key).length <= allowed };
      },
    } as unknown as RateLimit,
  };
}

describe("the rate limit on uncached answers", () => {
  it("answers 429 problem details with Retry-After past the limit, per client", async () => {
    const { binding, asked } = limiter(2);
    const bindings = { ...env, RENDER_LIMITER: binding };
    const from = (ip: string) => ({ headers: { "cf-connecting-ip": ip } });
    for (const n of [1, 2])
      expect((await call(`/feed.atom?min_upvotes=${n}`, from("192.0.2.1"), bindings)).status).toBe(200);
    const limited = await call("/feed.atom?min_upvotes=3", from("192.0.2.1"), bindings);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(limited.headers.get("cache-control")).toBe("no-store");
    expect(Problem.parse(await limited.json())).toMatchObject({
      status: 429,
      type: `${testHost()}/problems/rate-limited`,
    });
    // Another client has its own allowance.
    expect((await call("/feed.atom?min_upvotes=3", from("198.51.100.7"), bindings)).status).toBe(200);
    expect(asked).toEqual(["192.0.2.1", "192.0.2.1", "192.0.2.1", "198.51.100.7"]);
  });

  it("never counts an answer from the isolate's copy, a 304 or /healthz", async () => {
    const { binding, asked } = limiter(0);
    const bindings = { ...env, RENDER_LIMITER: binding };
    const open = await call("/feed.atom", undefined, env); // rendered and kept, outside the limit
    expect((await call("/feed.atom", undefined, bindings)).status).toBe(200);
    const etag = open.headers.get("etag")!;
    expect((await call("/feed.rss", { headers: { "if-none-match": etag } }, bindings)).status).toBe(429);
    expect(
      (await call("/feed.atom?min_upvotes=0", { headers: { "if-none-match": '"stale"' } }, bindings)).status,
    ).toBe(429);
    const again = await call("/feed.json", undefined, env);
    expect(
      (await call("/feed.json", { headers: { "if-none-match": again.headers.get("etag")! } }, bindings))
        .status,
    ).toBe(304);
    expect((await call("/healthz", undefined, bindings)).status).toBe(200);
    expect(asked).toHaveLength(2);
  });
});

/** A KV binding that records every operation, reads, lists and writes alike. */
function recordingKv(kv: KVNamespace): KVNamespace & { ops: string[] } {
  const ops: string[] = [];
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "ops") return ops;
      const v = Reflect.get(target, prop);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        ops.push(`${String(prop)} ${JSON.stringify(args[0])}`);
        return v.apply(target, args);
      };
    },
  }) as KVNamespace & { ops: string[] };
}

const refusing = { limit: async () => ({ success: false }) } as unknown as RateLimit;

describe("a refused request", () => {
  it.each([
    "/",
    "/?nocache=1",
    "/feed.atom?min_upvotes=3",
    "/api/papers?date=2026-05-15&cb=7",
    "/api/papers/2605.13301",
    "/papers/2605.13301",
    "/api/status",
    "/api/days",
  ])("%s: 429, having read nothing from KV", async (route) => {
    forgetIndex();
    forgetAnswers();
    const kv = recordingKv(env.PAPERS);
    const res = await call(route, undefined, { ...env, PAPERS: kv, RENDER_LIMITER: refusing });
    expect(res.status).toBe(429);
    expect(kv.ops).toEqual([]);
  });

  it("a paper's routes, the status and the days count on every request, revalidations included: each costs KV reads", async () => {
    const { binding, asked } = limiter(1_000);
    const bindings = { ...env, RENDER_LIMITER: binding };
    for (const route of ["/api/papers/2605.13301", "/papers/2605.13301", "/api/status", "/api/days"]) {
      const first = await call(route, undefined, bindings);
      await call(route, { headers: { "if-none-match": first.headers.get("etag")! } }, bindings);
    }
    expect(asked).toHaveLength(8);
  });

  it("a URL the isolate holds an answer for is served from it, cache-busters too, without counting", async () => {
    const { binding, asked } = limiter(1_000);
    await call("/?date=2026-05-15", undefined, env);
    await call("/feed.atom", undefined, env);
    const bindings = { ...env, RENDER_LIMITER: binding };
    expect((await call("/?date=2026-05-15&utm_source=x", undefined, bindings)).status).toBe(200);
    expect((await call("/feed.atom?_=123", undefined, bindings)).status).toBe(200);
    expect(asked).toEqual([]);
  });
});
