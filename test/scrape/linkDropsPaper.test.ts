// A paper's links are optional: one the store cannot keep is left out, never the paper
// (README, "How it scrapes": "a link past its limit is left out"). A project page that the
// URL parser takes but the store's link check refuses (an apostrophe, a space, a brace, all
// of which people type into Hugging Face's project-page field) must not lose its paper.
import { describe, expect, it } from "vitest";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { storedDay } from "../stored";

const DAY = "2026-05-15";

describe("a link the store cannot keep", () => {
  it.each([
    ["projectPage", "https://en.wikipedia.org/wiki/Hilbert's_paradox_of_the_Grand_Hotel"],
    ["projectPage", "https://example.org/my project"],
    ["githubRepo", "https://github.com/org/{repo}"],
    ["githubRepo", "https://github.com/org/repo|mirror"],
  ])("%s %s: the link is left out, the paper kept", async (field, link) => {
    const props = propsOf(DAY);
    const paper = props.dailyPapers[0]!.paper;
    paper[field] = link;
    const origin = fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined));
    const report = await runScrape(origin, { targets: [DAY], now: LATER });
    expect(report.days[0]).toMatchObject({ date: DAY, outcome: "stored", count: 40 });
    const stored = (await storedDay(DAY))!.papers.find((p) => p.id === paper.id);
    expect(stored?.title).toBe(paper.title);
    expect(stored?.project_page).not.toBe(link);
    expect(stored?.github_repo).not.toBe(link);
  });
});
