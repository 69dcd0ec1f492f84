// A repeat takes no room under the 300-item cap only when its submittedOnDailyAt is the same
// string as the first copy's: the key is the raw string, not the list day. Copies of one item
// whose times differ (as real items' did, with times of day, until 2026-05-13) are the same
// paper on the same day, yet each takes room, and 300 of them hide the page's list again.
import { expect, it } from "vitest";
import { parsePage } from "../../src/scrape/readPage";
import { pageWith, propsOf } from "../fixtures";

it("copies of one item on one day, their times of day differing, take no room under the cap", () => {
  const props = propsOf("2026-05-15");
  const first = props.dailyPapers[0]!;
  const repeated = Array.from({ length: 300 }, (_, i) => ({
    ...first,
    paper: {
      ...first.paper,
      submittedOnDailyAt: new Date(Date.parse("2026-05-15T00:00:00Z") + i * 1000).toISOString(),
    },
  }));
  const read = parsePage(pageWith({ ...props, dailyPapers: [...repeated, ...props.dailyPapers] }));
  expect(read.date).toBe("2026-05-15");
  expect(read.papers).toHaveLength(40);
});
