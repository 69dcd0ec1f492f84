import { expect, it } from "vitest";
import { parseListQuery } from "../../../src/serve/query";
import { renderPage } from "../../../src/serve/render/page";
import { sampleView } from "./sample";

const between = (html: string, start: string, end: string) =>
  html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)) + end.length);

it("renders the paper list, the discovery links and the URLs to copy exactly", () => {
  const html = renderPage(sampleView());
  expect(between(html, '<link rel="alternate"', ">")).toMatchInlineSnapshot(
    `"<link rel="alternate" type="application/atom+xml" title="Hugging Face Daily Papers, 2026-05-15 (Atom)" href="https://feed.example/feed.atom?date=2026-05-15">"`,
  );
  expect(between(html, '<ol class="papers">', "</ol>")).toMatchInlineSnapshot(`
      "<ol class="papers">
      <li><span class="votes" title="upvotes">▲ 42</span><div><a href="https://huggingface.co/papers/2605.01234"><bdi>Q&amp;A &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; 🚀</bdi></a>
      <div class="meta">Zoë O'Neil, <bdi>李雷</bdi> · 2026-05-15 · <a href="https://arxiv.org/abs/2605.01234">arXiv</a> · <a href="/papers/2605.01234">details</a></div></div></li>
      </ol>"
    `);
  expect(between(html, '<ul class="urls"', "</ul>")).toMatchInlineSnapshot(`
    "<ul class="urls" id="feed-urls">
    <li><span>Atom</span><input readonly aria-label="Atom URL" data-path="/feed.atom" data-digests="true" value="https://feed.example/feed.atom?date=2026-05-15"><a href="https://feed.example/feed.atom?date=2026-05-15" data-path="/feed.atom" data-digests="true">open</a></li>
    <li><span>JSON API</span><input readonly aria-label="JSON API URL" data-path="/api/papers" data-digests="false" value="https://feed.example/api/papers?date=2026-05-15"><a href="https://feed.example/api/papers?date=2026-05-15" data-path="/api/papers" data-digests="false">open</a></li>
    </ul>"
  `);
});

it("says when the last scrape failed, and how many days the feeds cover", () => {
  const html = renderPage(sampleView({ feedDays: 3 }));
  expect(html).toContain('(with errors, see <a href="/api/status">status</a>)');
  expect(html).toContain(
    "Without a day the feeds show at least the newest\n3 stored days, and link weekly archives for the rest.",
  );
  expect(renderPage(sampleView({ lastRun: null }))).toContain("No scrape has run yet.");
});

it("draws a sparkline with a text alternative when a paper has an upvote history", () => {
  const t0 = Date.parse("2026-05-15T06:00:00Z") / 1000;
  const html = renderPage(
    sampleView({
      histories: {
        "2605.01234": [
          [t0, 3],
          [t0 + 3600, 20],
          [t0 + 7200, 42],
        ],
      },
    }),
  );
  const svg = between(html, '<svg class="spark"', "</svg>");
  expect(svg).toContain('role="img"');
  expect(svg).toContain(
    'aria-label="Upvotes from 3 to 42 between 2026-05-15 06:00 and 2026-05-15 08:00 UTC"',
  );
  expect(svg).toMatch(/<polyline [^>]*points="2,18 [^"]+ 78,2"\/>/);
  expect(renderPage(sampleView())).not.toContain('<svg class="spark"');
});

it("says an archive is empty only when no day was asked for; a day with nothing stored has its own title", () => {
  const none = { papers: [], total: 0, days: [] };
  const asked = renderPage(sampleView(none));
  expect(asked).toContain('<h2 id="papers">Hugging Face Daily Papers, 2026-05-15</h2>');
  expect(asked).toContain("<p>No papers match.</p>");
  expect(asked).not.toContain("No papers stored yet");
  const newest = renderPage(
    sampleView({ ...none, query: parseListQuery(new URLSearchParams()), filters: {} }),
  );
  expect(newest).toContain('<h2 id="papers">No papers stored yet</h2>');
});

it("links the next page when there is one, so every paper can be reached from the page", () => {
  const next = "https://feed.example/?date=2026-05-15&limit=1&cursor=abc";
  const html = renderPage(sampleView({ total: 3, nextUrl: next }));
  expect(html).toContain("3 papers, first 1 shown.");
  expect(html).toContain(`<a rel="next" href="${next.replaceAll("&", "&amp;")}">Next page</a>`);
  expect(renderPage(sampleView())).not.toContain('rel="next"');
});
