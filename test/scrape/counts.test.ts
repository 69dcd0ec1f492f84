// Counters from upstream are held to the bounds the store reads them with (LIMITS.count,
// core/paper.ts: whole numbers from 0 to 100,000,000). A count past them that ingest let
// through is written, then refused by every reader: the day's summary and history read as
// damaged, the paper shows a stale count, and every read queues the day for repair.
// An optional counter of the wrong kind (negative, a fraction, a string) is dropped, not the
// paper: upstream leaves an empty optional field out (SOURCE-NOTES.md), as OptDateTime does.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decodeHistory, historyKey } from "../../src/store/values/history";
import { decodeSummary, summaryKey } from "../../src/store/values/summary";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { LATER, runScrape } from "../helpers";
import { storedDay } from "../stored";

const DAY = "2026-05-15";
const serving = (props: ReturnType<typeof propsOf>) =>
  fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined));

describe("counters past the store's bounds", () => {
  it("an upvote count past 100,000,000 is refused at ingest: the day's values stay readable, the paper keeps its count", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const props = propsOf(DAY);
    const { id, upvotes } = props.dailyPapers[0]!.paper;
    props.dailyPapers[0]!.paper.upvotes = 500_000_000;
    const report = await runScrape(serving(props), { targets: [DAY], now: LATER });
    expect(decodeSummary((await env.PAPERS.get(summaryKey(DAY)))!, DAY)?.damaged).toBe(0);
    expect(decodeHistory((await env.PAPERS.get(historyKey(DAY)))!, DAY)?.damaged).toBe(0);
    expect((await storedDay(DAY))?.papers.find((p) => p.id === id)?.upvotes).toBe(upvotes);
    expect(report.days[0]).toMatchObject({ date: DAY, count: 40, dropped: 1 });
  });

  it("a negative, fractional or string comment or star count drops that counter, not the paper", async () => {
    const props = propsOf(DAY);
    props.dailyPapers[1]!.numComments = -3;
    props.dailyPapers[2]!.paper.githubStars = 2.5;
    props.dailyPapers[3]!.numComments = "7";
    props.dailyPapers[4]!.paper.githubStars = -1;
    const report = await runScrape(serving(props), { targets: [DAY], now: LATER });
    expect(report.days[0]).toMatchObject({ date: DAY, outcome: "stored", count: 40 });
    expect(report.days[0]!.dropped).toBeUndefined();
    // Nothing written that a reader would refuse.
    const summary = JSON.parse((await env.PAPERS.get(summaryKey(DAY)))!) as Record<string, (number | null)[]>;
    const written = [...(summary.comments ?? []), ...(summary.stars ?? [])].filter((v) => v !== null);
    expect(written.filter((v) => !Number.isInteger(v) || v! < 0)).toEqual([]);
    const papers = (await storedDay(DAY))!.papers;
    for (const item of props.dailyPapers.slice(1, 5)) {
      const paper = papers.find((p) => p.id === item.paper.id);
      expect(paper).toBeDefined();
      expect(paper?.num_comments ?? 0).toBeGreaterThanOrEqual(0);
      expect(paper?.github_stars ?? 0).toBeGreaterThanOrEqual(0);
    }
  });
});
