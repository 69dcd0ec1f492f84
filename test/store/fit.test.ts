import { describe, expect, it } from "vitest";
import { LIMITS, type PaperContent, paperLinks } from "../../src/core/paper";
import { cutText } from "../../src/core/text";
import { asciiJson } from "../../src/store/ascii";
import { fitContent } from "../../src/store/fit";
import { briefBytes } from "../../src/store/values/brief";
import { checkContent, MAX_PAPER_BYTES } from "../../src/store/values/dayRecord";
import { SEARCH_PAPER_MAX_BYTES, searchBytes } from "../../src/store/values/searchText";

const paper = (over: Partial<PaperContent> = {}): PaperContent => ({
  id: "2605.00001",
  title: "A title",
  summary: "An abstract of some length. ".repeat(60),
  authors: ["Ann Author", "Bo Author"],
  ...paperLinks("2605.00001"),
  ...over,
});

const fitsEveryValue = (p: PaperContent) => {
  expect(checkContent(p), "within LIMITS").toBeTruthy();
  expect(asciiJson(p).length).toBeLessThanOrEqual(MAX_PAPER_BYTES);
  expect(briefBytes(p)).toBeLessThanOrEqual(MAX_PAPER_BYTES);
  expect(searchBytes(p)).toBeLessThanOrEqual(SEARCH_PAPER_MAX_BYTES);
};

describe("a paper as the store keeps it", () => {
  it("a real paper is kept as it is: the same object", () => {
    const p = paper({ ai_keywords: ["graphs", "agents"], organization: { name: "hf" } });
    expect(fitContent(p)).toBe(p);
  });

  it("cuts every text and list to its limit, and leaves out a link past its limit rather than cut it", () => {
    const p = fitContent(
      paper({
        title: "T".repeat(LIMITS.title + 5),
        ai_summary: "s".repeat(LIMITS.aiSummary + 5),
        ai_keywords: Array.from({ length: LIMITS.keywords + 20 }, () => "k".repeat(LIMITS.keyword + 1)),
        authors: Array.from({ length: 10 }, () => "N".repeat(LIMITS.name + 1)),
        organization: { name: "o".repeat(LIMITS.name + 1), fullname: "F".repeat(LIMITS.name + 1) },
        github_repo: `https://github.com/${"x".repeat(LIMITS.url)}`,
        project_page: "https://example.org/",
      }),
    );
    fitsEveryValue(p);
    expect(p.title).toHaveLength(LIMITS.title);
    expect(p.authors).toHaveLength(10);
    expect(p.github_repo).toBeUndefined();
    expect(p.project_page).toBe("https://example.org/");
  });

  it("shortens the authors first, to what every value it is written to can hold", () => {
    // Names of Hangul syllables: 6 bytes each in JSON, and three letters each once folded (NFD).
    const names = Array.from({ length: LIMITS.authors }, (_, i) => `\uAC00\uAC01\uAC02 ${i}`);
    const p = fitContent(paper({ authors: names }));
    fitsEveryValue(p);
    expect(p.authors.length).toBeGreaterThan(100);
    expect(p.authors.length).toBeLessThan(names.length);
    expect(p.authors).toEqual(names.slice(0, p.authors.length));
    expect(p.summary).toBe(paper().summary);
  });

  it("never cuts between the halves of a surrogate pair", () => {
    const emoji = "\u{1F600}";
    expect(cutText(`ab${emoji}`, 3)).toBe("ab");
    expect(cutText(`ab${emoji}`, 4)).toBe(`ab${emoji}`);
    const p = fitContent(paper({ title: emoji.repeat(LIMITS.title) }));
    expect(p.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(p.title).toMatch(/^(\u{1F600})+$/u);
  });
});
