// A card that shows no upvote count leaves its paper's stored count as it is: settleDay puts
// the summary's count in the fresh read instead. The fresh read is then offered to
// countersSeen as observed now, so it beats a newer count another run observed (its run
// record, merged where a slower run's summary write undid it): the count moves back to the
// summary's older one, and that run's observation is then counted as merged.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { settleDay } from "../../src/store/settle";
import { fakeOrigin } from "../fixtures";
import { LATER, NOW, runScrape } from "../helpers";
import { storedDay } from "../stored";

const DAY = "2026-05-15";

it("a card without a count does not move its paper's count back past another run's newer observation", async () => {
  await runScrape(fakeOrigin(), { targets: [DAY], now: NOW });
  const stored = (await storedDay(DAY))!.papers;
  const p = stored[0]!;
  // Another run saw p with 100 more votes; a slower run's summary write undid it.
  const observation = {
    date: DAY,
    at: Math.floor(LATER / 1000),
    ids: [p.id],
    counters: [{ upvotes: p.upvotes + 100 }],
  };
  // The cards, read later: every count seen but p's.
  const papers: Paper[] = stored.map((s) => ({ ...s, summary: "", authors: [] }) as Paper);
  await settleDay({
    kv: env.PAPERS,
    date: DAY,
    runId: "cards-run",
    now: LATER + 1_800_000,
    fresh: { date: DAY, via: "cards", papers, partial: true, unknownUpvotes: new Set([p.id]) },
    observed: [{ runId: "other-run", observation }],
  });
  expect((await storedDay(DAY))!.papers.find((s) => s.id === p.id)?.upvotes).toBe(p.upvotes + 100);
});
