// A count that went back and up again upstream (an upvote or a star taken back, then given again).
// The newest read finds the day's counts as stored, writes nothing of the day, and keeps only a
// confirmation in its run record. An older read, stamped between the stored count and that read, saw
// the lower count; it settles after the newest read (its fetch was slow, or it was staged), folding
// that run's record as runs do. The newest read's count must be the one served as soon as both have
// settled, not only once a later run folds the record again, and the history must end with it.
import { expect, it } from "vitest";
import type { Counters } from "../../src/core/paper";
import { settleDay } from "../../src/store/settle";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { memoryKv } from "../memoryKv";
import { capturing, madeUpDay, type Observed, observedViaRecord, runIdAt } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K } = day;
const [a, b] = ["2605.77601", "2605.77602"];
const s = (ms: number) => Math.floor(ms / 1000);

/** The day's two papers as a read shows them: `a`'s counters as given, `b`'s unchanged. */
const papersWith = (c: Required<Counters>) => [
  { ...day.paper(a, c.upvotes), github_stars: c.github_stars, num_comments: c.num_comments },
  { ...day.paper(b, 2), github_stars: 7, num_comments: 1 },
];

/**
 * The stored day shows `stored`; a read at T0 + 2 minutes finds it again (its only trace a
 * confirmation); a read at T0 + 1 minute of `lower` settles after it, given that run's record.
 */
async function wentBackAndUp(stored: Required<Counters>, lower: Required<Counters>, { cards = false } = {}) {
  const kv = memoryKv();
  await day.run(T0, { papers: papersWith(stored), kv });
  const newer = capturing(kv);
  const confirmed = await day.run(T0 + 2 * MIN, { papers: papersWith(stored), kv: newer.kv });
  expect(
    newer.writes.map(([key]) => key),
    "the newest read writes nothing of the day",
  ).toEqual([]);
  expect(confirmed.confirmed?.at, "its confirmation").toBe(s(T0 + 2 * MIN));
  const observed = observedViaRecord(T0 + 2 * MIN, confirmed);
  if (cards)
    await settleDay({
      kv,
      date: day.DAY,
      runId: runIdAt(T0 + MIN),
      now: T0 + MIN,
      fresh: { ...day.full(papersWith(lower)), via: "cards", partial: true },
      observed,
    });
  else await day.run(T0 + MIN, { papers: papersWith(lower), observed, kv });
  const summary = decodeSummary((await kv.get(K.summary))!, day.DAY)!;
  const history = decodeHistory((await kv.get(K.history))!, day.DAY)!;
  return { kv, summary, history, confirmed };
}

const counters = (upvotes: number, github_stars: number, num_comments: number) => ({
  upvotes,
  github_stars,
  num_comments,
});

it("an upvote taken back and given again: the newest read's count is served once the older read settles", async () => {
  const { kv, summary, history, confirmed } = await wentBackAndUp(counters(5, 40, 3), counters(4, 40, 3));
  expect(summary.counters[summary.ids.indexOf(a)], "the summary's counters of a").toEqual(counters(5, 40, 3));
  expect(summary.observed_at, "observed at the newest read").toBe(new Date(T0 + 2 * MIN).toISOString());
  // Every read's point, in the order they were read: the count fell at the older read, and was back
  // at the newer.
  expect(history.papers.get(a)!.points, "a's points").toEqual([
    [s(T0), 5],
    [s(T0 + MIN), 4],
    [s(T0 + 2 * MIN), 5],
  ]);
  // A later run folding the newest read's record (the older read's is its own run's) changes nothing.
  await day.run(T0 + 20 * MIN, { observed: observedViaRecord(T0 + 2 * MIN, confirmed), kv });
  await day.run(T0 + 30 * MIN, { check: true, kv });
  const after = decodeSummary((await kv.get(K.summary))!, day.DAY)!;
  expect(after.counters[after.ids.indexOf(a)], "after the runs after").toEqual(counters(5, 40, 3));
  expect(
    decodeHistory((await kv.get(K.history))!, day.DAY)!
      .papers.get(a)!
      .points.at(-1),
  ).toEqual([s(T0 + 2 * MIN), 5]);
});

it("a GitHub star taken back and given again: the newest read's stars are served once the older read settles", async () => {
  const { kv, summary, history, confirmed } = await wentBackAndUp(counters(5, 40, 3), counters(5, 39, 3));
  expect(summary.counters[summary.ids.indexOf(a)], "the summary's counters of a").toEqual(counters(5, 40, 3));
  const p = history.papers.get(a)!;
  expect([p.points, p.github_stars], "a's history").toEqual([[[s(T0), 5]], 40]);
  await day.run(T0 + 20 * MIN, { observed: observedViaRecord(T0 + 2 * MIN, confirmed), kv });
  await day.run(T0 + 30 * MIN, { check: true, kv });
  const after = decodeSummary((await kv.get(K.summary))!, day.DAY)!;
  expect(after.counters[after.ids.indexOf(a)], "after the runs after").toEqual(counters(5, 40, 3));
  expect(decodeHistory((await kv.get(K.history))!, day.DAY)!.papers.get(a)!.github_stars).toBe(40);
});

