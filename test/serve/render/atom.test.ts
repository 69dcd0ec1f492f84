import { expect, it } from "vitest";
import { renderAtom } from "../../../src/serve/render/atom";
import { sampleView } from "./sample";

it("renders one paper exactly (escaping, authors, links)", () => {
  expect(renderAtom(sampleView())).toMatchInlineSnapshot(`
    "<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">
    <id>https://feed.example/feed.atom?date=2026-05-15</id>
    <title type="text">Hugging Face Daily Papers, 2026-05-15</title>
    <subtitle type="text">Papers listed on huggingface.co/papers, with their upvotes.</subtitle>
    <link rel="self" type="application/atom+xml" href="https://feed.example/feed.atom?date=2026-05-15"/>
    <link rel="first" type="application/atom+xml" href="https://feed.example/feed.atom?date=2026-05-15"/>
    <link rel="alternate" type="text/html" href="https://huggingface.co/papers"/>
    <updated>2026-05-19T06:00:00.000Z</updated>
    <author><name>Hugging Face Daily Papers</name><uri>https://huggingface.co/papers</uri></author>
    <generator uri="https://github.com/daily-papers-feed/daily-papers-feed">daily-papers-feed</generator>
    <entry>
    <id>https://huggingface.co/papers/2605.01234</id>
    <title type="text">Q&amp;A &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; 🚀</title>
    <link rel="alternate" type="text/html" href="https://huggingface.co/papers/2605.01234"/>
    <link rel="related" type="text/html" href="https://arxiv.org/abs/2605.01234"/>
    <published>2026-05-15T00:00:00Z</published>
    <updated>2026-05-15T00:00:00Z</updated>
    <author><name>Zoë O'Neil</name></author>
    <author><name>李雷</name></author>
    <category term="agents"/>
    <category term="R&amp;D"/>
    <media:thumbnail url="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.01234.png?a=1&amp;b=2"/>
    <content type="html"><![CDATA[<p><strong>42 upvotes</strong> · listed 2026-05-15 · Zoë O'Neil, <bdi>李雷</bdi></p>
    <p>An abstract &amp; &lt;more&gt;.</p>
    <p><a href="https://huggingface.co/papers/2605.01234">Hugging Face</a> · <a href="https://arxiv.org/abs/2605.01234">arXiv</a> · <a href="https://arxiv.org/pdf/2605.01234">PDF</a> · <a href="https://github.com/x/y?a=1&amp;b=2">GitHub</a> (1,234 stars)</p>]]></content>
    </entry>
    </feed>
    "
  `);
});
