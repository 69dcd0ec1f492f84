// The JSON API is asked for one day (`?date=D`) and answers that day's items (SOURCE-NOTES.md,
// "JSON API"). A read of D must be a read of D: as a page names its day and keeps only that
// day's items (README, "How it scrapes"), an item the answer lists under another day is not
// D's, and it must not decide which day the whole answer is stored under.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dayRecordKey } from "../../src/store/values/dayRecord";
import { fakeOrigin, propsOf } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { storedDay } from "../stored";

const DAY = "2026-05-15";

describe("a JSON API answer for a day with one item of another day", () => {
  it("is stored as the day asked for, the stray item left out", async () => {
    const items = propsOf(DAY).dailyPapers;
    items[0]!.paper.upvotes += 50;
    const stray = structuredClone(items[1]!);
    stray.paper.id = "2605.99999";
    // The day after the run's day: a page may claim it (a day of clock skew), a date read may not.
    stray.paper.submittedOnDailyAt = "2026-05-20T00:00:00.000Z";
    const answer = [...items, stray];
    const origin = fakeOrigin((url) =>
      url.includes("/api/") && url.includes(`date=${DAY}`)
        ? new Response(JSON.stringify(answer), { headers: { "content-type": "application/json" } })
        : undefined,
    );
    const report = await runScrape(origin, { targets: [DAY], now: LATER });
    expect(report.days[0]).toMatchObject({ asked: DAY, date: DAY, count: 40, via: "api" });
    expect(await env.PAPERS.get(dayRecordKey("2026-05-20"))).toBeNull();
    expect((await storedDay(DAY))!.papers.find((p) => p.id === items[0]!.paper.id)?.upvotes).toBe(
      items[0]!.paper.upvotes,
    );
  });
});
