// The three feed routes, each read back with a real parser: Atom, JSON Feed, RSS.
import { XMLParser } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { JsonFeedAnswer, jsonFeedErrors, parseAtom } from "../feedValidators";
import { ALL_COUNT, COUNTS, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, LATER, runScrape, testHost } from "../helpers";

/** An RSS item as fast-xml-parser reads it (attributes prefixed with @). */
interface ParsedRssItem {
  link: string;
  category?: string[];
  "media:thumbnail"?: { "@url": string };
}

const AWKWARD_TITLE = "Q&A <b>is not a tag</b>: \"Quotes\", 'apostrophes' & AT&T";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

const jsonFeed = async (path: string) => {
  const raw = await (await call(path)).json();
  expect(jsonFeedErrors(raw)).toEqual([]);
  return JsonFeedAnswer.parse(raw);
};

describe("GET /feed.json", () => {
  it("is a valid JSON Feed 1.1 of the recent days, newest first", async () => {
    const res = await call("/feed.json");
    expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const feed = JsonFeedAnswer.parse(await res.json());
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items).toHaveLength(ALL_COUNT);
    const dates = feed.items.map((i) => i.date_published);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe("2026-05-18T00:00:00Z");
    expect(dates.at(-1)).toBe("2024-10-25T00:00:00Z");
    const item = feed.items.find((i) => i._daily_papers.arxiv_id === "2605.13301")!;
    expect(item).toMatchObject({
      id: "https://huggingface.co/papers/2605.13301",
      url: "https://huggingface.co/papers/2605.13301",
      date_published: "2026-05-15T00:00:00Z",
    });
    expect(item._daily_papers.upvotes).toBe(140);
    expect(item.content_html).toContain("140 upvotes");
    expect(item.authors?.length).toBeGreaterThan(0);
  });

  it("keeps item ids and dates stable when upvotes change", async () => {
    const before = (await jsonFeed("/feed.json?date=2026-05-18")).items;
    const props = propsOf("2026-05-18");
    for (const i of props.dailyPapers) i.paper.upvotes += 10;
    // The newest list, by its page or as the newest stored day's in the JSON API.
    const origin = fakeOrigin((url) =>
      url.endsWith("/papers")
        ? new Response(pageWith(props))
        : url.includes("/api/daily_papers?date=2026-05-18&")
          ? Response.json(props.dailyPapers)
          : undefined,
    );
    await runScrape(origin, { now: LATER, config: { WINDOW_DAYS: 0 } });
    const after = (await jsonFeed("/feed.json?date=2026-05-18")).items;
    expect(after.map((i) => i._daily_papers.upvotes)).toEqual(
      before.map((i) => i._daily_papers.upvotes + 10),
    );
    expect(after.map((i) => [i.id, i.date_published])).toEqual(before.map((i) => [i.id, i.date_published]));
  });

  it("is a valid, empty feed when a filter matches nothing", async () => {
    const feed = await jsonFeed("/feed.json?min_upvotes=1000000");
    expect(feed.items).toEqual([]);
    expect(feed.title).toBe("Hugging Face Daily Papers, 1000000+ upvotes");
  });

  it("carries awkward titles through unharmed", async () => {
    expect((await jsonFeed("/feed.json?date=2026-05-14")).items.map((i) => i.title)).toContain(AWKWARD_TITLE);
  });
});

