// The next run takes up what the run before it left undone: the cache tags it could not
// invalidate (and invalidates its tags once more), the WebSub ping that failed. It finds that
// run as the newest of the recent run records, whose keys start with their run's time. The run
// settling a staged read carries the read's time, half an hour back: a run of another task
// that wrote a record since sorts after it, and what the settling run left undone must still
// be taken up.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ROUND_MS } from "../../src/core/schedule";
import { type ScrapeOptions, scrape } from "../../src/scrape/run";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { NOW, SCRAPE_CONFIG } from "../helpers";

const NEWEST = "2026-05-18";
const OTHER = "2026-05-15";
const MIN = 60_000;
const HUB = "http://hub.test/";

/** A stand-in for ctx.cache that records each call and answers as told. */
function cacheThat(success: boolean) {
  const calls: string[][] = [];
  return {
    calls,
    purge: async () => ({ success }),
    invalidate: async ({ tags }: { tags: string[] }) => {
      calls.push(tags);
      return { success };
    },
  };
}

/** The API down; the page of `date` (its newest list too, for NEWEST) with every paper `more` upvotes up; the hub as told. */
const site = (date: string, more: number, hubUp = true) => {
  const props = propsOf(date);
  for (const item of props.dailyPapers) item.paper.upvotes += more;
  return fakeOrigin((url) =>
    url.startsWith(HUB)
      ? new Response(null, { status: hubUp ? 202 : 500 })
      : url.includes("/api/")
        ? new Response("down", { status: 503 })
        : url.endsWith(`/papers/date/${date}`) || (date === NEWEST && url.endsWith("/papers"))
          ? new Response(pageWith(props))
          : undefined,
  );
};

const run = (
  origin: ReturnType<typeof fakeOrigin>,
  targets: string[],
  now: number,
  cache: ReturnType<typeof cacheThat>,
  task?: ScrapeOptions["task"],
) =>
  scrape(
    {
      kv: env.PAPERS,
      config: { ...SCRAPE_CONFIG, WEBSUB_HUB: HUB, PUBLIC_URL: "http://papers.test/" },
      fetch: origin.fetch,
      now,
      cache,
      upstream: { sleep: async () => {}, random: () => 0.5 },
      ...(task ? { stage: true, task, trigger: "cron" as const } : { trigger: "admin" as const }),
    },
    targets,
  );

it("what the settling run left undone is taken up by the next run, though a run of another task wrote a record since the read", async () => {
  await run(site(OTHER, 0), [OTHER], NOW - 2 * 3_600_000, cacheThat(true));
  // The newest task reads the newest list (new papers) from its page and stages it.
  const staging = await run(site(NEWEST, 0), ["latest"], NOW, cacheThat(true), "newest");
  expect(staging.days[0]).toMatchObject({ outcome: "staged" });
  // Ten minutes later another run writes another day, and its record.
  await run(site(OTHER, 3), [OTHER], NOW + 10 * MIN, cacheThat(true));
  // The settling run: the cache refuses its tags, the hub its pings.
  const settling = await run(site(NEWEST, 0, false), ["latest"], NOW + ROUND_MS, cacheThat(false), "newest");
  expect(settling.days[0]).toMatchObject({ date: NEWEST, outcome: "stored" });
  expect(settling.cache_tags_pending).toEqual(expect.arrayContaining([`d:${NEWEST}`]));
  expect(settling.websub?.failed).toBeDefined();
  // The next run, which reads another day and changes nothing of the newest.
  const cache = cacheThat(true);
  const next = await run(site(OTHER, 3), [OTHER], NOW + ROUND_MS + 10 * MIN, cache);
  expect(cache.calls.flat()).toEqual(expect.arrayContaining([`d:${NEWEST}`]));
  expect(next.websub?.topics).toHaveLength(3);
});
