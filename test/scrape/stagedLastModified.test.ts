// A staged read is settled half an hour after it was read: runs of other tasks may have
// written other days since, at later versions. A feed's Last-Modified is the newest of its
// days' versions: a day the settling run changed must move it, or a reader polling with
// If-Modified-Since alone is told 304 and misses the change.
import { expect, it } from "vitest";
import { ROUND_MS } from "../../src/core/schedule";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, forgetStored, NOW, runScrape } from "../helpers";
import { storedDay } from "../stored";

const NEWEST = "2026-05-18";
const OTHER = "2026-05-15";
const MIN = 60_000;

/** An origin whose API is down and whose page of `date` (its newest list too, for NEWEST) shows every paper `more` upvotes up. */
const raised = (date: string, more: number) => {
  const props = propsOf(date);
  for (const item of props.dailyPapers) item.paper.upvotes += more;
  return fakeOrigin((url) =>
    url.includes("/api/")
      ? new Response("down", { status: 503 })
      : url.endsWith(`/papers/date/${date}`) || (date === NEWEST && url.endsWith("/papers"))
        ? new Response(pageWith(props))
        : undefined,
  );
};

it("a feed the settling run changed is not answered 304 to If-Modified-Since", async () => {
  await runScrape(fakeOrigin(), { targets: [NEWEST, OTHER], now: NOW - 2 * 3_600_000, trigger: "admin" });
  // The newest task reads the newest list from its page, with new counts, and stages it.
  const staging = await runScrape(raised(NEWEST, 5), { targets: ["latest"], now: NOW, stage: "newest" });
  expect(staging.days[0]).toMatchObject({ outcome: "staged" });
  // Ten minutes later another run writes another day.
  const other = await runScrape(raised(OTHER, 3), {
    targets: [OTHER],
    now: NOW + 10 * MIN,
    trigger: "admin",
  });
  expect(other.days[0]).toMatchObject({ outcome: "stored" });
  forgetStored();
  const before = await call("/feed.json");
  expect(before.status).toBe(200);
  const modified = before.headers.get("last-modified")!;
  const etag = before.headers.get("etag")!;

  const settling = await runScrape(fakeOrigin(), {
    targets: ["latest"],
    now: NOW + ROUND_MS,
    stage: "newest",
  });
  expect(settling.days[0]).toMatchObject({ date: NEWEST, outcome: "stored" });
  const day = (await storedDay(NEWEST))!;
  expect(day.papers[0]!.upvotes).toBe(propsOf(NEWEST).dailyPapers[0]!.paper.upvotes + 5);
  forgetStored();
  const after = await call("/feed.json");
  expect(after.headers.get("etag")).not.toBe(etag);
  forgetStored();
  const revalidated = await call("/feed.json", { headers: { "if-modified-since": modified } });
  expect(revalidated.status).toBe(200);
});
