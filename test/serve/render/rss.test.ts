import { expect, it } from "vitest";
import { renderRss } from "../../../src/serve/render/rss";
import { sampleView } from "./sample";

it("renders one paper exactly (escaping, authors, links)", () => {
  expect(renderRss(sampleView())).toMatchInlineSnapshot(`
    "<?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
    <channel>
    <title>Hugging Face Daily Papers, 2026-05-15</title>
    <link>https://huggingface.co/papers</link>
    <description>Hugging Face Daily Papers: papers listed on huggingface.co/papers, with their upvotes.</description>
    <language>en</language>
    <lastBuildDate>Tue, 19 May 2026 06:00:00 GMT</lastBuildDate>
    <generator>daily-papers-feed</generator>
    <atom:link rel="self" type="application/rss+xml" href="https://feed.example/feed.atom?date=2026-05-15"/>
    <item>
    <title>Q&amp;A &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; 🚀</title>
    <link>https://huggingface.co/papers/2605.01234</link>
    <guid isPermaLink="false">https://huggingface.co/papers/2605.01234</guid>
    <pubDate>Fri, 15 May 2026 00:00:00 GMT</pubDate>
    <dc:creator>Zoë O'Neil, 李雷</dc:creator>
    <category>agents</category>
    <category>R&amp;D</category>
    <media:thumbnail url="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.01234.png?a=1&amp;b=2"/>
    <description><![CDATA[<p><strong>42 upvotes</strong> · listed 2026-05-15 · Zoë O'Neil, <bdi>李雷</bdi></p>
    <p>An abstract &amp; &lt;more&gt;.</p>
    <p><a href="https://huggingface.co/papers/2605.01234">Hugging Face</a> · <a href="https://arxiv.org/abs/2605.01234">arXiv</a> · <a href="https://arxiv.org/pdf/2605.01234">PDF</a> · <a href="https://github.com/x/y?a=1&amp;b=2">GitHub</a> (1,234 stars)</p>]]></description>
    </item>
    </channel>
    </rss>
    "
  `);
});
