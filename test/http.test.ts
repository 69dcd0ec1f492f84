import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { XMLParser } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../src/index";
import { ListQuery } from "../src/query";
import { scrape } from "../src/scrape";
import { dayKey, getDay } from "../src/store";
import { fakeOrigin, pageWith, propsOf } from "./fixtures";
import { jsonFeedErrors, parseAtom } from "./feedValidators";

const NOW = Date.parse("2026-05-19T06:00:00Z");
const config = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7 };
// Each test gets its own host: the edge cache outlives a test's KV.
let host = "";
let n = 0;
beforeEach(async () => {
  host = `http://t${++n}-${Date.now()}.test`;
  await scrape({ kv: env.PAPERS, config, fetch: fakeOrigin().fetch, now: NOW });
});

async function call(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${host}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx); // let the edge cache write land
  return res;
}
const GET_ROUTES = ["/", "/api/papers", "/api/papers/2605.13301", "/api/days", "/api/status", "/feed.json", "/feed.atom", "/feed.rss", "/openapi.json"];

describe("conditional requests", () => {
  it.each(GET_ROUTES)("%s carries an ETag and answers 304 to If-None-Match", async (route) => {
    const first = await call(route);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await call(route)).headers.get("etag")).toBe(etag);
    const again = await call(route, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await call(route, { headers: { "if-none-match": '"other"' } })).status).toBe(200);
  });

  it("derives the ETag from the content: the same data on another host gives the same tag", async () => {
    const a = (await call("/api/papers?date=2026-05-15")).headers.get("etag");
    host = "http://elsewhere.test";
    expect((await call("/api/papers?date=2026-05-15")).headers.get("etag")).toBe(a);
  });

  it("sends Last-Modified (when the data last changed) and honours If-Modified-Since", async () => {
    const res = await call("/feed.atom");
    expect(res.headers.get("last-modified")).toBe("Tue, 19 May 2026 06:00:00 GMT");
    expect((await call("/feed.atom", { headers: { "if-modified-since": "Tue, 19 May 2026 06:00:00 GMT" } })).status).toBe(304);
    expect((await call("/feed.atom", { headers: { "if-modified-since": "Tue, 19 May 2026 05:59:59 GMT" } })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
    expect((await call("/feed.atom", { headers: { "if-none-match": '"x"', "if-modified-since": "Wed, 20 May 2026 00:00:00 GMT" } })).status).toBe(200);
  });

  it("sets a Cache-Control that fits the schedule", async () => {
    expect((await call("/feed.json")).headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=600");
    expect((await call("/api/papers?date=bad")).headers.get("cache-control")).toBe("no-store");
  });
});

describe("the edge cache", () => {
  it("serves a cached answer, whatever cache-busters are added", async () => {
    const before = await (await call("/api/papers?date=2026-05-15&min_upvotes=50")).json();
    // Change the stored day behind the cache's back (no scrape, so no new data version).
    const day = (await getDay(env.PAPERS, "2026-05-15"))!;
    day.papers = day.papers.map((p) => ({ ...p, upvotes: p.upvotes + 1000 }));
    await env.PAPERS.put(dayKey("2026-05-15"), JSON.stringify(day));
    expect(await (await call("/api/papers?min_upvotes=50&date=2026-05-15&_=123&utm_source=rss")).json()).toEqual(before);
  });

  it("answers new data right after a scrape that changed it", async () => {
    const before = (await (await call("/api/papers?date=2026-05-18")).json()) as any;
    const props = propsOf("2026-05-18");
    for (const i of props.dailyPapers) i.paper.upvotes += 100;
    await scrape({ kv: env.PAPERS, config: { ...config, WINDOW_DAYS: 0 }, fetch: fakeOrigin(() => new Response(pageWith(props))).fetch, now: NOW + 1_800_000 });
    const after = (await (await call("/api/papers?date=2026-05-18")).json()) as any;
    expect(after.papers[0].upvotes).toBe(before.papers[0].upvotes + 100);
  });
});

describe("methods and CORS", () => {
  it.each(GET_ROUTES)("HEAD %s answers like GET without a body", async (route) => {
    const get = await call(route);
    const head = await call(route, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const h of ["content-type", "etag", "cache-control", "access-control-allow-origin"]) expect(head.headers.get(h), h).toBe(get.headers.get(h));
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s on a read route answers 405 with Allow", async (method) => {
    for (const route of ["/feed.atom", "/api/papers", "/api/papers/2605.13301", "/"]) {
      const res = await call(route, { method });
      expect(res.status, route).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ type: "about:blank", title: "Method Not Allowed", status: 405 });
    }
  });

  it("every answer allows any origin, errors and 304s included", async () => {
    const ok = await call("/feed.json");
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.get("access-control-expose-headers")).toMatch(/ETag/);
    expect((await call("/feed.json", { headers: { "if-none-match": ok.headers.get("etag")! } })).headers.get("access-control-allow-origin")).toBe("*");
    expect((await call("/api/papers?limit=0")).headers.get("access-control-allow-origin")).toBe("*");
    expect((await call("/nope")).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers a CORS preflight", async () => {
    const res = await call("/api/papers", { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "GET", "access-control-request-headers": "if-none-match" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("GET");
    expect(res.headers.get("access-control-allow-headers")).toContain("if-none-match");
  });
});

describe("more filters", () => {
  const papersOf = async (qs: string) => ((await (await call(`/api/papers?${qs}`)).json()) as any).papers as any[];

  it("week= is an ISO week, Monday to Sunday", async () => {
    expect(new Set((await papersOf("week=2026-W20")).map((p) => p.date))).toEqual(new Set(["2026-05-14", "2026-05-15"]));
    expect(new Set((await papersOf("week=2026-W21")).map((p) => p.date))).toEqual(new Set(["2026-05-18"]));
    expect(await papersOf("week=2026-W01")).toEqual([]);
  });

  it("month= covers the month", async () => {
    expect(await papersOf("month=2026-05")).toHaveLength(54);
    expect(await papersOf("month=2024-10")).toHaveLength(29);
  });

  it("q= matches title, abstract and AI keywords, case-insensitively", async () => {
    const byTitle = await papersOf("q=ffavatar");
    expect(byTitle.map((p) => p.id)).toEqual(["2605.15320"]);
    const byKeyword = await papersOf("q=NERSEMBLE%20benchmark");
    expect(byKeyword.map((p) => p.id)).toEqual(["2605.15320"]);
    expect(await papersOf("q=zzzz-no-such-thing")).toEqual([]);
  });

  it("sort=upvotes sorts across days; the default sorts by day, then upvotes", async () => {
    const byVotes = await papersOf("month=2026-05&sort=upvotes");
    expect(byVotes.map((p) => p.upvotes)).toEqual([...byVotes.map((p) => p.upvotes)].sort((a, b) => b - a));
    const byDate = await papersOf("month=2026-05");
    expect(byDate[0].date).toBe("2026-05-18");
  });

  it("feed titles say what they are filtered on", async () => {
    const feed = (await (await call("/feed.json?min_upvotes=20&week=2026-W20&q=agents")).json()) as any;
    expect(feed.title).toBe('Hugging Face Daily Papers, week 2026-W20, 20+ upvotes, matching "agents"');
  });
});

describe("paging", () => {
  it("walking /api/papers by its next links returns every paper exactly once", async () => {
    const seen: string[] = [];
    let url: string | null = "/api/papers?month=2026-05&limit=7";
    let pages = 0;
    while (url && pages < 50) {
      const body = (await (await call(url.replace(host, ""))).json()) as any;
      seen.push(...body.papers.map((p: any) => `${p.date}/${p.id}`));
      expect(body.total).toBe(54);
      url = body.next;
      pages++;
    }
    expect(pages).toBe(8);
    expect(seen).toHaveLength(54);
    expect(new Set(seen).size).toBe(54);
  });

  it("walks sorted by upvotes too", async () => {
    const seen: number[] = [];
    let url: string | null = "/api/papers?month=2026-05&sort=upvotes&limit=10";
    while (url) {
      const body = (await (await call(url.replace(host, ""))).json()) as any;
      seen.push(...body.papers.map((p: any) => p.upvotes));
      url = body.next;
    }
    expect(seen).toHaveLength(54);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it("the JSON Feed has next_url and the Atom feed RFC 5005 next links", async () => {
    const ids = new Set<string>();
    let url: string | undefined = "/feed.json?limit=20";
    while (url) {
      const feed = (await (await call(url.replace(host, ""))).json()) as any;
      expect(jsonFeedErrors(feed)).toEqual([]);
      for (const i of feed.items) ids.add(i.id);
      url = feed.next_url;
    }
    expect(ids.size).toBe(83);

    const first = parseAtom(await (await call("/feed.atom?limit=50")).text());
    const next = first.feed.link.find((l: any) => l["@rel"] === "next")["@href"];
    expect(first.feed.link.find((l: any) => l["@rel"] === "first")["@href"]).toBe(`${host}/feed.atom?limit=50`);
    const second = parseAtom(await (await call(next.replace(host, ""))).text());
    expect(second.entries).toHaveLength(33);
    expect(second.feed.link.find((l: any) => l["@rel"] === "next")).toBeUndefined();
    expect(second.feed.id).toBe(first.feed.id);
  });
});

describe("GET /feed.rss", () => {
  it("is RSS 2.0 with stable non-permalink guids, RFC 822 dates and a link on every item", async () => {
    const res = await call("/feed.rss?date=2026-05-14");
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "item" }).parse(await res.text());
    expect(doc.rss["@version"]).toBe("2.0");
    const items = doc.rss.channel.item;
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(item.guid["@isPermaLink"]).toBe("false");
      expect(item.guid["#text"]).toBe(item.link);
      expect(item.pubDate).toBe("Thu, 14 May 2026 00:00:00 GMT");
    }
    expect(items.map((i: any) => i.title)).toContain('Q&A <b>is not a tag</b>: "Quotes", \'apostrophes\' & AT&T');
  });
});

