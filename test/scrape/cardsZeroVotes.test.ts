// The cards are the last way of reading a day, for a page whose markup changed (README, "How it
// scrapes"). A card in which no leaf element holds the upvote count (the count now sits beside
// an icon in one element, say) does not show that its paper has no votes: the stored count must
// stay, not be observed as 0 and win as the newest count, which moves every count back to 0.
import { describe, expect, it } from "vitest";
import { fakeOrigin, pages } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { storedDay } from "../stored";

const DAY = "2026-05-15";

describe("cards whose upvote count is not in a leaf element", () => {
  it("leave the stored counts as they are", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const before = (await storedDay(DAY))!.papers;
    expect(before.some((p) => p.upvotes > 0)).toBe(true);
    // No embedded data; each card's count is followed by an icon in the same element.
    const html = pages[DAY]!.replace(/ data-target="DailyPapers"/, ' data-target="PapersV2"').replace(
      /<div([^>]*)>(\d+)<\/div>/g,
      "<div$1>$2<svg></svg></div>",
    );
    const origin = fakeOrigin((url) =>
      url.includes("/api/")
        ? new Response("down", { status: 503 })
        : url.endsWith(DAY)
          ? new Response(html)
          : undefined,
    );
    const report = await runScrape(origin, { targets: [DAY], now: LATER });
    expect(report.days[0]).toMatchObject({ date: DAY, via: "cards" });
    const after = new Map((await storedDay(DAY))!.papers.map((p) => [p.id, p.upvotes]));
    expect(
      before.filter((p) => after.get(p.id) !== p.upvotes).map((p) => [p.id, p.upvotes, after.get(p.id)]),
    ).toEqual([]);
  });
});
