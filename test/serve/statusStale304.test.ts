// GET /api/status answers If-Modified-Since with a 304 only while nothing it says has changed:
// `stale` turns true with the passing of time, without any run writing a record.
import { expect, it, vi } from "vitest";
import { StatusAnswer } from "../../src/serve/answers";
import { fakeOrigin } from "../fixtures";
import { call, NOW, runScrape } from "../helpers";

it("a poller that sends only If-Modified-Since learns that the data turned stale", async () => {
  vi.useFakeTimers({ now: NOW + 60_000, toFake: ["Date"] });
  await runScrape(fakeOrigin());
  const fresh = await call("/api/status");
  expect(StatusAnswer.parse(await fresh.json()).stale).toBe(false);
  const lastModified = fresh.headers.get("last-modified")!;
  expect(lastModified).not.toBeNull();

  // No run since (the cron stopped, or KV's daily writes are spent): 4 hours later the data is
  // stale, and an answer that says so must not be withheld as Not Modified (README, "Caching
  // and polling": a client that sends only If-Modified-Since never misses a change).
  vi.setSystemTime(NOW + 4 * 3_600_000);
  const later = await call("/api/status", { headers: { "if-modified-since": lastModified } });
  expect(later.status).toBe(200);
  expect(StatusAnswer.parse(await later.json()).stale).toBe(true);
});