describe("GET /feed.atom", () => {
  it("is well-formed Atom with stable ids, links, authors and the listed day as published", async () => {
    const res = await call("/feed.atom?date=2026-05-15");
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const { feed, entries } = parseAtom(await res.text());
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.title["#text"]).toBe("Hugging Face Daily Papers, 2026-05-15");
    expect(feed.link.find((l: { "@rel": string }) => l["@rel"] === "self")["@href"]).toBe(
      `${testHost()}/feed.atom?date=2026-05-15`,
    );
    expect(entries).toHaveLength(COUNTS["2026-05-15"]);
    const e = entries.find((x) => x.id === "https://huggingface.co/papers/2605.13301")!;
    expect(e.published).toBe("2026-05-15T00:00:00Z");
    expect(e.updated).toBe("2026-05-15T00:00:00Z");
    expect(e.link.find((l: { "@rel": string }) => l["@rel"] === "alternate")["@href"]).toBe(
      "https://huggingface.co/papers/2605.13301",
    );
    expect(e.author.length).toBeGreaterThan(0);
    expect(e.content["@type"]).toBe("html");
    expect(e.content["#text"]).toContain("140 upvotes");
    // The abstract is in the content, once (no duplicate <summary>).
    const { paper } = await answer(PaperAnswer, "/api/papers/2605.13301");
    expect(e.content["#text"]).toContain(`<p>${paper.summary.slice(0, 60)}`);
    expect(e.summary).toBeUndefined();
  });

  it("escapes awkward titles so a parser reads them back exactly", async () => {
    const { entries } = parseAtom(await (await call("/feed.atom?date=2026-05-14")).text());
    const parsed = new Map(entries.map((e) => [e.id, e.title["#text"]]));
    const decode = (s: string) =>
      s
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&quot;", '"')
        .replaceAll("&apos;", "'")
        .replaceAll("&amp;", "&");
    expect(decode(parsed.get("https://huggingface.co/papers/2605.99000"))).toBe(AWKWARD_TITLE);
    expect(decode(parsed.get("https://huggingface.co/papers/2605.99033"))).toBe(
      "Scripts: </script><script>alert(1)</script> & ]]> in a title",
    );
  });

  it("uses a canonical self link and id whatever cache-busters are added", async () => {
    const a = parseAtom(await (await call("/feed.atom?min_upvotes=20&_=1")).text());
    const b = parseAtom(await (await call("/feed.atom?_=2&min_upvotes=20")).text());
    expect(a.feed.id).toBe(`${testHost()}/feed.atom?min_upvotes=20`);
    expect(b.feed.id).toBe(a.feed.id);
  });

  it("is a valid, empty feed when a filter matches nothing", async () => {
    const { entries, feed } = parseAtom(await (await call("/feed.atom?min_upvotes=999999")).text());
    expect(entries).toEqual([]);
    // Its `updated` is still when the covered days last changed: the scrape's time.
    expect(feed.updated).toBe("2026-05-19T06:00:00.000Z");
  });
});

describe("GET /feed.rss", () => {
  it("is RSS 2.0 with stable non-permalink guids, RFC 822 dates and a link on every item", async () => {
    const res = await call("/feed.rss?date=2026-05-14");
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      isArray: (name) => name === "item",
    }).parse(await res.text());
    expect(doc.rss["@version"]).toBe("2.0");
    const items = doc.rss.channel.item;
    expect(items).toHaveLength(COUNTS["2026-05-14"]);
    for (const item of items) {
      expect(item.guid["@isPermaLink"]).toBe("false");
      expect(item.guid["#text"]).toBe(item.link);
      expect(item.link).toMatch(/^https:\/\/huggingface\.co\/papers\/\d{4}\.\d{5}$/);
      expect(item.pubDate).toBe("Thu, 14 May 2026 00:00:00 GMT");
    }
    expect(items.map((i: { title: string }) => i.title)).toContain(AWKWARD_TITLE);
  });
});

describe("thumbnails and keywords from the stored papers", () => {
  it("are in every format exactly where a paper has them", async () => {
    const papers: PapersAnswer["papers"] = [];
    for (const day of Object.keys(COUNTS))
      papers.push(...(await answer(PapersAnswer, `/api/papers?date=${day}`)).papers);
    const want = new Map(papers.map((p) => [p.url, [p.thumbnail, p.ai_keywords ?? []]]));
    expect([...want.values()].some(([t]) => t)).toBe(true);
    expect([...want.values()].some(([, k]) => (k as string[]).length === 0)).toBe(true);

    const { entries } = parseAtom(await (await call("/feed.atom")).text());
    const atom = entries.map((e) => [
      e.id,
      [e["media:thumbnail"]?.["@url"], (e.category ?? []).map((c: { "@term": string }) => c["@term"])],
    ]);
    const rss = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      isArray: (name) => name === "item" || name === "category",
    }).parse(await (await call("/feed.rss")).text());
    const rssItems = rss.rss.channel.item.map((i: ParsedRssItem) => [
      i.link,
      [i["media:thumbnail"]?.["@url"], i.category ?? []],
    ]);
    const json = (await (await call("/feed.json")).json()) as {
      items: { id: string; image?: string; tags?: string[] }[];
    };
    const jsonItems = json.items.map((i) => [i.id, [i.image, i.tags ?? []]]);
    expect(want.size).toBe(ALL_COUNT);
    for (const seen of [atom, rssItems, jsonItems]) expect(new Map(seen)).toEqual(want);
  });
});
