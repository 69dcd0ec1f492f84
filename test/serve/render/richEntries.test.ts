// Thumbnails, keywords and repository stars: in every feed format exactly where the paper
// has them, and nothing in their place where it has not.

import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../../src/serve/render/atom";
import { entryHtml, starsText } from "../../../src/serve/render/entryHtml";
import { renderJsonFeed } from "../../../src/serve/render/jsonFeed";
import { renderPaperPage } from "../../../src/serve/render/paperPage";
import { renderRss } from "../../../src/serve/render/rss";
import { parseAtom } from "../../feedValidators";
import { PLAIN, SAMPLE, sampleView } from "./sample";

const view = sampleView({ papers: [SAMPLE, PLAIN], total: 2 });
const THUMBNAIL = SAMPLE.thumbnail!;

describe("a paper with a thumbnail, keywords and a starred repository, beside one without", () => {
  it("Atom: media:thumbnail and a category per keyword on the first entry only", () => {
    const { feed, entries } = parseAtom(renderAtom(view));
    expect(feed["@xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
    expect(entries.map((e) => e["media:thumbnail"]?.["@url"])).toEqual([THUMBNAIL, undefined]);
    expect(entries.map((e) => (e.category ?? []).map((c: { "@term": string }) => c["@term"]))).toEqual([
      ["agents", "R&D"],
      [],
    ]);
  });

  it("RSS: media:thumbnail and a category per keyword on the first item only", () => {
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      isArray: (n) => ["item", "category"].includes(n),
    }).parse(renderRss(view));
    expect(doc.rss["@xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
    const items = doc.rss.channel.item as { category?: string[]; "media:thumbnail"?: { "@url": string } }[];
    expect(items.map((i) => i["media:thumbnail"]?.["@url"])).toEqual([THUMBNAIL, undefined]);
    expect(items.map((i) => i.category ?? [])).toEqual([["agents", "R&D"], []]);
  });

  it("JSON Feed: image and tags on the first item, no such keys on the second", () => {
    const [first, second] = JSON.parse(renderJsonFeed(view)).items;
    expect(first).toMatchObject({ image: THUMBNAIL, tags: ["agents", "R&D"] });
    expect(first._daily_papers.github_stars).toBe(1234);
    expect(second).not.toHaveProperty("image");
    expect(second).not.toHaveProperty("tags");
    expect(second._daily_papers).not.toHaveProperty("github_stars");
  });

  it("entries and the paper page give the repository's stars beside its link", () => {
    expect(entryHtml(SAMPLE)).toContain('">GitHub</a> (1,234 stars)</p>');
    expect(entryHtml(PLAIN)).not.toContain("GitHub");
    expect(entryHtml({ ...SAMPLE, github_stars: undefined })).toContain('">GitHub</a></p>');
    expect(renderPaperPage({ paper: SAMPLE, listedOn: [SAMPLE.date] })).toContain(
      '<li><a href="https://github.com/x/y?a=1&amp;b=2">GitHub</a> (1,234 stars)</li>',
    );
    expect(renderPaperPage({ paper: PLAIN, listedOn: [PLAIN.date] })).not.toContain("GitHub");
  });

  it("writes star counts grouped by thousands, one star singular", () => {
    expect([0, 1, 999, 1000, 1234567].map(starsText)).toEqual([
      " (0 stars)",
      " (1 star)",
      " (999 stars)",
      " (1,000 stars)",
      " (1,234,567 stars)",
    ]);
    expect(starsText(undefined)).toBe("");
  });
});
