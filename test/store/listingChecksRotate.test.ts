// restoreListings checks at most 20 papers a run, and the commit says the next runs put back
// the rest. But every run picks the same 20 (the first in the oldest records), whether or not
// they still lack a day: a run record naming more than 20 such papers leaves the rest unrepaired
// for as long as it is recent.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { MAX_LISTING_CHECKS_PER_RUN } from "../../src/store/runs";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { NOW, runScrape } from "../helpers";

const X = "2026-05-15";
const Y = "2026-05-14";
const MINUTE = 60_000;

it("papers past the first 20 a run record names get their lost day back from the runs after", async () => {
  const x = propsOf(X);
  const y = propsOf(Y);
  const shared = x.dailyPapers.slice(0, MAX_LISTING_CHECKS_PER_RUN + 5);
  for (const item of shared)
    y.dailyPapers.push({
      ...structuredClone(item),
      paper: { ...structuredClone(item.paper), submittedOnDailyAt: `${Y}T00:00:00.000Z` },
    });
  const origin = fakeOrigin((url) =>
    url.endsWith(X) ? new Response(pageWith(x)) : url.endsWith(Y) ? new Response(pageWith(y)) : undefined,
  );
  await runScrape(origin, { targets: [X, Y], now: NOW });
  const ids = shared.map((i) => i.paper.id);
  // A slower run's writes of these records left Y out.
  for (const id of ids) {
    const raw = JSON.parse((await env.PAPERS.get(`paper:${id}`))!);
    expect(raw.listed_on).toEqual([X, Y]);
    raw.listed_on = [X];
    await env.PAPERS.put(`paper:${id}`, JSON.stringify(raw));
  }
  for (let i = 1; i <= 4; i++) await runScrape(fakeOrigin(), { targets: [], now: NOW + i * 30 * MINUTE });
  const listed = await Promise.all(
    ids.map(async (id) => JSON.parse((await env.PAPERS.get(`paper:${id}`))!).listed_on),
  );
  expect(listed.filter((l) => l.length === 1).length).toBe(0);
});
