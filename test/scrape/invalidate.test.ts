// Telling Workers Cache what a run changed, within what Cloudflare allows: at most 100 tags a
// purge call (developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/), calls that
// may be refused (rate limited per account), and KV's 60 s to reach every location.
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ROUND_MS } from "../../src/core/schedule";
import worker from "../../src/index";
import { scrape, TAGS_PER_PURGE } from "../../src/scrape/run";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { LATER, NOW, routeFetchTo, SCRAPE_CONFIG } from "../helpers";

/** A stand-in for ctx.cache that records each call and answers as told. */
function cacheThat(answer: (tags: string[]) => boolean) {
  const calls: string[][] = [];
  return {
    calls,
    purge: async () => ({ success: true }),
    invalidate: async ({ tags }: { tags: string[] }) => {
      calls.push(tags);
      return { success: answer(tags) };
    },
  };
}

const run = (cache: ReturnType<typeof cacheThat>, targets: string[], now: number, origin = fakeOrigin()) =>
  scrape(
    {
      kv: env.PAPERS,
      config: SCRAPE_CONFIG,
      fetch: origin.fetch,
      now,
      cache,
      upstream: { sleep: async () => {} },
    },
    targets,
  );

/** Friday's page with every paper's upvotes moved by `by`: a run that reads it changes Friday. */
const friday = (by: number) => {
  const props = propsOf("2026-05-15");
  for (const i of props.dailyPapers) i.paper.upvotes += by;
  return fakeOrigin((url) => (url.endsWith("2026-05-15") ? new Response(pageWith(props)) : undefined));
};

describe("invalidating cached answers", () => {
  it("sends at most 100 tags a call", async () => {
    // A backfill of many days at once: every day new, each a tag of its own.
    const cache = cacheThat(() => true);
    const days = Array.from({ length: 40 }, (_, i) =>
      new Date(NOW - i * 86_400_000).toISOString().slice(0, 10),
    );
    await run(cache, days, NOW);
    const tags = cache.calls.flat();
    expect(cache.calls.every((c) => c.length <= TAGS_PER_PURGE)).toBe(true);
    expect(new Set(tags).size).toBe(tags.length);
    expect(TAGS_PER_PURGE).toBe(100);
  });

  it("a call that is refused leaves its tags to the next run, which tries them again", async () => {
    await run(
      cacheThat(() => true),
      ["2026-05-15"],
      NOW,
    );
    const refusing = cacheThat(() => false);
    const first = await run(refusing, ["2026-05-15"], LATER, friday(1));
    expect(first.cache_tags).toEqual([]);
    expect(first.cache_tags_pending).toEqual(expect.arrayContaining(["d:2026-05-15", "status"]));
    const taking = cacheThat(() => true);
    const next = await run(taking, ["2026-05-14"], LATER + 1_800_000);
    expect(taking.calls.flat()).toEqual(expect.arrayContaining(["d:2026-05-15"]));
    expect(next.cache_tags_pending).toBeUndefined();
  });

  it("a run invalidates the tags of the run before it once more, for locations KV reached late", async () => {
    await run(
      cacheThat(() => true),
      ["2026-05-15"],
      NOW,
    );
    await run(
      cacheThat(() => true),
      ["2026-05-15"],
      LATER,
      friday(2),
    );
    // Nothing changes on Thursday's read; Friday's answers are invalidated again all the same.
    const next = cacheThat(() => true);
    await run(next, ["2026-05-14"], LATER + 1_800_000);
    expect(next.calls.flat()).toEqual(expect.arrayContaining(["d:2026-05-15"]));
    // Once: the run after that has nothing left of Friday to repeat.
    const after = cacheThat(() => true);
    await run(after, ["2026-05-14"], LATER + 3_600_000);
    expect(after.calls.flat()).not.toContain("d:2026-05-15");
  });
});

describe("the scheduled handler", () => {
  it("hands its invocation's Workers Cache to the run, which invalidates what it changed", async () => {
    routeFetchTo(fakeOrigin());
    const cache = cacheThat(() => true);
    const ctx = Object.assign(createExecutionContext(), { cache });
    // The newest list comes from its page: the run stages it, and the task's next run settles it.
    await worker.scheduled(createScheduledController({ scheduledTime: NOW }), env, createExecutionContext());
    await worker.scheduled(createScheduledController({ scheduledTime: NOW + ROUND_MS }), env, ctx);
    expect(cache.calls.flat()).toEqual(expect.arrayContaining(["d:2026-05-18", "days", "status"]));
  });
});
