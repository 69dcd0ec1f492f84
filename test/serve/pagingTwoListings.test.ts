// A paper listed on two covered days is one entry of a feed, at its newest listing, on the
// pages that walk the feed as much as on one page that shows it all.
import { describe, expect, it } from "vitest";
import { JsonFeedAnswer, parseAtom } from "../feedValidators";
import { fakeOrigin, propsOf } from "../fixtures";
import { call, LATER, runScrape, shareStorage, testHost } from "../helpers";

const local = (url: string) => url.replace(testHost(), "");
const MOVED = "2026-05-15";

/** The fixtures, then Friday read again with one of Thursday's papers listed on it too. */
async function fridayListsAThursdayPaper() {
  await runScrape(fakeOrigin());
  const thursday = structuredClone(propsOf("2026-05-14").dailyPapers[0]!) as {
    paper: { submittedOnDailyAt?: string };
  };
  thursday.paper.submittedOnDailyAt = `${MOVED}T00:00:00.000Z`;
  const friday = propsOf(MOVED).dailyPapers;
  const origin = fakeOrigin((url) =>
    url.includes(`/api/daily_papers?date=${MOVED}`) ? Response.json([...friday, thursday]) : undefined,
  );
  await runScrape(origin, { targets: [MOVED], now: LATER });
}

describe("a paper listed on two covered days", () => {
  shareStorage(fridayListsAThursdayPaper);

  async function walkJsonFeed(first: string): Promise<string[]> {
    const ids: string[] = [];
    for (let url: string | undefined = first; url; ) {
      const feed = JsonFeedAnswer.parse(await (await call(local(url))).json());
      ids.push(...feed.items.map((i) => i.id));
      url = feed.next_url;
    }
    return ids;
  }

  it.each([1, 2, 3])(
    "the JSON Feed walked %i at a time shows it once, as the whole feed does",
    async (limit) => {
      const whole = await walkJsonFeed("/feed.json?month=2026-05");
      expect(new Set(whole).size).toBe(whole.length);
      const walked = await walkJsonFeed(`/feed.json?month=2026-05&limit=${limit}`);
      expect(walked).toEqual(whole);
    },
  );

  it("so does the Atom feed walked by its next links", async () => {
    const ids: string[] = [];
    for (let url: string | undefined = "/feed.atom?limit=2"; url; ) {
      const doc = parseAtom(await (await call(local(url))).text());
      ids.push(...doc.entries.map((e) => String(e.id)));
      url = doc.feed.link.find((l: { "@rel": string }) => l["@rel"] === "next")?.["@href"];
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
