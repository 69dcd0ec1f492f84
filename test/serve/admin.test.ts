// POST /api/admin/scrape: manual runs and backfill, behind a bearer token.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RunReport } from "../../src/core/runReport";
import { Problem, StatusAnswer } from "../../src/serve/answers";
import { EMPTY_INDEX } from "../../src/store/values/dayIndex";
import { COUNTS, fakeOrigin } from "../fixtures";
import { answer, call, routeFetchTo } from "../helpers";
import { storedDay, storedIndex } from "../stored";

describe("POST /api/admin/scrape", () => {
  const withToken = { ...env, ADMIN_TOKEN: "s3cret-token" };
  const post = (qs: string, token?: string, bindings: object = withToken) =>
    call(
      `/api/admin/scrape?${qs}`,
      { method: "POST", headers: token ? { authorization: `Bearer ${token}` } : {} },
      bindings,
    );

  it("does not exist without an ADMIN_TOKEN secret", async () => {
    const { ADMIN_TOKEN: _, ...unset } = env as typeof env & { ADMIN_TOKEN?: string };
    const res = await post("date=2026-05-15", "anything", unset);
    expect(res.status).toBe(404);
  });

  // A guard for a developer's machine: it can fail only where a .dev.vars with secrets exists.
  it("the suite's own bindings hold no secret, whatever a developer's .dev.vars holds", () => {
    const bindings = env as typeof env & { ADMIN_TOKEN?: string; HF_TOKEN?: string };
    expect(bindings.ADMIN_TOKEN ?? "").toBe("");
    expect(bindings.HF_TOKEN ?? "").toBe("");
  });

  it("an empty ADMIN_TOKEN means not set: no admin route, and every public route still answers", async () => {
    const emptyToken = { ...env, ADMIN_TOKEN: "" };
    expect((await post("date=2026-05-15", "", emptyToken)).status).toBe(404);
    for (const route of ["/api/papers", "/api/status", "/feed.atom", "/"]) {
      expect((await call(route, undefined, emptyToken)).status, route).toBe(200);
    }
  });

  it("answers 401 and does nothing for a missing or wrong token", async () => {
    const origin = fakeOrigin();
    routeFetchTo(origin);
    for (const token of [undefined, "wrong", "s3cret-token-but-longer"]) {
      const res = await post("date=2026-05-15", token);
      expect(res.status).toBe(401);
    }
    expect(origin.calls).toEqual([]);
    expect(await storedIndex()).toEqual(EMPTY_INDEX);
  });

  it("scrapes the days asked for and answers the per-day report", async () => {
    const origin = fakeOrigin();
    routeFetchTo(origin);
    const res = await post("from=2026-05-15&to=2026-05-17", "s3cret-token");
    expect(res.status).toBe(200);
    const report = RunReport.parse(await res.json());
    expect(report.trigger).toBe("admin");
    expect(report.days.map((d) => [d.asked, d.date, d.outcome])).toEqual([
      ["2026-05-15", "2026-05-15", "stored"],
      ["2026-05-16", "2026-05-15", "repeat"],
      ["2026-05-17", "2026-05-15", "repeat"],
    ]);
    expect((await storedDay("2026-05-15"))?.papers).toHaveLength(COUNTS["2026-05-15"]);
    expect((await answer(StatusAnswer, "/api/status")).last_run?.trigger).toBe("admin");
  });

  it("bounds a call to 3 days and validates its parameters", async () => {
    for (const [qs, parameter] of [
      ["from=2026-05-01&to=2026-05-04", "to"],
      ["", "date"],
      ["date=2026-02-30", "date"],
    ] as const) {
      const res = await post(qs, "s3cret-token");
      expect(res.status, qs).toBe(400);
      expect(Problem.parse(await res.json()).parameter).toBe(parameter);
    }
  });
});
