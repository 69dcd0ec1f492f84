import { expect, it } from "vitest";
import { renderJsonFeed } from "../../../src/serve/render/jsonFeed";
import { sampleView } from "./sample";

it("renders one paper exactly (escaping, authors, links)", () => {
  expect(renderJsonFeed(sampleView())).toMatchInlineSnapshot(
    `"{"version":"https://jsonfeed.org/version/1.1","title":"Hugging Face Daily Papers, 2026-05-15","home_page_url":"https://huggingface.co/papers","feed_url":"https://feed.example/feed.atom?date=2026-05-15","description":"Hugging Face Daily Papers: papers listed on huggingface.co/papers, with their upvotes.","language":"en","items":[{"id":"https://huggingface.co/papers/2605.01234","url":"https://huggingface.co/papers/2605.01234","external_url":"https://arxiv.org/abs/2605.01234","title":"Q&A <b>bold</b> \\"quoted\\" 🚀","content_html":"<p><strong>42 upvotes</strong> · listed 2026-05-15 · Zoë O'Neil, <bdi>李雷</bdi></p>\\n<p>An abstract &amp; &lt;more&gt;.</p>\\n<p><a href=\\"https://huggingface.co/papers/2605.01234\\">Hugging Face</a> · <a href=\\"https://arxiv.org/abs/2605.01234\\">arXiv</a> · <a href=\\"https://arxiv.org/pdf/2605.01234\\">PDF</a> · <a href=\\"https://github.com/x/y?a=1&amp;b=2\\">GitHub</a> (1,234 stars)</p>","image":"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.01234.png?a=1&b=2","date_published":"2026-05-15T00:00:00Z","authors":[{"name":"Zoë O'Neil"},{"name":"李雷"}],"tags":["agents","R&D"],"_daily_papers":{"about":"https://github.com/daily-papers-feed/daily-papers-feed#json-feed-extension","arxiv_id":"2605.01234","upvotes":42,"listed_on":"2026-05-15","num_comments":3,"github_repo":"https://github.com/x/y?a=1&b=2","github_stars":1234,"pdf_url":"https://arxiv.org/pdf/2605.01234"}}]}"`,
  );
});
