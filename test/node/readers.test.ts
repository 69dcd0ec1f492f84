// What feed readers show: each format parsed by widely used npm feed parsers (feedsmith,
// @extractus/feed-extractor, rss-parser), and for every entry the title's exact visible
// text, the link, every non-hidden author in order, an id that stays when upvotes move, and
// the keywords as categories and the thumbnail exactly where the paper has them.
import { extractFromJson, extractFromXml } from "@extractus/feed-extractor";
import { parseFeed } from "feedsmith";
import RssParser from "rss-parser";
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { toPaper, UpstreamItem } from "../../src/scrape/upstreamSchema";
import { parseListQuery } from "../../src/serve/query";
import { renderAtom } from "../../src/serve/render/atom";
import { renderJsonFeed } from "../../src/serve/render/jsonFeed";
import { renderRss } from "../../src/serve/render/rss";
import type { ListView } from "../../src/serve/render/view";

const TITLES = [
  "Q&A <b>is not a tag</b>: \"Quotes\", 'apostrophes' & AT&T",
  "Ünïcödé — naïve café: 数据 and emoji 🚀🧪",
  "מודל שפה גדול: Hebrew, right to left, and العربية too",
  "Scripts: </script><script>alert(1)</script> & ]]> in a title",
];
const papers: Paper[] = TITLES.map((title, n) =>
  toPaper(
    UpstreamItem.parse({
      paper: {
        id: `2605.9910${n}`,
        title,
        summary: "An abstract.",
        authors: [
          { name: "Zoë O'Neil" },
          { name: "Hidden Person", hidden: true },
          { name: "李雷" },
          { name: `Author ${n}` },
        ],
        upvotes: 10 + n,
        // Every other paper has AI keywords and a thumbnail, one with characters to escape.
        ...(n % 2 === 0 ? { ai_keywords: [`keyword ${n}`, "R&D <agents>"] } : {}),
      },
      ...(n % 2 === 0 ? { thumbnail: `https://cdn-thumbnails.huggingface.co/p/${n}.png?a=1&b=2` } : {}),
    }),
    "2026-05-15",
  ),
);
const visibleAuthors = (p: Paper) => p.authors;
const keywordsOf = (p: Paper) => p.ai_keywords ?? [];
const view = (list: Paper[]): ListView => ({
  papers: list,
  total: list.length,
  days: ["2026-05-15"],
  query: parseListQuery(new URLSearchParams()),
  origin: "https://feed.example",
  selfUrl: "https://feed.example/feed",
  firstUrl: "https://feed.example/feed",
  feedDays: 7,
  formats: [],
  filters: {},
  filterNames: [],
  maxRangeDays: 92,
});
const bumped = papers.map((p) => ({ ...p, upvotes: p.upvotes + 100 }));

interface Seen {
  id: string;
  title: string;
  link: string;
  authors: string[];
  categories: string[];
  thumbnail?: string;
}
/** A parser's list of zero, one or many, as an array. */
const all = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** What each parser makes of a feed, entry by entry, in one shape. */
const readers: Record<
  string,
  { render: (v: ListView) => string; parse: (text: string) => Promise<Seen[]> }[]
