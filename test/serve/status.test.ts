// GET /api/status: how the last run went, and whether the data is fresh.
import { describe, expect, it, vi } from "vitest";
import { StatusAnswer } from "../../src/serve/answers";
import { fakeOrigin } from "../fixtures";
import { answer, call, NOW, runScrape } from "../helpers";

describe("GET /api/status", () => {
  it("answers 200 before any run, stale", async () => {
    const res = await call("/api/status");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      last_run: null,
      last_success_at: null,
      newest_day: null,
      days_stored: 0,
      stale: true,
      stale_after_minutes: 180,
    });
  });

  it("reports the last run, per day, and freshness", async () => {
    vi.useFakeTimers({ now: NOW + 60_000, toFake: ["Date"] });
    await runScrape(fakeOrigin());
    const body = await answer(StatusAnswer, "/api/status");
    expect(body).toMatchObject({
      last_success_at: "2026-05-19T06:00:00.000Z",
      newest_day: "2026-05-18",
      days_stored: 4,
      stale: false,
    });
    expect(body.last_run?.trigger).toBe("cron");
    expect(body.last_run?.days[0]).toEqual({
      asked: "latest",
      date: "2026-05-18",
      outcome: "stored",
      count: 10,
      via: "page",
    });
  });

  it("stays 200 while scraping fails, and turns stale after the threshold", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
    await runScrape(fakeOrigin());
    const down = fakeOrigin(() => new Response("down", { status: 404 }));
    await runScrape(down, { now: NOW + 4 * 3_600_000 });
    vi.setSystemTime(NOW + 4 * 3_600_000);
    const res = await call("/api/status");
    expect(res.status).toBe(200);
    const body = StatusAnswer.parse(await res.json());
    expect(body.stale).toBe(true);
    expect(body.last_success_at).toBe("2026-05-19T06:00:00.000Z");
    expect(body.last_run?.ok).toBe(false);
    expect(body.last_run?.days[0]).toMatchObject({ outcome: "failed" });
    expect(body.last_run?.days[0]?.error).toMatch(/404/);
    expect(body.newest_day).toBe("2026-05-18");
  });
});
