import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../src/index";
import { scrape } from "../src/scrape";
import { fakeOrigin } from "./fixtures";
import { jsonFeedErrors, parseAtom } from "./feedValidators";

const NOW = Date.parse("2026-05-19T06:00:00Z");

beforeEach(async () => {
  // Stores 2026-05-18 (10), 2026-05-15 (40), 2026-05-14 (4 awkward titles), 2024-10-25 (29).
  await scrape({ kv: env.PAPERS, config: { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7 }, fetch: fakeOrigin().fetch, now: NOW });
});

const get = (path: string, init?: RequestInit) => worker.fetch(new Request(`http://feed.test${path}`, init), env, createExecutionContext());
const getJson = async (path: string) => {
  const res = await get(path);
  return { res, body: (await res.json()) as any };
};

describe("GET /api/papers", () => {
  it("answers the newest stored day by default", async () => {
    const { res, body } = await getJson("/api/papers");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body.days).toEqual(["2026-05-18"]);
    expect(body.count).toBe(10);
    expect(body.papers).toHaveLength(10);
    const p = body.papers[0];
    for (const k of ["id", "title", "summary", "authors", "upvotes", "date", "url", "arxiv_url"]) expect(p).toHaveProperty(k);
    expect(Number.isInteger(p.upvotes)).toBe(true);
    expect(p.url).toBe(`https://huggingface.co/papers/${p.id}`);
    // Most upvoted first within a day.
    const votes = body.papers.map((x: any) => x.upvotes);
    expect(votes).toEqual([...votes].sort((a: number, b: number) => b - a));
  });

  it("filters by date", async () => {
    const { body } = await getJson("/api/papers?date=2026-05-15");
    expect(body.count).toBe(40);
    expect(body.papers.every((p: any) => p.date === "2026-05-15")).toBe(true);
    expect(body.filters).toEqual({ date: "2026-05-15" });
  });

  it("answers an empty list for a day with no list", async () => {
    const { res, body } = await getJson("/api/papers?date=2026-05-16");
    expect(res.status).toBe(200);
    expect(body.papers).toEqual([]);
  });

  it("filters by an inclusive range, newest day first", async () => {
    const { body } = await getJson("/api/papers?from=2026-05-14&to=2026-05-18");
    expect(body.days).toEqual(["2026-05-18", "2026-05-15", "2026-05-14"]);
    expect(body.total).toBe(54);
    const dates = body.papers.map((p: any) => p.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const { body: edge } = await getJson("/api/papers?from=2026-05-15&to=2026-05-15");
    expect(edge.total).toBe(40);
  });

  it("filters by min_upvotes (a number, not a string compare) and limits", async () => {
    const { body } = await getJson("/api/papers?date=2026-05-15&min_upvotes=50");
    expect(body.papers.map((p: any) => p.upvotes)).toEqual([140, 84, 69, 69, 55, 50]);
    const { body: none } = await getJson("/api/papers?date=2026-05-15&min_upvotes=1000000");
    expect(none.papers).toEqual([]);
    const { body: limited } = await getJson("/api/papers?date=2026-05-15&limit=3");
    expect(limited.count).toBe(3);
    expect(limited.total).toBe(40);
    expect(limited.papers[0].upvotes).toBe(140);
  });

  it("ignores unknown parameters", async () => {
    const { res, body } = await getJson("/api/papers?date=2026-05-15&_=12345&utm_source=x");
    expect(res.status).toBe(200);
    expect(body.count).toBe(40);
  });
});

