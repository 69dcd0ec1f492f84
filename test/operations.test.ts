import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { scrape } from "../src/scrape";
import { getDay, getIndex } from "../src/store";
import { fakeOrigin } from "./fixtures";

const NOW = Date.parse("2026-05-19T06:00:00Z");
const config = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7 };
const call = (path: string, init?: RequestInit, bindings: object = env) =>
  worker.fetch(new Request(`http://feed.test${path}`, init), bindings as Env, createExecutionContext());

afterEach(() => vi.useRealTimers());
afterEach(() => vi.restoreAllMocks());

describe("GET /api/status", () => {
  it("answers 200 before any run, stale", async () => {
    const res = await call("/api/status");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ last_run: null, last_success_at: null, newest_day: null, days_stored: 0, stale: true, stale_after_minutes: 180 });
  });

  it("reports the last run, per day, and freshness", async () => {
    vi.useFakeTimers({ now: NOW + 60_000, toFake: ["Date"] });
    await scrape({ kv: env.PAPERS, config, fetch: fakeOrigin().fetch, now: NOW });
    const body = (await (await call("/api/status")).json()) as any;
    expect(body).toMatchObject({ last_success_at: "2026-05-19T06:00:00.000Z", newest_day: "2026-05-18", days_stored: 4, stale: false });
    expect(body.last_run.trigger).toBe("cron");
    expect(body.last_run.days[0]).toEqual({ asked: "latest", date: "2026-05-18", outcome: "stored", count: 10, via: "page" });
  });

  it("stays 200 while scraping fails, and turns stale after the threshold", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    await scrape({ kv: env.PAPERS, config, fetch: fakeOrigin().fetch, now: NOW });
    const down = fakeOrigin(() => new Response("down", { status: 404 }));
    await scrape({ kv: env.PAPERS, config, fetch: down.fetch, now: NOW + 4 * 3_600_000 });
    vi.setSystemTime(NOW + 4 * 3_600_000);
    const res = await call("/api/status");
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.stale).toBe(true);
    expect(body.last_success_at).toBe("2026-05-19T06:00:00.000Z");
    expect(body.last_run.ok).toBe(false);
    expect(body.last_run.days[0]).toMatchObject({ outcome: "failed" });
    expect(body.last_run.days[0].error).toMatch(/404/);
    expect(body.newest_day).toBe("2026-05-18");
  });
});

describe("POST /api/admin/scrape", () => {
  const withToken = { ...env, ADMIN_TOKEN: "s3cret-token" };
  const post = (qs: string, token?: string, bindings: object = withToken) =>
    call(`/api/admin/scrape?${qs}`, { method: "POST", headers: token ? { authorization: `Bearer ${token}` } : {} }, bindings);

  it("does not exist without an ADMIN_TOKEN secret", async () => {
    const res = await post("date=2026-05-15", "anything", env);
    expect(res.status).toBe(404);
  });

  it("answers 401 and does nothing for a missing or wrong token", async () => {
    const origin = fakeOrigin();
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => origin.fetch(input as string, init));
    for (const token of [undefined, "wrong", "s3cret-token-but-longer"]) {
      const res = await post("date=2026-05-15", token);
      expect(res.status).toBe(401);
    }
    expect(origin.calls).toEqual([]);
    expect(await getIndex(env.PAPERS)).toEqual({ updated_at: null, days: [] });
  });

  it("scrapes the days asked for and answers the per-day report", async () => {
    const origin = fakeOrigin();
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => origin.fetch(input as string, init));
    const res = await post("from=2026-05-15&to=2026-05-17", "s3cret-token");
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    expect(report.trigger).toBe("admin");
    expect(report.days.map((d: any) => [d.asked, d.date, d.outcome])).toEqual([
      ["2026-05-15", "2026-05-15", "stored"],
      ["2026-05-16", "2026-05-15", "repeat"],
      ["2026-05-17", "2026-05-15", "repeat"],
    ]);
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers).toHaveLength(40);
    const status = (await (await call("/api/status")).json()) as any;
    expect(status.last_run.trigger).toBe("admin");
  });

  it("bounds a call to 3 days and validates its parameters", async () => {
    for (const [qs, parameter] of [
      ["from=2026-05-01&to=2026-05-04", "to"],
      ["", "date"],
      ["date=2026-02-30", "date"],
    ] as const) {
      const res = await post(qs, "s3cret-token");
      expect(res.status, qs).toBe(400);
      expect(((await res.json()) as any).parameter).toBe(parameter);
    }
  });
});

describe("a fresh deployment fills itself", () => {
  it("the first request to an empty archive starts one background scrape, at most once a minute", async () => {
    const origin = fakeOrigin();
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => origin.fetch(input as string, init));
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://feed.test/feed.atom"), env, ctx);
    expect(res.status).toBe(200);
    await waitOnExecutionContext(ctx);
    expect(origin.calls[0]).toBe("http://hf.test/papers");
    expect((await getIndex(env.PAPERS)).days.map((d) => d.date)).toContain("2026-05-18");

    // Emptied again within the minute: no second scrape.
    await env.PAPERS.delete("days");
    const calls = origin.calls.length;
    const again = createExecutionContext();
    await worker.fetch(new Request("http://feed.test/api/days"), env, again);
    await waitOnExecutionContext(again);
    expect(origin.calls.length).toBe(calls);
  });

  it("a non-empty archive starts nothing", async () => {
    await scrape({ kv: env.PAPERS, config, fetch: fakeOrigin().fetch, now: NOW });
    const spy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new Error("no network in tests"));
    const ctx = createExecutionContext();
    await worker.fetch(new Request("http://feed.test/api/papers"), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(spy).not.toHaveBeenCalled();
  });
});
