// One literal paper for the renderers' unit tests: several authors (one of them hidden
// upstream, so left out), a title with &, <, quotes and emoji, keywords, a thumbnail and a
// starred repository; and one with none of those. Made the way every paper is made, from
// an upstream item.
import { contentOf, countersOf, listedPaper, type Paper } from "../../../src/core/paper";
import { toPaper, UpstreamItem } from "../../../src/scrape/upstreamSchema";
import { parseListQuery } from "../../../src/serve/query";
import type { ListView } from "../../../src/serve/render/view";

/** A paper as serving builds it (listedPaper), so its keys come in the order answers carry them. */
const served = (p: Paper): Paper => listedPaper(contentOf(p), countersOf(p), p.date);

export const SAMPLE = served(
  toPaper(
    UpstreamItem.parse({
      paper: {
        id: "2605.01234",
        title: 'Q&A <b>bold</b> "quoted" 🚀',
        summary: "An abstract & <more>.",
        authors: [{ name: "Zoë O'Neil" }, { name: "Hidden Person", hidden: true }, { name: "李雷" }],
        upvotes: 42,
        ai_keywords: ["agents", "R&D"],
        githubRepo: "https://github.com/x/y?a=1&b=2",
        githubStars: 1234,
      },
      numComments: 3,
      thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.01234.png?a=1&b=2",
    }),
    "2026-05-15",
  ),
);

/** A paper with none of the optional parts: no thumbnail, keywords, repository or project page. */
export const PLAIN = served(
  toPaper(
    UpstreamItem.parse({ paper: { id: "2605.04321", title: "Plain", authors: [], upvotes: 1 } }),
    "2026-05-15",
  ),
);

export const sampleView = (overrides: Partial<ListView> = {}): ListView => ({
  papers: [SAMPLE],
  total: 1,
  days: ["2026-05-15"],
  query: parseListQuery(new URLSearchParams("date=2026-05-15")),
  origin: "https://feed.example",
  selfUrl: "https://feed.example/feed.atom?date=2026-05-15",
  firstUrl: "https://feed.example/feed.atom?date=2026-05-15",
  filters: { date: "2026-05-15" },
  filterNames: ["date", "from", "to", "week", "month", "min_upvotes", "q", "author", "org", "digest", "sort"],
  updated: "2026-05-19T06:00:00.000Z",
  feedDays: 7,
  maxRangeDays: 92,
  formats: [
    {
      label: "Atom",
      path: "/feed.atom",
      contentType: "application/atom+xml; charset=utf-8",
      discoverable: true,
      digests: true,
      url: "https://feed.example/feed.atom?date=2026-05-15",
    },
    {
      label: "JSON API",
      path: "/api/papers",
      contentType: "application/json; charset=utf-8",
      discoverable: false,
      digests: false,
      url: "https://feed.example/api/papers?date=2026-05-15",
    },
  ],
  lastRun: { at: "2026-05-19T06:00:00.000Z", ok: false },
  ...overrides,
});
