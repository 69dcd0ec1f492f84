// Two runs writing the same day at once, the slower holding an older page, with the slower
// run's writes held back until the faster has finished: KV has no transactions, so the
// slower undoes the faster. Once a later run has gone by, no paper is lost or hidden and no
// history point is missing: each run's record keeps what it observed, under a key of its
// own, and the next run merges it back.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, LATER, NOW, runScrape } from "../helpers";
import { dayKeys } from "../stored";
import { slowWrites, untilBlocked } from "./attackShared";

const DAY = "2026-05-15";
const K = dayKeys(DAY);

const dayPage = (change: (props: ReturnType<typeof propsOf>) => void) => {
  const props = propsOf(DAY);
  change(props);
  return fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined));
};

describe("overlapping runs with late writes", () => {
  it("a paper the faster run added, which the slower run's summary undid, is listed again after the next run", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const added = structuredClone(propsOf(DAY).dailyPapers[0]!);
    added.paper.id = "2605.77777";
    // The slower run read the older page (upvotes moved), the faster a newer one with a new paper.
    const slow = slowWrites(env.PAPERS);
    const slower = runScrape(
      dayPage((p) => {
        p.dailyPapers[1]!.paper.upvotes += 1;
      }),
      {
        kv: slow.kv,
        targets: [DAY],
        now: NOW + 60_000,
      },
    );
    await untilBlocked(slow.blocked);
    await runScrape(
      dayPage((p) => {
        p.dailyPapers.push(added);
        p.dailyPapers[1]!.paper.upvotes += 2;
      }),
      { targets: [DAY], now: NOW + 120_000 },
    );
    slow.release();
    await slower;
    // The slower run's summary has undone the new paper.
    expect(decodeSummary((await env.PAPERS.get(K.summary))!, DAY)?.ids).not.toContain(added.paper.id);

    // The next run (its own reads fail) merges the faster run's record back.
    const next = await runScrape(
      fakeOrigin(() => new Response("down", { status: 503 })),
      {
        targets: [DAY],
        now: LATER,
      },
    );
    expect(next.merged_days).toEqual([DAY]);
    const listed = await answer(PapersAnswer, `/api/papers?date=${DAY}`);
    expect(listed.papers.map((p) => p.id)).toContain(added.paper.id);
    expect(listed.papers).toHaveLength(41);
    // The newest counts win: the faster run observed later.
    const second = listed.papers.find((p) => p.id === propsOf(DAY).dailyPapers[1]!.paper.id)!;
    expect(second.upvotes).toBe(propsOf(DAY).dailyPapers[1]!.paper.upvotes + 2);
    expect((await answer(PaperAnswer, `/api/papers/${added.paper.id}`)).listed_on).toEqual([DAY]);
  });

  it("loses no history point: both runs' points are in the history after the next run, in 8 tries of 8", async () => {
    // Within the first 48 hours after the listing, when the history keeps every change.
    const listed = Date.parse(`${DAY}T00:00:00Z`);
    for (let attempt = 0; attempt < 8; attempt++) {
      const base = listed + 3_600_000 + attempt * 4 * 3_600_000;
      await runScrape(fakeOrigin(), { targets: [DAY], now: base });
      const slow = slowWrites(env.PAPERS);
      const slower = runScrape(
        dayPage((p) => {
          p.dailyPapers[0]!.paper.upvotes += 10 + attempt;
        }),
        {
          kv: slow.kv,
          targets: [DAY],
          now: base + 60_000,
        },
      );
      await untilBlocked(slow.blocked);
      await runScrape(
        dayPage((p) => {
          p.dailyPapers[0]!.paper.upvotes += 20 + attempt;
        }),
        {
          targets: [DAY],
          now: base + 120_000,
        },
      );
      slow.release();
      await slower;
      await runScrape(
        fakeOrigin(() => new Response("down", { status: 503 })),
        {
          targets: [DAY],
          now: base + 3_000_000,
        },
      );
      const id = propsOf(DAY).dailyPapers[0]!.paper.id;
      const points = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!.papers.get(id)!.points;
      const times = points.map(([t]) => t);
      expect(times, `attempt ${attempt}`).toContain((base + 60_000) / 1000);
      expect(times, `attempt ${attempt}`).toContain((base + 120_000) / 1000);
      // And the newest observation is the count shown.
      const shown = (await answer(PapersAnswer, `/api/papers?date=${DAY}`)).papers.find((p) => p.id === id)!;
      expect(shown.upvotes).toBe(propsOf(DAY).dailyPapers[0]!.paper.upvotes + 20 + attempt);
    }
  });
});