> = {
  Atom: [
    {
      render: renderAtom,
      parse: async (xml) =>
        (parseFeed(xml).feed as any).entries.map((e: any) => ({
          id: e.id,
          title: e.title.value ?? e.title,
          link: e.links.find((l: { rel?: string }) => l.rel === "alternate").href,
          authors: e.authors.map((a: { name: string }) => a.name),
          categories: all(e.categories).map((c: { term: string }) => c.term),
          thumbnail: e.media?.thumbnails?.[0]?.url,
        })),
    },
    {
      render: renderAtom,
      parse: async (xml) =>
        ((await extractFromXml(xml, { getExtraEntryFields: (e: any) => ({ raw: e }) })).entries ?? []).map(
          (e: any) => ({
            id: e.id,
            title: e.title,
            link: e.link,
            authors: e.raw.author.map((a: { name: string }) => a.name),
            categories: all(e.raw.category).map((c: { "@_term": string }) => c["@_term"]),
            thumbnail: e.raw["media:thumbnail"]?.["@_url"],
          }),
        ),
    },
  ],
  RSS: [
    {
      render: renderRss,
      parse: async (xml) =>
        (parseFeed(xml).feed as any).items.map((i: any) => ({
          id: i.guid.value ?? i.guid,
          title: i.title,
          link: i.link,
          authors: i.dc.creators.flatMap((c: string) => c.split(", ")),
          categories: all(i.categories).map((c: { name: string }) => c.name),
          thumbnail: i.media?.thumbnails?.[0]?.url,
        })),
    },
    {
      render: renderRss,
      parse: async (xml) =>
        ((await extractFromXml(xml, { getExtraEntryFields: (e: any) => ({ raw: e }) })).entries ?? []).map(
          (e: any) => ({
            id: e.id,
            title: e.title,
            link: e.link,
            authors: String(e.raw["dc:creator"]).split(", "),
            categories: all(e.raw.category).map(String),
            thumbnail: e.raw["media:thumbnail"]?.["@_url"],
          }),
        ),
    },
    {
      render: renderRss,
      parse: async (xml) =>
        (
          await new RssParser<object, { thumbnail?: { $: { url: string } } }>({
            customFields: { item: [["media:thumbnail", "thumbnail"]] },
          }).parseString(xml)
        ).items.map((i) => ({
          id: i.guid ?? "",
          title: i.title ?? "",
          link: i.link ?? "",
          authors: (i.creator ?? "").split(", "),
          categories: i.categories ?? [],
          thumbnail: i.thumbnail?.$.url,
        })),
    },
  ],
  "JSON Feed": [
    {
      render: renderJsonFeed,
      parse: async (json) =>
        (parseFeed(json).feed as any).items.map((i: any) => ({
          id: i.id,
          title: i.title,
          link: i.url,
          authors: i.authors.map((a: { name: string }) => a.name),
          categories: all(i.tags),
          thumbnail: i.image,
        })),
    },
    {
      render: renderJsonFeed,
      parse: async (json) =>
        (
          (await extractFromJson(JSON.parse(json), { getExtraEntryFields: (e: any) => ({ raw: e }) }))
            .entries ?? []
        ).map((e: any) => ({
          id: e.id,
          title: e.title,
          link: e.link,
          authors: e.raw.authors.map((a: { name: string }) => a.name),
          categories: all(e.raw.tags),
          thumbnail: e.raw.image,
        })),
    },
  ],
};
const parserNames = ["feedsmith", "@extractus/feed-extractor", "rss-parser"];

describe.each(Object.entries(readers))("%s as feed readers parse it", (_format, parsers) => {
  it.each(parsers.map((p, n) => [parserNames[n]!, p] as const))(
    "%s: exact titles, links, every visible author in order, stable ids, keywords and thumbnails",
    async (_name, { render, parse }) => {
      const seen = await parse(render(view(papers)));
      expect(seen.map((e) => e.title)).toEqual(TITLES);
      expect(seen.map((e) => e.link)).toEqual(papers.map((p) => p.url));
      expect(seen.map((e) => e.authors)).toEqual(papers.map(visibleAuthors));
      for (const e of seen) expect(e.authors).not.toContain("Hidden Person");
      expect(seen.map((e) => e.categories)).toEqual(papers.map(keywordsOf));
      expect(seen.map((e) => e.thumbnail)).toEqual(papers.map((p) => p.thumbnail));
      const again = await parse(render(view(bumped)));
      expect(again.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    },
  );
});

it("the JSON Feed has no feed-level authors for readers to add to every item", () => {
  expect(JSON.parse(renderJsonFeed(view(papers)))).not.toHaveProperty("authors");
});