describe("bad input answers 400 naming the parameter and the rule", () => {
  it.each([
    ["date=2025-02-30", "date"],
    ["date=2025-2-3", "date"],
    ["date=yesterday", "date"],
    ["date=", "date"],
    ["from=2026-05-18&to=2026-05-14", "from"],
    ["from=2026-01-01&to=2026-05-14", "to"],
    ["from=2026-05-14", "to"],
    ["to=2026-05-14", "from"],
    ["date=2026-05-14&from=2026-05-14&to=2026-05-15", "from"],
    ["date=2026-05-14&week=2026-W20", "week"],
    ["month=2026-05&from=2026-05-14&to=2026-05-15", "month"],
    ["week=2026-W54", "week"],
    ["week=2025-W53", "week"],
    ["week=2026-20", "week"],
    ["month=2026-13", "month"],
    ["month=2026-5", "month"],
    ["sort=votes", "sort"],
    ["q=", "q"],
    ["cursor=nonsense", "cursor"],
    ["min_upvotes=-1", "min_upvotes"],
    ["min_upvotes=1.5", "min_upvotes"],
    ["min_upvotes=ten", "min_upvotes"],
    ["min_upvotes=1000001", "min_upvotes"],
    ["min_upvotes=1e3", "min_upvotes"],
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=abc", "limit"],
  ])("%s", async (qs, parameter) => {
    for (const route of ["/api/papers", "/feed.json", "/feed.atom"]) {
      const res = await get(`${route}?${qs}`);
      expect(res.status, route).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = (await res.json()) as any;
      expect(body).toMatchObject({ type: "https://github.com/daily-papers-feed/daily-papers-feed#invalid-parameter", title: "Invalid parameter", status: 400, parameter });
      expect(typeof body.rule).toBe("string");
      expect(body.detail).toContain(`"${parameter}"`);
      expect(body.detail).toContain(body.rule);
    }
  });

  it("accepts a range of exactly 92 days", async () => {
    const res = await get("/api/papers?from=2026-02-16&to=2026-05-18");
    expect(res.status).toBe(200);
  });

  it("never answers 500 for odd query strings", async () => {
    for (const qs of ["%", "date=%E0%A4%A", "limit=99999999999999999999", "min_upvotes=%00", "date[]=x", "&&&", "date=2026-05-15&date=bad"]) {
      const res = await get(`/api/papers?${qs}`);
      expect(res.status, qs).toBeLessThan(500);
    }
  });
});

describe("GET /api/papers/:id", () => {
  it("answers one paper with the days it was listed on", async () => {
    const { res, body } = await getJson("/api/papers/2605.13301");
    expect(res.status).toBe(200);
    expect(body.paper).toMatchObject({ id: "2605.13301", upvotes: 140, date: "2026-05-15" });
    expect(body.listed_on).toEqual(["2026-05-15"]);
  });

  it("answers 404 JSON for an unknown id and 400 for a malformed one", async () => {
    const unknown = await get("/api/papers/2605.00001");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    expect(await unknown.json()).toMatchObject({ type: "about:blank", title: "Not Found", status: 404, detail: "Paper 2605.00001 not found" });
    const bad = await get("/api/papers/not-an-id");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).parameter).toBe("id");
  });
});

describe("GET /api/days", () => {
  it("lists the stored days, newest first, with counts", async () => {
    const { body } = await getJson("/api/days");
    expect(body.days).toEqual([
      { date: "2026-05-18", count: 10 },
      { date: "2026-05-15", count: 40 },
      { date: "2026-05-14", count: 4 },
      { date: "2024-10-25", count: 29 },
    ]);
  });
});

