// What the counter fuzzers (cardsStarsFuzz, starsOnlyFuzz, countsBackFuzz) share: a paper with every
// counter given, the counters the summary serves and the history keeps, and the wait for a slow read
// to settle or to hold a write. None of it draws from the seed's generator, so seeds replay unchanged.
import type { Settled } from "../../src/store/settle";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import type { madeUpDay } from "./attackShared";

type Day = ReturnType<typeof madeUpDay>;
/** Upvotes, GitHub stars and comments, in that order (a history may keep no stars or comments). */
export type Counts = [number | undefined, number | undefined, number | undefined];

export const countedPaper = (day: Day, id: string, up: number, stars: number, comments: number) => ({
  ...day.paper(id, up),
  github_stars: stars,
  num_comments: comments,
});

/** The counts the day's summary serves, paper by paper. */
export async function countsServed(kv: KVNamespace, day: Day): Promise<Counts[]> {
  const summary = decodeSummary((await kv.get(day.K.summary)) ?? "", day.DAY);
  if (!summary) throw new Error(`no readable summary for ${day.DAY}`);
  return summary.counters.map((c) => [c.upvotes, c.github_stars, c.num_comments] as Counts);
}

/** The newest upvote point and the stars and comments the day's history keeps for each of `ids`. */
export async function countsInHistory(kv: KVNamespace, day: Day, ids: string[]): Promise<Counts[]> {
  const history = decodeHistory((await kv.get(day.K.history)) ?? "", day.DAY);
  if (!history) throw new Error(`no readable history for ${day.DAY}`);
  return ids.map((id) => {
    const kept = history.papers.get(id);
    if (!kept) throw new Error(`no history for ${id}`);
    return [kept.points.at(-1)?.[1], kept.github_stars, kept.num_comments] as Counts;
  });
}

/**
 * True once `settling` has settled or holds a write (a read that finds nothing to write settles at
 * once: no write of its waits); false if it did neither within 2 s.
 */
export async function settledOrHolding(settling: Promise<Settled>, blocked: () => number): Promise<boolean> {
  let done = false;
  void settling.then(() => {
    done = true;
  });
  for (let i = 0; i < 400 && !done && blocked() === 0; i++) await new Promise((go) => setTimeout(go, 5));
  return done || blocked() > 0;
}
