import { expect, it } from "vitest";
import { renderApi } from "../../../src/serve/render/api";
import { PLAIN, SAMPLE, sampleView } from "./sample";

it("renders one paper exactly (escaping, authors, links)", () => {
  expect(renderApi(sampleView())).toMatchInlineSnapshot(
    `"{"count":1,"total":1,"days":["2026-05-15"],"filters":{"date":"2026-05-15"},"next":null,"papers":[{"id":"2605.01234","upvotes":42,"date":"2026-05-15","num_comments":3,"github_stars":1234,"title":"Q&A <b>bold</b> \\"quoted\\" 🚀","summary":"An abstract & <more>.","authors":["Zoë O'Neil","李雷"],"url":"https://huggingface.co/papers/2605.01234","arxiv_url":"https://arxiv.org/abs/2605.01234","pdf_url":"https://arxiv.org/pdf/2605.01234","github_repo":"https://github.com/x/y?a=1&b=2","thumbnail":"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.01234.png?a=1&b=2","ai_keywords":["agents","R&D"]}]}"`,
  );
});

it("an empty page is an empty list", () => {
  expect(JSON.parse(renderApi({ ...sampleView(), papers: [] })).papers).toEqual([]);
});

it("copies a paper the store gave as JSON, serializes the others, and the answer means the same", () => {
  const view = sampleView({ papers: [SAMPLE, PLAIN], total: 2 });
  const copied = JSON.stringify({ ...SAMPLE, title: "copied as given" });
  const body = renderApi({ ...view, papersJson: [copied, undefined] });
  expect(JSON.parse(body)).toEqual({ ...JSON.parse(renderApi(view)), papers: [JSON.parse(copied), PLAIN] });
  expect(body).toContain(`[${copied},${JSON.stringify(PLAIN)}]`);
});