describe("unknown routes", () => {
  it("answer 404 JSON", async () => {
    const res = await get("/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("GET /feed.json", () => {
  it("is a valid JSON Feed 1.1 of the recent days, newest first", async () => {
    const res = await get("/feed.json");
    expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const feed = (await res.json()) as any;
    expect(jsonFeedErrors(feed)).toEqual([]);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items).toHaveLength(83);
    expect(feed.items[0].date_published).toBe("2026-05-18T00:00:00Z");
    expect(feed.items.at(-1).date_published).toBe("2024-10-25T00:00:00Z");
    const item = feed.items.find((i: any) => i._daily_papers.arxiv_id === "2605.13301");
    expect(item).toMatchObject({ id: "https://huggingface.co/papers/2605.13301", url: "https://huggingface.co/papers/2605.13301", date_published: "2026-05-15T00:00:00Z" });
    expect(item._daily_papers.upvotes).toBe(140);
    expect(item.content_html).toContain("140 upvotes");
    expect(item.authors.length).toBeGreaterThan(0);
  });

  it("keeps item ids stable when upvotes change", async () => {
    const before = ((await (await get("/feed.json?date=2026-05-18")).json()) as any).items;
    const { propsOf, pageWith } = await import("./fixtures");
    const props = propsOf("2026-05-18");
    for (const i of props.dailyPapers) i.paper.upvotes += 10;
    const origin = fakeOrigin((url) => (url.endsWith("/papers") ? new Response(pageWith(props)) : undefined));
    await scrape({ kv: env.PAPERS, config: { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 0 }, fetch: origin.fetch, now: NOW + 3_600_000 });
    const after = ((await (await get("/feed.json?date=2026-05-18")).json()) as any).items;
    expect(after.map((i: any) => i._daily_papers.upvotes)).toEqual(before.map((i: any) => i._daily_papers.upvotes + 10));
    expect(after.map((i: any) => [i.id, i.date_published])).toEqual(before.map((i: any) => [i.id, i.date_published]));
  });

  it("is a valid, empty feed when a filter matches nothing", async () => {
    const feed = (await (await get("/feed.json?min_upvotes=1000000")).json()) as any;
    expect(jsonFeedErrors(feed)).toEqual([]);
    expect(feed.items).toEqual([]);
    expect(feed.title).toBe("Hugging Face Daily Papers, 1000000+ upvotes");
  });

  it("carries awkward titles through unharmed", async () => {
    const feed = (await (await get("/feed.json?date=2026-05-14")).json()) as any;
    expect(jsonFeedErrors(feed)).toEqual([]);
    expect(feed.items.map((i: any) => i.title)).toContain('Q&A <b>is not a tag</b>: "Quotes", \'apostrophes\' & AT&T');
  });
});

describe("GET /feed.atom", () => {
  it("is well-formed Atom with stable ids, links, authors and the listed day as published", async () => {
    const res = await get("/feed.atom?date=2026-05-15");
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const { feed, entries } = parseAtom(await res.text());
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.title["#text"]).toBe("Hugging Face Daily Papers, 2026-05-15");
    expect(feed.link.find((l: any) => l["@rel"] === "self")["@href"]).toBe("http://feed.test/feed.atom?date=2026-05-15");
    expect(entries).toHaveLength(40);
    const e = entries.find((x) => x.id === "https://huggingface.co/papers/2605.13301")!;
    expect(e.published).toBe("2026-05-15T00:00:00Z");
    expect(e.updated).toBe("2026-05-15T00:00:00Z");
    expect(e.link.find((l: any) => l["@rel"] === "alternate")["@href"]).toBe("https://huggingface.co/papers/2605.13301");
    expect(e.author.length).toBeGreaterThan(0);
    expect(e.content["#text"]).toContain("140 upvotes");
    expect(e.content["@type"]).toBe("html");
    // The abstract is in the content, once (no duplicate <summary>).
    expect(e.content["#text"]).toContain("<p>" + (await (await get("/api/papers/2605.13301")).json() as any).paper.summary.slice(0, 60));
  });

  it("escapes awkward titles so a parser reads them back exactly", async () => {
    const { entries } = parseAtom(await (await get("/feed.atom?date=2026-05-14")).text());
    const parsed = new Map(entries.map((e) => [e.id, e.title["#text"]]));
    const decode = (s: string) => s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&apos;", "'").replaceAll("&amp;", "&");
    expect(decode(parsed.get("https://huggingface.co/papers/2605.99000"))).toBe('Q&A <b>is not a tag</b>: "Quotes", \'apostrophes\' & AT&T');
    expect(decode(parsed.get("https://huggingface.co/papers/2605.99033"))).toBe("Scripts: </script><script>alert(1)</script> & ]]> in a title");
  });

  it("uses a canonical self link and id whatever cache-busters are added", async () => {
    const a = parseAtom(await (await get("/feed.atom?min_upvotes=20&_=1")).text());
    const b = parseAtom(await (await get("/feed.atom?_=2&min_upvotes=20")).text());
    expect(a.feed.id).toBe("http://feed.test/feed.atom?min_upvotes=20");
    expect(b.feed.id).toBe(a.feed.id);
  });

  it("is a valid, empty feed when a filter matches nothing", async () => {
    const { entries, feed } = parseAtom(await (await get("/feed.atom?min_upvotes=999999")).text());
    expect(entries).toEqual([]);
    expect(feed.updated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
