// The JSON API's routes: papers, one paper, days, and what an unknown route answers.
import { describe, expect, it } from "vitest";
import { DaysAnswer, PaperAnswer, PapersAnswer, Problem } from "../../src/serve/answers";
import { COUNTS, fakeOrigin } from "../fixtures";
import { answer, call, runScrape, shareStorage } from "../helpers";

// Every test here only reads: the fixtures are scraped once.
shareStorage(() => runScrape(fakeOrigin()));

describe("GET /api/papers", () => {
  it("answers the newest stored day by default, most upvoted first", async () => {
    const res = await call("/api/papers");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = PapersAnswer.parse(await res.json());
    expect(body.days).toEqual(["2026-05-18"]);
    expect(body.count).toBe(COUNTS["2026-05-18"]);
    expect(body.total).toBe(COUNTS["2026-05-18"]);
    expect(body.next).toBeNull();
    const votes = body.papers.map((p) => p.upvotes);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
    for (const p of body.papers) {
      expect(p.date).toBe("2026-05-18");
      expect(p.url).toBe(`https://huggingface.co/papers/${p.id}`);
      expect(p.arxiv_url).toBe(`https://arxiv.org/abs/${p.id}`);
    }
  });

  it("ignores unknown parameters", async () => {
    const body = await answer(PapersAnswer, "/api/papers?date=2026-05-15&_=12345&utm_source=x");
    expect(body.count).toBe(COUNTS["2026-05-15"]);
    expect(body.filters).toEqual({ date: "2026-05-15" });
  });
});

describe("GET /api/papers/:id", () => {
  it("answers one paper with the days it was listed on", async () => {
    const body = await answer(PaperAnswer, "/api/papers/2605.13301");
    expect(body.paper).toMatchObject({ id: "2605.13301", upvotes: 140, date: "2026-05-15" });
    expect(body.listed_on).toEqual(["2026-05-15"]);
  });

  it("answers 404 problem details for an unknown id and 400 for a malformed one", async () => {
    const unknown = await call("/api/papers/2605.00001");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    expect(Problem.parse(await unknown.json())).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "Paper 2605.00001 not found",
    });
    const bad = await call("/api/papers/not-an-id");
    expect(bad.status).toBe(400);
    expect(Problem.parse(await bad.json()).parameter).toBe("id");
  });
});

describe("GET /api/days", () => {
  it("lists the stored days, newest first, with counts", async () => {
    const body = await answer(DaysAnswer, "/api/days");
    expect(body.count).toBe(4);
    expect(body.days).toEqual(Object.entries(COUNTS).map(([date, count]) => ({ date, count })));
  });
});

describe("unknown routes", () => {
  it("answer 404 problem details naming the route", async () => {
    const res = await call("/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Problem.parse(await res.json()).detail).toBe("Route GET /nope not found");
  });
});
