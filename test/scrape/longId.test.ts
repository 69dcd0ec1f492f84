// An id is a key: `paper:<id>` must fit KV's 512 bytes a key
// (developers.cloudflare.com/kv/platform/limits). The arXiv id pattern lets a version of any
// length through (`2605.15193v999…`), so one such item made every write of its day fail: the
// day's other papers were never updated again while upstream kept listing it.
import { describe, expect, it } from "vitest";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { storedDay } from "../stored";

const DAY = "2026-05-15";

describe("an id too long to be a key", () => {
  it("is one invalid item: the day's other papers are read and stored", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const props = propsOf(DAY);
    const hostile = structuredClone(props.dailyPapers[0]!);
    hostile.paper.id = `2605.15193v${"9".repeat(600)}`;
    props.dailyPapers.push(hostile);
    const bumped = props.dailyPapers[1]!.paper;
    bumped.upvotes += 100;
    const origin = fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined));
    const report = await runScrape(origin, { targets: [DAY], now: LATER });
    expect(report.days[0]).toMatchObject({ date: DAY, count: 40, dropped: 1 });
    expect(report.ok).toBe(true);
    expect((await storedDay(DAY))!.papers.find((p) => p.id === bumped.id)?.upvotes).toBe(bumped.upvotes);
  });
});