describe("GET /openapi.json", () => {
  it("describes every route and the list parameters from the same zod schema", async () => {
    const doc = (await (await call("/openapi.json")).json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/", "/api/papers", "/api/papers/{id}", "/api/days", "/api/status", "/feed.json", "/feed.atom", "/feed.rss", "/openapi.json", "/api/admin/scrape"]) expect(doc.paths).toHaveProperty(path);
    const params = doc.paths["/api/papers"].get.parameters;
    expect(params.map((p: any) => p.name)).toEqual(Object.keys(ListQuery.shape));
    const limit = params.find((p: any) => p.name === "limit");
    expect(limit.schema).toMatchObject({ type: "string", pattern: "^\\d+$" });
    expect(limit.description).toMatch(/1 to 200/);
    expect(params.find((p: any) => p.name === "sort").schema.enum).toEqual(["date", "upvotes"]);
    expect(doc.components.schemas.PapersAnswer.properties.papers.items.required).toEqual(expect.arrayContaining(["id", "title", "upvotes", "date", "url"]));
  });
});

describe("GET /", () => {
  it("is an HTML page with the newest day, feed discovery links and escaped text", async () => {
    const res = await call("/");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain(`<link rel="alternate" type="application/atom+xml" title="Hugging Face Daily Papers (Atom)" href="${host}/feed.atom">`);
    expect(html).toContain('type="application/feed+json"');
    expect(html).toContain('type="application/rss+xml"');
    expect(html).toContain("Newest day: 2026-05-18");
    expect(html).toContain('href="/openapi.json"');
    expect(html).toContain("Last scrape: <time");
    const awkward = await (await call("/?date=2026-05-14")).text();
    expect(awkward).toContain("Q&amp;A &lt;b&gt;is not a tag&lt;/b&gt;: &quot;Quotes&quot;, 'apostrophes' &amp; AT&amp;T");
    expect(awkward).not.toContain("<script>alert(1)</script>");
  });

  it("treats the form's empty fields as not set", async () => {
    const res = await call("/?date=&from=&to=&min_upvotes=20");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`value="${host}/feed.atom?min_upvotes=20"`);
  });
});
