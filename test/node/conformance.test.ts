// Each feed format checked with third-party validators, for a day with awkward titles and
// for an empty result: Atom against the RFC 4287 RELAX NG schema (libxml2 via
// xmllint-wasm), JSON Feed against the 1.1 JSON Schema, RSS with a real parser.

import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json" with { type: "json" };
import RssParser from "rss-parser";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import type { Paper } from "../../src/core/paper";
import { parsePage } from "../../src/scrape/readPage";
import { toPaper, UpstreamItem } from "../../src/scrape/upstreamSchema";
import type { ListQuery } from "../../src/serve/query";
import { renderAtom } from "../../src/serve/render/atom";
import { renderJsonFeed } from "../../src/serve/render/jsonFeed";
import { renderRss } from "../../src/serve/render/rss";
import type { ListView } from "../../src/serve/render/view";

const rng = readFileSync(new URL("./schemas/atom.rng", import.meta.url), "utf8");
const awkwardDay = parsePage(
  readFileSync(new URL("../../fixtures/pages/2026-05-14.html", import.meta.url), "utf8"),
).papers;
// Through the model, as every paper is made: control characters, emoji, markup, quotes
// and a CDATA terminator in a title, an abstract, an author, a keyword and a URL.
const raw: Paper = toPaper(
  UpstreamItem.parse({
    paper: {
      id: "2605.00007",
      title: "Bell\u0007 & <tab>\t\"quoted\" 'single' 🚀 ]]> \u0000end",
      summary: "Abstract with \u001b escape & <b>markup</b> and ]]> too",
      authors: [{ name: "Zoë <Z> O'Neil \u0008" }],
      upvotes: 3,
      ai_keywords: ["a&b", "<c>\u0001"],
      githubRepo: "https://github.com/x/y?a=1&b=\u00022",
      githubStars: 7,
    },
    thumbnail: "https://cdn-thumbnails.huggingface.co/t.png?a=1&b=2",
  }),
  "2026-05-14",
);
/** No keywords, thumbnail or repository: what a feed must then leave out. */
const bare: Paper = toPaper(
  UpstreamItem.parse({ paper: { id: "2605.00008", title: "Bare", upvotes: 0 } }),
  "2026-05-14",
);
const cases: [string, Paper[]][] = [
  ["a day of awkward titles", [...awkwardDay, raw, bare]],
  ["an empty result", []],
];
const view = (papers: Paper[], query: ListQuery): ListView => ({
  papers,
  total: papers.length,
  days: [],
  query,
  origin: "http://feed.test",
  selfUrl: "http://feed.test/feed?x=1&y=2",
  firstUrl: "http://feed.test/feed?x=1&y=2",
  nextUrl: "http://feed.test/feed?cursor=a&b=1",
  feedDays: 7,
  formats: [],
  filters: {},
  filterNames: [],
  maxRangeDays: 92,
});

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateJsonFeed = ajv.compile(jsonFeedSchema);

describe.each(cases)("feeds for %s", (_name, papers) => {
  it("Atom validates against the RFC 4287 RELAX NG schema and the RFC's entry rules", async () => {
    const xml = renderAtom(view(papers, { min_upvotes: 1 }));
    const result = await validateXML({
      xml: [{ fileName: "feed.atom", contents: xml }],
      schema: [rng],
      extension: "relaxng",
    });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      isArray: (n) => ["entry", "link", "author", "category"].includes(n),
    }).parse(xml);
    const entries: any[] = doc.feed.entry ?? [];
    expect(entries).toHaveLength(papers.length);
    for (const [i, e] of entries.entries()) {
      // RFC 4287 4.1.1 and 4.1.2: an alternate link or content; authors in the entry or the feed.
      expect(e.link.some((l: any) => l["@rel"] === "alternate") || e.content !== undefined).toBe(true);
      expect((e.author ?? doc.feed.author ?? []).length).toBeGreaterThan(0);
      // Keywords as categories and the thumbnail (Media RSS), exactly where the paper has them.
      expect((e.category ?? []).map((c: any) => c["@term"])).toEqual(papers[i]!.ai_keywords ?? []);
      expect(e["media:thumbnail"]?.["@url"]).toBe(papers[i]!.thumbnail);
    }
    if (papers.length) {
      expect(papers.some((p) => p.thumbnail) && papers.some((p) => !p.thumbnail)).toBe(true);
      expect(papers.some((p) => p.ai_keywords) && papers.some((p) => !p.ai_keywords)).toBe(true);
    }
  });

  it("JSON Feed validates against the JSON Feed 1.1 schema, with unique ids", () => {
    const feed = JSON.parse(renderJsonFeed(view(papers, {})));
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    const ids = feed.items.map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(papers.length);
    expect(feed.items.map((i: any) => [i.tags, i.image])).toEqual(
      papers.map((p) => [p.ai_keywords, p.thumbnail]),
    );
  });

  it("RSS 2.0 reads back with rss-parser: titles, links, guids and dates", async () => {
    const feed = await new RssParser().parseString(renderRss(view(papers, { date: "2026-05-14" })));
    expect(feed.title).toBe("Hugging Face Daily Papers, 2026-05-14");
    expect(feed.items).toHaveLength(papers.length);
    for (const [i, item] of feed.items.entries()) {
      expect(item.categories ?? []).toEqual(papers[i]!.ai_keywords ?? []);
      expect(item.link).toBe(papers[i]!.url);
      expect(item.guid).toBe(papers[i]!.url);
      expect(new Date(item.pubDate!).toISOString()).toBe(`${papers[i]!.date}T00:00:00.000Z`);
    }
  });
});

