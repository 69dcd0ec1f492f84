// A summary whose data version claims the year 9000 (damaged, not written) makes every later
// settle of the day stamp a version after it (nextVersion: a second after the last). The
// index now skips any saved version from after tomorrow, the run's own included: the day's
// index version, and so its list answers' ETag, stays as it was through every change.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { COUNTS, fakeOrigin, propsOf } from "../fixtures";
import { call, forgetStored, NOW, runScrape } from "../helpers";
import { dayPage } from "./attackShared";

const OLD = "2024-10-25";

it("a day whose stored summary claims a version in 9000 still moves its answers' ETag when a run adds a paper", async () => {
  await runScrape(fakeOrigin(), { now: NOW, targets: [OLD] });
  const key = `list:${OLD}`;
  const raw = JSON.parse((await env.PAPERS.get(key))!);
  expect(raw.updated_at).toBeTypeOf("string");
  raw.updated_at = "9000-01-01T00:00:00.000Z";
  await env.PAPERS.put(key, JSON.stringify(raw));
  forgetStored();
  const etag = (await call(`/api/papers?date=${OLD}`)).headers.get("etag")!;

  const added = structuredClone(propsOf(OLD).dailyPapers[0]!);
  added.paper.id = "2410.77777";
  const run = await runScrape(
    dayPage(OLD, (p) => {
      p.dailyPapers.push(added);
    }),
    { targets: [OLD], now: NOW + 20 * 60_000 },
  );
  expect(run.days[0]).toMatchObject({ outcome: "stored", count: COUNTS[OLD] + 1 });

  forgetStored();
  const revalidated = await call(`/api/papers?date=${OLD}`, { headers: { "if-none-match": etag } });
  expect(revalidated.status).toBe(200);
});
