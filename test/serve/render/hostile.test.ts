// What a renderer is given is not always what ingest would let through today (papers stored
// by an older release): links with other schemes and characters XML forbids never get out.
import { describe, expect, it } from "vitest";
import type { Paper } from "../../../src/core/paper";
import { renderAtom } from "../../../src/serve/render/atom";
import { renderJsonFeed } from "../../../src/serve/render/jsonFeed";
import { renderRss } from "../../../src/serve/render/rss";
import { parseAtom } from "../../feedValidators";
import { SAMPLE, sampleView } from "./sample";

const hostile: Paper = {
  ...SAMPLE,
  title: `Bad\uFFFF title\uFFFE with \u0001 controls and a lone ${String.fromCharCode(0xd800)} surrogate`,
  authors: ["Eve\u0008"],
  github_repo: "javascript:alert(1)",
  project_page: "data:text/html,<script>alert(1)</script>",
  thumbnail: "javascript:alert(2)",
};

describe("renderers given hostile stored data", () => {
  it("Atom and RSS stay well-formed and carry no forbidden character", () => {
    for (const xml of [
      renderAtom(sampleView({ papers: [hostile] })),
      renderRss(sampleView({ papers: [hostile] })),
    ]) {
      // Booleans, not the strings: a failure message must not carry a lone surrogate itself.
      expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)).toBe(false);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(xml)).toBe(false);
      expect(xml).not.toContain("javascript:");
      expect(xml).not.toContain("data:text/html");
    }
    expect(parseAtom(renderAtom(sampleView({ papers: [hostile] }))).entries[0]!.title["#text"]).toBe(
      "Bad title with  controls and a lone  surrogate",
    );
  });

  it("JSON Feed links and images only to http(s)", () => {
    const feed = JSON.parse(renderJsonFeed(sampleView({ papers: [hostile] })));
    expect(feed.items[0].image).toBeUndefined();
    expect(feed.items[0]._daily_papers.github_repo).toBeUndefined();
    expect(feed.items[0]._daily_papers.project_page).toBeUndefined();
    expect(feed.items[0].content_html).not.toContain("javascript:");
  });
});