describe("digest feeds (digest=day)", () => {
  const digestView = (): ListView => ({
    ...view([], { digest: "day" }),
    digest: [
      { date: "2026-05-14", addedAt: "2026-05-14T08:30:00.000Z", papers: [...awkwardDay, raw] },
      { date: "2026-05-13", addedAt: "2026-05-13T09:00:00.000Z", papers: [] },
    ],
  });

  it("Atom validates against the RFC 4287 RELAX NG schema", async () => {
    const result = await validateXML({
      xml: [{ fileName: "digest.atom", contents: renderAtom(digestView()) }],
      schema: [rng],
      extension: "relaxng",
    });
    expect(result.errors.map((e) => e.message)).toEqual([]);
  });

  it("JSON Feed validates against the JSON Feed 1.1 schema", () => {
    const feed = JSON.parse(renderJsonFeed(digestView()));
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    expect(feed.items).toHaveLength(2);
  });

  it("RSS reads back with rss-parser", async () => {
    const feed = await new RssParser().parseString(renderRss(digestView()));
    expect(feed.items.map((i) => i.guid)).toEqual(
      ["2026-05-14", "2026-05-13"].map((d) => `https://huggingface.co/papers/date/${d}`),
    );
  });
});

it("titles read back exactly as the author wrote them (less what XML cannot carry)", async () => {
  const feed = await new RssParser().parseString(renderRss(view([raw], {})));
  expect(feed.items[0]!.title).toBe("Bell & <tab> \"quoted\" 'single' 🚀 ]]> end");
  const atom = new XMLParser().parse(renderAtom(view(awkwardDay, {})));
  expect(atom.feed.entry.map((e: any) => e.title)).toContain("Ünïcödé — naïve café: 数据 and emoji 🚀🧪");
});

describe("archived feeds (RFC 5005 section 4)", () => {
  const archive = {
    archive: true,
    prev: "http://feed.test/feed?week=2026-W18&a=1",
    next: "http://feed.test/feed?week=2026-W20&a=1",
    current: "http://feed.test/feed?a=1",
  };
  const archived = (): ListView => ({ ...view([...awkwardDay, raw], {}), archive });
  const subscription = (): ListView => ({
    ...view([raw], {}),
    archive: { archive: false, prev: archive.prev },
  });

  it("Atom archive and subscription documents validate against the RFC 4287 RELAX NG schema", async () => {
    for (const xml of [renderAtom(archived()), renderAtom(subscription())]) {
      const result = await validateXML({
        xml: [{ fileName: "archive.atom", contents: xml }],
        schema: [rng],
        extension: "relaxng",
      });
      expect(result.errors.map((e) => e.message)).toEqual([]);
    }
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(
      renderAtom(archived()),
    );
    expect(doc.feed["@xmlns:fh"]).toBe("http://purl.org/syndication/history/1.0");
    expect(doc.feed["fh:archive"]).toBe("");
    const rels = Object.fromEntries(doc.feed.link.map((l: any) => [l["@rel"], l["@href"]]));
    expect(rels).toMatchObject({
      "prev-archive": archive.prev,
      "next-archive": archive.next,
      current: archive.current,
    });
    // A subscription document is never marked archive (RFC 5005 section 4).
    expect(renderAtom(subscription())).not.toContain("fh:archive");
  });

  it("RSS archive documents read back with rss-parser, fh:archive in the channel", async () => {
    const rss = renderRss(archived());
    expect((await new RssParser().parseString(rss)).items).toHaveLength(awkwardDay.length + 1);
    const channel = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(rss).rss
      .channel;
    expect(channel["fh:archive"]).toBe("");
    expect(channel["atom:link"].map((l: any) => l["@rel"])).toEqual(
      expect.arrayContaining(["prev-archive", "next-archive", "current"]),
    );
  });

  it("JSON Feed archive documents validate against the JSON Feed 1.1 schema, with _archive", () => {
    const feed = JSON.parse(renderJsonFeed(archived()));
    expect(validateJsonFeed(feed), JSON.stringify(validateJsonFeed.errors)).toBe(true);
    expect(feed._archive).toEqual({
      about: "https://github.com/daily-papers-feed/daily-papers-feed#archived-feeds",
      ...archive,
    });
    expect(JSON.parse(renderJsonFeed(subscription()))._archive).toEqual({
      about: "https://github.com/daily-papers-feed/daily-papers-feed#archived-feeds",
      archive: false,
      prev: archive.prev,
    });
  });
});
