// sort=rising and a paper's upvote history in the API.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { selectPapers } from "../../src/serve/select";
import { Archive } from "../../src/store/archive";
import { countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, NOW, runScrape, testHost } from "../helpers";
import { planFor } from "../stored";

/** Friday's list scraped three times; papers 2 and 5 climb fastest in the last day. */
async function climbingFriday() {
  const props = propsOf("2026-05-15");
  const at = (hours: number, bump: (id: string, n: number) => number) => {
    const copy = structuredClone(props);
    copy.dailyPapers.forEach((i, n) => {
      i.paper.upvotes = bump(i.paper.id, n);
    });
    return runScrape(
      fakeOrigin(() => new Response(pageWith(copy))),
      { targets: ["2026-05-15"], now: NOW + hours * 3_600_000 },
    );
  };
  const base = new Map(props.dailyPapers.map((i) => [i.paper.id, i.paper.upvotes]));
  const ids = props.dailyPapers.map((i) => i.paper.id);
  await at(0, (id) => base.get(id)!);
  await at(30, (id, n) => base.get(id)! + (n === 2 ? 50 : n === 5 ? 20 : 1));
  return { ids, base };
}

describe("sort=rising", () => {
  it("orders by upvotes gained over the last 24 hours of stored history, then upvotes, then id", async () => {
    const { ids } = await climbingFriday();
    const body = await answer(PapersAnswer, "/api/papers?date=2026-05-15&sort=rising");
    expect(body.papers.slice(0, 2).map((p) => p.id)).toEqual([ids[2], ids[5]]);
    // Everyone else gained 1: then most upvoted first, then by id.
    const rest = body.papers.slice(2);
    for (let i = 1; i < rest.length; i++) {
      const [a, b] = [rest[i - 1]!, rest[i]!];
      expect(a.upvotes > b.upvotes || (a.upvotes === b.upvotes && a.id < b.id)).toBe(true);
    }
  });

  it("a point dated after its day's summary (a planted far-future one) hides only itself: the others' gains stand", async () => {
    const { ids } = await climbingFriday();
    const key = "hist:2026-05-15";
    const h = JSON.parse((await env.PAPERS.get(key))!);
    const far = Date.parse("9999-12-30T00:00:00Z") / 1000;
    h.papers[ids[7]!].u = `${h.papers[ids[7]!].u},${far}:1`;
    await env.PAPERS.put(key, JSON.stringify(h));
    const body = await answer(PapersAnswer, "/api/papers?date=2026-05-15&sort=rising");
    expect(body.papers.slice(0, 2).map((p) => p.id)).toEqual([ids[2], ids[5]]);
  });

  it("pages with cursors, every paper once, in the same order", async () => {
    await climbingFriday();
    const whole = (await answer(PapersAnswer, "/api/papers?date=2026-05-15&sort=rising")).papers.map(
      (p) => p.id,
    );
    const seen: string[] = [];
    let url: string | null = "/api/papers?date=2026-05-15&sort=rising&limit=7";
    while (url) {
      const page: PapersAnswer = await answer(PapersAnswer, url.replace(testHost(), ""));
      seen.push(...page.papers.map((p) => p.id));
      url = page.next;
    }
    expect(seen).toEqual(whole);
  });

  it("without history in the last 24 hours, everyone gained 0: the order is by upvotes", async () => {
    await runScrape(fakeOrigin());
    const rising = (await answer(PapersAnswer, "/api/papers?date=2026-05-15&sort=rising")).papers.map(
      (p) => p.upvotes,
    );
    expect(rising).toEqual([...rising].sort((a, b) => b - a));
  });
});

describe("what sort=rising reads", () => {
  it("only the histories of days changed within the window: older days gained nothing", async () => {
    await runScrape(fakeOrigin()); // every day, at NOW
    const { ids } = await climbingFriday(); // Friday again, 30 hours later
    const kv = countingKv(env.PAPERS);
    const { papers } = await selectPapers(
      new Archive(kv),
      await planFor("/api/papers", "month=2026-05&sort=rising"),
    );
    expect(kv.gets.filter((k) => k.startsWith("hist:"))).toEqual(["hist:2026-05-15"]);
    expect(papers.slice(0, 2).map((p) => p.id)).toEqual([ids[2], ids[5]]);
  });
});

describe("a paper's upvote history", () => {
  it("is in /api/papers/:id as [ISO time, upvotes]", async () => {
    const { ids, base } = await climbingFriday();
    const body = await answer(PaperAnswer, `/api/papers/${ids[2]}`);
    expect(body.upvote_history).toEqual([
      [new Date(NOW).toISOString(), base.get(ids[2]!)!],
      [new Date(NOW + 30 * 3_600_000).toISOString(), base.get(ids[2]!)! + 50],
    ]);
  });
});
