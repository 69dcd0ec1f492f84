// Duplicate ids in one page collapse to one paper (README, "How it scrapes"), and a day keeps
// at most 300 papers. The cap is taken of the page's items before duplicates collapse: a page
// that repeats one item 300 times before its real list hides that list.
import { describe, expect, it } from "vitest";
import { parsePage } from "../../src/scrape/readPage";
import { pageWith, propsOf } from "../fixtures";

describe("a page that repeats one item 300 times before its list", () => {
  it("still gives the day's 40 papers", () => {
    const props = propsOf("2026-05-15");
    const repeated = Array.from({ length: 300 }, () => props.dailyPapers[0]!);
    const read = parsePage(pageWith({ ...props, dailyPapers: [...repeated, ...props.dailyPapers] }));
    expect(read.papers).toHaveLength(40);
  });
});
