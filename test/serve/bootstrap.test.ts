// A fresh deployment fills itself: the first request to an empty archive starts a scrape.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BOOTSTRAP_KEY, BOOTSTRAP_WAIT_S } from "../../src/store/values/bootstrap";
import { DAY_INDEX_KEY } from "../../src/store/values/dayIndex";
import { fakeOrigin } from "../fixtures";
import { routeFetchTo, runScrape } from "../helpers";
import { storedIndex } from "../stored";

describe("a fresh deployment fills itself", () => {
  it("the first request to an empty archive starts one background scrape, at most once in ten minutes", async () => {
    const origin = fakeOrigin();
    routeFetchTo(origin);
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://feed.test/feed.atom"), env, ctx);
    expect(res.status).toBe(200);
    await waitOnExecutionContext(ctx);
    // The newest list: the run's day's in the API (none in the fixtures), then the page.
    expect(origin.calls.slice(0, 2)).toEqual([
      expect.stringMatching(/^http:\/\/hf\.test\/api\/daily_papers\?date=\d{4}-\d{2}-\d{2}&/),
      "http://hf.test/papers",
    ]);
    expect((await storedIndex()).days.map((d) => d.date)).toContain("2026-05-18");

    // Emptied again within the wait: no second scrape.
    await env.PAPERS.delete(DAY_INDEX_KEY);
    const calls = origin.calls.length;
    const again = createExecutionContext();
    await worker.fetch(new Request("http://feed.test/api/days"), env, again);
    await waitOnExecutionContext(again);
    expect(origin.calls.length).toBe(calls);
  });

  it("a try that fails holds off the next for ten minutes, however many requests come", async () => {
    const origin = fakeOrigin(() => new Response("down", { status: 503 }));
    routeFetchTo(origin);
    const before = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 5; i++) {
      const ctx = createExecutionContext();
      expect((await worker.fetch(new Request("http://feed.test/feed.atom"), env, ctx)).status).toBe(200);
      await waitOnExecutionContext(ctx);
    }
    expect((await env.PAPERS.list({ prefix: "run:" })).keys).toHaveLength(1);
    const [marker] = (await env.PAPERS.list({ prefix: BOOTSTRAP_KEY })).keys;
    expect(marker!.expiration! - before).toBeGreaterThanOrEqual(BOOTSTRAP_WAIT_S);
    expect(BOOTSTRAP_WAIT_S).toBeGreaterThanOrEqual(600);
  });

  it("a non-empty archive starts nothing", async () => {
    await runScrape(fakeOrigin());
    const spy = routeFetchTo(fakeOrigin());
    const ctx = createExecutionContext();
    await worker.fetch(new Request("http://feed.test/api/papers"), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(spy).not.toHaveBeenCalled();
  });
});
