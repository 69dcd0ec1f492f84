// A day whose comments and stars move and whose upvotes do not: each read that finds them moved
// writes the summary and the history once, as a read that finds the upvotes moved does, and a read
// that finds nothing new writes neither (the history's stars time after its newest point is kept,
// not moved on by every read).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { NOW, runScrape } from "../helpers";

const DAY = "2026-05-18";
const MIN = 60_000;

const pageAt = (stars: number) => {
  const props = propsOf(DAY);
  for (const item of props.dailyPapers) {
    item.paper.upvotes = 5;
    item.paper.githubStars = stars;
    item.numComments = stars;
  }
  return fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined));
};

it("stars moving without upvotes write the summary and the history once a move, and nothing else changes", async () => {
  await runScrape(pageAt(40), { targets: [DAY], now: NOW });
  const writes: string[][] = [];
  // Stars 41, 41, 42, 42, 42, 43: three moves, three reads of the same.
  for (const [k, stars] of [41, 41, 42, 42, 42, 43].entries()) {
    const kv = countingKv(env.PAPERS);
    await runScrape(pageAt(stars), { kv, targets: [DAY], now: NOW + (k + 1) * 10 * MIN });
    writes.push(kv.puts.filter((key) => key.startsWith("list:") || key.startsWith("hist:")));
  }
  const moved = [`hist:${DAY}`, `list:${DAY}`];
  expect(writes.map((w) => [...w].sort())).toEqual([moved, [], moved, [], [], moved]);
});
