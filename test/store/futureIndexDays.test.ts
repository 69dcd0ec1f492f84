// The index's entries are read as they are: a day after tomorrow is one no run stores (a
// page claiming it is refused), so an entry naming one was damaged, not written. Such
// entries must hide no stored day, also before the next run drops them.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { DAY_INDEX_KEY } from "../../src/store/values/dayIndex";
import { ALL_COUNT, fakeOrigin } from "../fixtures";
import { call, forgetStored, runScrape } from "../helpers";

it("seven index entries of days in 2099 do not empty the default feed and front page before the next run", async () => {
  await runScrape(fakeOrigin());
  const index = JSON.parse((await env.PAPERS.get(DAY_INDEX_KEY))!);
  for (let d = 1; d <= 7; d++) index.days.unshift({ date: `2099-01-0${d}`, count: 10 });
  await env.PAPERS.put(DAY_INDEX_KEY, JSON.stringify(index));
  forgetStored();
  const feed = (await (await call("/feed.json")).json()) as { items: unknown[] };
  expect(feed.items).toHaveLength(ALL_COUNT);
  forgetStored();
  const papers = (await (await call("/api/papers")).json()) as { count: number; days: string[] };
  expect(papers.count).toBeGreaterThan(0);
  const status = (await (await call("/api/status")).json()) as { newest_day: string; days_stored: number };
  expect(status.newest_day).toBe(index.days[7].date);
  expect(status.days_stored).toBe(index.days.length - 7);
});
