// A read through the cards (titles, links and upvotes only) shows no comments or stars: what it
// writes of them is what was stored. A slower, older run's summary landed over a newer read's,
// and holds the older counts; the cards read merges the newer read's observation from its run
// record, and must not write the older stars and comments over it as observed at its own time.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { settleDay } from "../../src/store/settle";
import { decodeSummary } from "../../src/store/values/summary";
import { madeUpDay, type Observed, observedOf, runIdAt, slowWrites, untilBlocked } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K } = day;
const [a, b] = ["2605.77101", "2605.77102"];
const kv = env.PAPERS;

/** A paper with `stars` stars and as many comments. */
const shown = (id: string, upvotes: number, stars: number) => ({
  ...day.paper(id, upvotes),
  github_stars: stars,
  num_comments: stars,
});

/** A read of the day through its cards at `at`, merging `observed`: titles, links and upvotes. */
const cards = (at: number, papers: Paper[], observed: Observed[]) =>
  settleDay({
    kv,
    date: day.DAY,
    runId: runIdAt(at),
    now: at,
    observed,
    fresh: {
      date: day.DAY,
      via: "cards",
      partial: true,
      papers: papers.map(({ github_stars: _s, num_comments: _c, ...p }) => ({
        ...p,
        summary: "",
        authors: [],
      })),
    },
  });

/** The summary's stars and comments of each paper. */
const served = async () =>
  decodeSummary((await kv.get(K.summary))!, day.DAY)!.counters.map((c) => [c.github_stars, c.num_comments]);

it("a cards read keeps the stars and comments of a newer read whose summary an older run's landed over", async () => {
  await day.run(T0, { papers: [shown(a, 1, 40), shown(b, 1, 40)] });
  // An older read (40 stars) reads the day, a newer one (50 stars) settles it whole, then the
  // older read's writes land.
  const slow = slowWrites(kv);
  const older = day.run(T0 + MIN, { papers: [shown(a, 2, 40), shown(b, 2, 40)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  const newer = await day.run(T0 + 2 * MIN, { papers: [shown(a, 3, 50), shown(b, 3, 50)] });
  slow.release();
  const olderSettled = await older;
  const runs = [observedOf(T0 + 2 * MIN, newer), observedOf(T0 + MIN, olderSettled)];
  // The cards read, with both runs' records to merge.
  await cards(T0 + 10 * MIN, [shown(a, 4, 0), shown(b, 4, 0)], runs);
  expect(await served(), "after the cards read").toEqual([
    [50, 50],
    [50, 50],
  ]);
  // Neither the next run nor the repair pass takes them back.
  await day.run(T0 + 20 * MIN, { observed: runs });
  await day.run(T0 + 30 * MIN, { check: true });
  expect(await served(), "after the runs after").toEqual([
    [50, 50],
    [50, 50],
  ]);
});
