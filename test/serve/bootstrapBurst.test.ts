// A fresh deployment's bootstrap: "an empty archive starts at most one scrape every 10 minutes
// however many requests reach it" (README, "When things fail"). A feed reader that adds the
// OPML list fetches its three feeds at once.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import worker from "../../src/index";
import { fakeOrigin } from "../fixtures";
import { routeFetchTo } from "../helpers";

it("requests that reach an empty archive at once start one scrape, not one each", async () => {
  routeFetchTo(fakeOrigin(() => new Response("down", { status: 503 })));
  await Promise.all(
    ["/feed.atom", "/feed.json", "/feed.rss"].map(async (path) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`http://feed.test${path}`), env, ctx);
      expect(res.status).toBe(200);
      await waitOnExecutionContext(ctx);
    }),
  );
  // Each run leaves one record.
  expect((await env.PAPERS.list({ prefix: "run:" })).keys).toHaveLength(1);
});
