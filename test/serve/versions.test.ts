// Data versions, and the Last-Modified they give, only move forward, whatever order runs are
// stamped in: an admin run takes the clock, a cron run its scheduled time, which can be
// earlier. A client that sends only If-Modified-Since never gets a 304 for changed data.
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, LATER, runScrape } from "../helpers";

/** Friday's page with one more paper: a change a run brings whatever time it is stamped with. */
const fridayGrown = () => {
  const props = propsOf("2026-05-15");
  const added = structuredClone(props.dailyPapers[1]!);
  added.paper.id = "2605.99901";
  props.dailyPapers.push(added);
  return fakeOrigin((url) => (url.endsWith("2026-05-15") ? new Response(pageWith(props)) : undefined));
};

describe("Last-Modified under runs stamped out of order", () => {
  // Served an hour after the runs, before the data turns stale (STALE_AFTER_MINUTES): what
  // moves /api/status's Last-Modified here is the runs alone (statusStale304.test.ts holds
  // it to the moment the data turns stale).
  afterEach(() => vi.useRealTimers());

  it.each(["/feed.atom?date=2026-05-15", "/", "/api/papers/2605.13301", "/api/status"])(
    "%s: an earlier-stamped run that changes the data moves it forward, and If-Modified-Since sees the change",
    async (path) => {
      vi.useFakeTimers({ now: LATER + 2 * 3_600_000, toFake: ["Date"] });
      await runScrape(fakeOrigin(), { targets: ["2026-05-15"], now: LATER + 3_600_000, trigger: "admin" });
      const first = await call(path);
      const modified = first.headers.get("last-modified")!;
      expect(modified).toBeTruthy();
      // A cron run scheduled an hour before the admin run, reading a list that grew since.
      await runScrape(fridayGrown(), { targets: ["2026-05-15"], now: LATER, repair: true });
      const again = await call(path, { headers: { "if-modified-since": modified } });
      expect(again.status).toBe(200);
      expect(Date.parse(again.headers.get("last-modified")!)).toBeGreaterThan(Date.parse(modified));
    },
  );
});