it("the same where the older read is of the cards (the full path): the newest read's count is served", async () => {
  const { summary, history } = await wentBackAndUp(counters(5, 40, 3), counters(4, 40, 3), { cards: true });
  expect(summary.counters[summary.ids.indexOf(a)], "the summary's counters of a").toEqual(counters(5, 40, 3));
  expect(history.papers.get(a)!.points, "a's points").toEqual([
    [s(T0), 5],
    [s(T0 + MIN), 4],
    [s(T0 + 2 * MIN), 5],
  ]);
});

/**
 * A read at `at` of `papers` (through the cards with `cards`) under a run id of its own; what it
 * settled and its record, read back.
 */
async function readAt(
  at: number,
  papers: ReturnType<typeof papersWith>,
  kv: KVNamespace,
  { observed = [], cards = false }: { observed?: Observed[]; cards?: boolean } = {},
) {
  const runId = runIdAt(at);
  const fresh = cards ? { ...day.full(papers), via: "cards" as const, partial: true } : day.full(papers);
  const settled = await settleDay({ kv, date: day.DAY, runId, now: at, fresh, observed });
  return { settled, record: observedViaRecord(at, settled).map((o) => ({ ...o, runId })) };
}

/** `a`'s upvotes served and the history's newest point of it. */
async function servedAndNewest(kv: KVNamespace) {
  const summary = decodeSummary((await kv.get(K.summary))!, day.DAY)!;
  const points = decodeHistory((await kv.get(K.history))!, day.DAY)!.papers.get(a)!.points;
  return [summary.counters[summary.ids.indexOf(a)]!.upvotes, points.at(-1)![1]];
}

it("a fold: the newest read's confirmation wins over a middle read's lower count that the summary lacks", async () => {
  const kv = memoryKv();
  await day.run(T0, { papers: papersWith(counters(5, 40, 3)), kv });
  // Three reads of the day as stored: the older sees a comment more, the middle an upvote less too,
  // the newest, through the cards, the upvotes as stored (a confirmation, its comments and stars the
  // stored ones, as old as they are). The middle read's writes land, then the older read's: the
  // summary holds the newest read's count, observed before the middle read's.
  const older = capturing(kv);
  const first = await readAt(T0 + MIN, papersWith(counters(5, 40, 4)), older.kv);
  const middle = capturing(kv);
  const second = await readAt(T0 + 2 * MIN, papersWith(counters(4, 40, 4)), middle.kv);
  const newest = await readAt(T0 + 3 * MIN, papersWith(counters(5, 40, 4)), kv, { cards: true });
  expect(newest.settled.confirmed, "the newest read's confirmation").toBeDefined();
  for (const write of [...middle.writes, ...older.writes]) await kv.put(...write);
  // The next run, upstream down, folds the three records.
  await settleDay({
    kv,
    date: day.DAY,
    runId: runIdAt(T0 + 20 * MIN),
    now: T0 + 20 * MIN,
    observed: [...first.record, ...second.record, ...newest.record],
  });
  expect(await servedAndNewest(kv), "a's served count and newest point").toEqual([5, 5]);
});

it("two older reads given the newest read's confirmation, their history writes out of order: the fold keeps its point", async () => {
  const kv = memoryKv();
  await day.run(T0, { papers: papersWith(counters(5, 40, 3)), kv });
  const newest = await readAt(T0 + 3 * MIN, papersWith(counters(5, 40, 3)), kv);
  // Both older reads read the day as stored and are given the newest read's record. The middle read's
  // writes (its point, then the newest read's after it) land first; the older read's history, which
  // holds neither, lands over them, with a summary naming the newest read's run.
  const older = capturing(kv);
  const first = await readAt(T0 + MIN, papersWith(counters(5, 39, 3)), older.kv, {
    observed: newest.record,
  });
  const middle = capturing(kv);
  const second = await readAt(T0 + 2 * MIN, papersWith(counters(6, 39, 3)), middle.kv, {
    observed: newest.record,
  });
  for (const write of [...middle.writes, ...older.writes]) await kv.put(...write);
  expect(await servedAndNewest(kv), "once both have settled").toEqual([5, 5]);
  await settleDay({
    kv,
    date: day.DAY,
    runId: runIdAt(T0 + 20 * MIN),
    now: T0 + 20 * MIN,
    observed: [...first.record, ...second.record, ...newest.record],
  });
  expect(await servedAndNewest(kv), "after the fold").toEqual([5, 5]);
});
