// GET /feeds.opml: the feeds as one OPML 2.0 subscription list, with the filters asked for.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { FEEDS, FORMATS } from "../../src/serve/formats";
import { fakeOrigin } from "../fixtures";
import { call, runScrape, testHost } from "../helpers";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

interface Outline {
  "@type": string;
  "@text": string;
  "@title": string;
  "@xmlUrl": string;
  "@htmlUrl": string;
}

async function opml(path: string) {
  const res = await call(path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
  const xml = await res.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    isArray: (name) => name === "outline",
  }).parse(xml);
  return { doc, outlines: doc.opml.body.outline as Outline[] };
}

describe("GET /feeds.opml", () => {
  it("lists every feed of the formats table, as OPML 2.0 subscriptions with absolute URLs", async () => {
    const { doc, outlines } = await opml("/feeds.opml");
    expect(doc.opml["@version"]).toBe("2.0");
    expect(doc.opml.head.title).toBe("Hugging Face Daily Papers");
    const feeds = FORMATS.filter((f) => f.discoverable);
    expect(feeds.map((f) => f.path)).toEqual(["/feed.atom", "/feed.json", "/feed.rss"]);
    expect(outlines).toEqual(
      feeds.map((f) => ({
        "@type": "rss",
        "@text": `Hugging Face Daily Papers (${f.label})`,
        "@title": `Hugging Face Daily Papers (${f.label})`,
        "@xmlUrl": `${testHost()}${f.path}`,
        "@htmlUrl": `${testHost()}/`,
        "@language": "en",
      })),
    );
  });

  it("carries the parameters given into every feed URL, in canonical order, and each URL answers", async () => {
    const { doc, outlines } = await opml("/feeds.opml?author=wang&_=buster&min_upvotes=20&digest=day");
    expect(doc.opml.head.title).toBe("Hugging Face Daily Papers, 20+ upvotes, author wang, daily digest");
    const qs = "min_upvotes=20&author=wang&digest=day";
    expect(outlines.map((o) => o["@xmlUrl"])).toEqual(FEEDS.map((f) => `${testHost()}${f.path}?${qs}`));
    expect(outlines.every((o) => o["@htmlUrl"] === `${testHost()}/?${qs}`)).toBe(true);
    for (const [i, o] of outlines.entries()) {
      const res = await call(o["@xmlUrl"].replace(testHost(), ""));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(FEEDS[i]!.contentType);
    }
  });

  it("escapes what the filters hold: a parser reads the titles and URLs back exactly", async () => {
    const author = `O'Neil & <Co> "x"`;
    const { doc, outlines } = await opml(`/feeds.opml?author=${encodeURIComponent(author)}`);
    expect(doc.opml.head.title).toBe(`Hugging Face Daily Papers, author ${author}`);
    expect(outlines[0]!["@text"]).toBe(`Hugging Face Daily Papers, author ${author} (Atom)`);
    expect(new URL(outlines[0]!["@xmlUrl"]).searchParams.get("author")).toBe(author);
  });

  it("answers 400 naming the parameter for a bad value, and for a cursor", async () => {
    for (const [query, parameter] of [
      ["min_upvotes=lots", "min_upvotes"],
      ["week=2026-W60", "week"],
      ["date=2026-05-15&month=2026-05", "month"],
      ["cursor=WyJkYXRlIiwiMjAyNi0wNS0xNSIsMSwieCJd", "cursor"],
    ]) {
      const res = await call(`/feeds.opml?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = Problem.parse(await res.json());
      expect(problem.parameter).toBe(parameter);
      if (parameter === "cursor") expect(problem.detail).toContain("does not apply to a list of feeds");
    }
  });

  it("answers HEAD and conditional requests like the other routes", async () => {
    const res = await call("/feeds.opml?min_upvotes=20");
    const etag = res.headers.get("etag")!;
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    expect((await call("/feeds.opml?min_upvotes=20", { method: "HEAD" })).status).toBe(200);
    expect((await call("/feeds.opml?min_upvotes=20", { headers: { "if-none-match": etag } })).status).toBe(
      304,
    );
    expect((await call("/feeds.opml", { method: "POST" })).status).toBe(405);
  });
});
