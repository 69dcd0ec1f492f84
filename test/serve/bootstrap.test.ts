// A fresh deployment fills itself: the first request to an empty archive starts a scrape.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { getIndex } from "../../src/store/dayIndex";
import { keys } from "../../src/store/keys";
import { fakeOrigin } from "../fixtures";
import { routeFetchTo, runScrape } from "../helpers";

describe("a fresh deployment fills itself", () => {
  it("the first request to an empty archive starts one background scrape, at most once a minute", async () => {
    const origin = fakeOrigin();
    routeFetchTo(origin);
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://feed.test/feed.atom"), env, ctx);
    expect(res.status).toBe(200);
    await waitOnExecutionContext(ctx);
    expect(origin.calls[0]).toBe("http://hf.test/papers");
    expect((await getIndex(env.PAPERS)).days.map((d) => d.date)).toContain("2026-05-18");

    // Emptied again within the minute: no second scrape.
    await env.PAPERS.delete(keys.index);
    const calls = origin.calls.length;
    const again = createExecutionContext();
    await worker.fetch(new Request("http://feed.test/api/days"), env, again);
    await waitOnExecutionContext(again);
    expect(origin.calls.length).toBe(calls);
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
