// The counters' side of settling a day (settle.ts): the run where only counters moved
// (settleCounters), the day's counters on the full path (countersOfDay), the upvote history's points
// (nextHistoryOf, observeAll, pointsToMerge), what a run's record
// keeps of the day for the runs after it (recordedObservation, confirmedRead), and when a
// summary's counters were observed (observedAt). Counters never rewrite content: this writes
// the summary and the history alone.
import { nextVersion } from "../core/dates";
import type { Counters, IsoDate } from "../core/paper";
import { countersSeen, notAfter, sameCounters, seconds, starsTimeOf } from "./counters";
import type { FreshPapers, Settled, SettleRequest } from "./settle";
import type { DayState } from "./settleContent";
import { countedSeenAt, starsSeenAt } from "./values/countedTimes";
import {
  type DayHistory,
  DENSE_FOR_S,
  encodeHistory,
  HISTORY_VERSION,
  historyKey,
  listedAtOf,
  type StoredHistory,
  withObservation,
} from "./values/history";
import { contentSeenAt, type Observation, runStartOf } from "./values/runRecord";
import {
  contentReadAt,
  countedTimes,
  encodeSummary,
  REMEMBERED_RUNS,
  type StoredSummary,
  SUMMARY_VERSION,
  type Summary,
  starsTimes,
  summaryKey,
} from "./values/summary";

/** What a run that moved only counters settles from: the day's counter values and what it and others read. */
export interface CountersMoved {
  summary: StoredSummary;
  /** The day's upvote history, as read (empty where none is stored or it does not validate). */
  history: DayHistory;
  /** Whether a history text was stored: one made here is written even if no point moved. */
  historyStored: boolean;
  /** The papers this run read, by id (FreshPapers). */
  fresh: FreshPapers;
  /** Other runs' observations of the day, to merge. */
  observed: { runId: string; observation: Observation }[];
  /** Those whose counters become history points. */
  points: { runId: string; observation: Observation }[];
  /** The run's time (unix seconds). */
  at: number;
  /** The day's content hash: the summary's, which the read found unchanged. */
  content: string;
  /** Papers of the read that could not be kept. */
  dropped: number;
  /**
   * When the lines the day record marks carried from papers' own records were put in or read (unix
   * seconds, DayMeta.carried); 0 where it marks none.
   */
  carried: number;
}

/** When only counters moved: the summary and the history, nothing else. */
export async function settleCounters(r: SettleRequest, day: CountersMoved): Promise<Settled> {
  const { summary, history, historyStored, fresh, observed, points, at, content, dropped, carried } = day;
  const seen = countersSeen(summary, null, null, fresh, observed, at);
  const counters = summary.ids.map((id) => seen.get(id)!.counters);
  const countedAt = summary.ids.map((id) => seen.get(id)!.at);
  const starsAt = summary.ids.map((id) => starsTimeOf(seen.get(id)!));
  const countersMoved = summary.ids.some((_id, i) => !sameCounters(summary.counters[i], counters[i]!));
  const read = fresh.size ? { at, ids: [...fresh.keys()], seen: fresh } : undefined;
  const { nextHistory, readAdded } = withRead(history, read, points, new Set(summary.ids), at);
  const historyMoved = nextHistory !== history || !historyStored;
  const summaryMoved =
    countersMoved ||
    observed.length > 0 ||
    summary.version !== SUMMARY_VERSION ||
    content !== summary.content ||
    (fresh.size > 0 && readFindsCarried(summary, carried, at, r));
  const result: Settled = {
    count: summary.ids.length,
    added: 0,
    kept: 0,
    dropped,
    missing: 0,
    wrote: [],
    contentWritten: false,
    updated_at: summary.updated_at || undefined,
  };
  if (!summaryMoved && !historyMoved) return { ...result, ...confirmedRead(r.date, read, content) };
  if ("reserve" in r.kv) r.kv.reserve(2);
  const version =
    countersMoved || !summary.updated_at
      ? nextVersion(r.versionAt ?? r.now, summary.updated_at)
      : summary.updated_at;
  if (historyMoved) {
    await r.kv.put(historyKey(r.date), encodeHistory(nextHistory));
    result.wrote.push(historyKey(r.date));
  }
  if (summaryMoved) {
    const observed_at = observedAt(summary, fresh.size ? at : 0, observed, at) ?? version;
    // Every observation merged here names this content: the summary's own content time moves with them,
    // as far as theirs say they read it.
    const content_at = observedAt(
      { observed_at: contentReadAt(summary) },
      fresh.size ? at : 0,
      contentReads(observed),
      at,
    );
    const next: Summary = {
      ...summary,
      updated_at: version,
      observed_at,
      content_at: content_at ?? observed_at,
      added_at: summary.added_at || version,
      content,
      runs: [...new Set([...summary.runs, ...observed.map((o) => o.runId), r.runId])].slice(-REMEMBERED_RUNS),
      counters,
      counted_at: countedAt,
      stars_at: starsAt,
    };
    await r.kv.put(summaryKey(r.date), encodeSummary(next));
    result.wrote.push(summaryKey(r.date));
    result.observation = {
      date: r.date,
      at: seconds(next.observed_at),
      ids: summary.ids,
      counters,
      content,
      ...contentTime(next),
      ...countedTime(countedAt, seconds(next.observed_at)),
      ...starsTime(starsAt, countedAt, seconds(next.observed_at)),
    };
  }
  result.observation = recordedObservation(result.observation, r.date, read, readAdded, [], content);
  result.updated_at = version;
  return result.observation ? result : { ...result, ...confirmedRead(r.date, read, content) };
}

/**
 * Whether a read at `at` that found lines the day record marks carried from papers' own records (a fold
 * or the repair pass put the paper in from its record, a read of any day it is listed on), put in or
 * read at `carried` (carriedAtOf), each as the line has it, moves the summary's content time though
 * nothing else moved: where the summary's content was read before they were put in, and before this
 * read. Such a read is the first of this day's page known to find them (the lines stay marked, as new as
 * it, lineAtOr). Writing nothing, it left no value saying so, and a slower, older read of the day, of
 * another title, landing its day record after it, counted as the day's newest read for good. Once a
 * read made after they were put in has written it, the summary's content time is past them, and the
 * reads after write nothing; a read made before (a staged read settled late) may write it too.
 */
export function readFindsCarried(
  summary: StoredSummary,
  carried: number,
  at: number,
  r: Pick<SettleRequest, "now" | "versionAt">,
): boolean {
  const contentAt = seconds(contentReadAt(summary));
  // Lines are put in before a run reads them, and a run reads the store no later than its wall time
  // allows after its start (`now`): a time past that was written by no run before it, planted or
  // damaged, and says nothing. Taken, it stayed ahead of every summary a read wrote, and each read
  // wrote the summary again.
  const settled = Math.floor(Math.max(r.now, r.versionAt ?? 0) / 1000);
  return carried > contentAt && at > contentAt && carried <= settled + PUT_IN_SLACK_S;
}

/**
 * How far past a run's start a carried time it reads may lie (s): a scheduled invocation runs for up to
 * 15 minutes of wall time (Cloudflare Workers limits, "Duration"), and another run's lines can be put
 * in while it waits on upstream.
 */
const PUT_IN_SLACK_S = 15 * 60;

/**
 * A fresh read that left no observation: it found the counters as stored and wrote nothing of
 * them. The run record still keeps what it read, and when: a run stamped before it that read the
 * day before the counts fell back may write its older counts after it, and no other value holds
 * the newer ones (counters.ts, confirmedNewer). `content`, what it found the day's content to be, where
 * that is known (the counters-only path: the read's content is the summary's): a run folding it where
 * a slower, older run's day record and summary landed since learns it saw other content, and does not
 * date the older content at it.
 */
export function confirmedRead(
  date: IsoDate,
  read: { at: number; ids: string[]; seen: Map<string, ReadCounters> } | undefined,
  content?: string,
): Pick<Settled, "confirmed"> {
  if (!read?.ids.length) return {};
  return {
    confirmed: {
      date,
      at: read.at,
      ids: read.ids,
      counters: read.ids.map((id) => read.seen.get(id)!.counters),
      ...(content ? { content } : {}),
      ...starsTime(
        read.ids.map((id) => read.seen.get(id)!.starsAt ?? read.at),
        read.ids.map(() => read.at),
        read.at,
      ),
    },
  };
}

/** A read's counters of a paper; `starsAt`, when its comments and stars were observed, where it did not show them. */
type ReadCounters = { counters: Counters; starsAt?: number };

/**
 * What the run's record keeps of the day for later runs to merge back: the counters it wrote
 * in the summary, as observed when the summary says; but its own read, at its own time, where
 * that read put points in the history and is older than those counters (a run stamped before
 * one that wrote the day first: runs out of order). Such a run writes its points and no newer
 * counts, often no summary at all, so no other value holds them, and a run that read the history
 * before its write undoes them. The counters the summary took from other values are in those
 * values and in the records of the runs that wrote them.
 * `content`, what the read found the day's content to be, where that is known (the counters-only
 * path: the read's content is the summary's), as a confirmation names it: a run folding the read
 * where a slower, older run's day record and summary landed since learns it saw other content, and
 * does not date the older content at it (which an observation naming none would be).
 */
export function recordedObservation(
  written: Observation | undefined,
  date: IsoDate,
  read: { at: number; ids: string[]; seen: Map<string, ReadCounters> } | undefined,
  pointsAdded: boolean,
  uncounted: string[] = [],
  content?: string,
): Observation | undefined {
  if (!read || !pointsAdded || (written && written.at <= read.at)) return written;
  const ids = [...read.ids];
  const counters = read.ids.map((id) => read.seen.get(id)!.counters);
  const times = read.ids.map(() => read.at);
  // A read through the cards holds older values' comments and stars: at their own time.
  const stars = read.ids.map((id) => read.seen.get(id)!.starsAt ?? read.at);
  // Papers the read showed without a count (cards) are in no count it observed, yet the record is
  // what names a paper only this run saw for the runs after it: they keep the counters written, at
  // the time they were observed. One observed after the read (a newer read's point, taken in before
  // its summary landed) cannot be dated in an observation at the read's time: it counts as known to
  // no read (0). That newer read's own values and record hold it at its time; dated at this read's,
  // a fold would put it in the history as a point no read made.
  for (const id of uncounted) {
    const i = written?.ids.indexOf(id) ?? -1;
    if (i < 0 || ids.includes(id)) continue;
    ids.push(id);
    counters.push(written!.counters[i]!);
    const t = countedSeenAt(written!, i);
    times.push(t < read.at ? t : 0);
    stars.push(Math.min(starsSeenAt(written!, i), times.at(-1)!));
  }
  return {
    date,
    at: read.at,
    ids,
    counters,
    ...(content ? { content } : {}),
    ...countedTime(times, read.at),
    ...starsTime(stars, times, read.at),
  };
}

/**
 * The observations whose points the history takes: those the summary does not include
 * (`missing`), and, when there is one, every other too. Overlapping runs' writes interleave
 * key by key, so a run the summary names may have had its history write undone by one it does
 * not name (which read the history before that write): a run left out of the summary is the
 * sign of such an overlap, and its merge puts back the points of all of them. Points the
 * history holds stay as they are (a union), so this writes only what was lost.
 * Without one, the own reads of the runs it names (an observation at its run's own second) within
 * the dense window: two runs the summary names undo each other's points too. An older read, stamped
 * before a newer one whose summary it took in, writes its own point and a summary naming both, and
 * the newer run's history, read before that point was written, lands over it; no run is left out,
 * and the point would be lost. Past the dense window, points are thinned out by design, and one put
 * back would be thinned out again by the next run.
 */
export function pointsToMerge<T extends { runId: string; observation: Observation }>(
  all: T[],
  missing: T[],
  date: IsoDate,
): T[] {
  if (missing.length) return all;
  const denseUntil = listedAtOf(date) + DENSE_FOR_S;
  return all.filter(
    (o) => Math.floor(runStartOf(o.runId) / 1000) === o.observation.at && o.observation.at <= denseUntil,
  );
}

/**
 * The history with each observation's upvotes of the day's papers (`listed`) added as a
 * point at its time (a union: older points stay). One count a second: an observation made at
 * its run's own second (its read, as the fresh read is) is what was read then, and its count
 * replaces another held there; any other observation's count at a second already held stays
 * out. That other count was handed on from older values (a summary said to be observed when the
 * newest of its counters were, another paper's point), and beside the read's own point the
 * series would not validate. A paper an observation names with an older time of its own (counted_at:
 * the run kept it without counting it) gets no point from it: that count is older values', and at
 * the observation's time it would be a point no read made.
 */
export function observeAll(
  history: DayHistory,
  fresh: { at: number; ids: string[]; seen: Map<string, ReadCounters> } | undefined,
  observed: { runId: string; observation: Observation }[],
  listed: Set<string>,
  now?: number,
): DayHistory {
  let h = history;
  for (const { runId, observation: o } of [...observed].sort((a, b) => a.observation.at - b.observation.at))
    h = withObservation(
      h,
      o.at,
      new Map(
        o.ids.flatMap((id, i) =>
          listed.has(id) && countedSeenAt(o, i) >= o.at ? [[id, o.counters[i]!] as const] : [],
        ),
      ),
      Math.floor(runStartOf(runId) / 1000) === o.at,
      o.stars_at && new Map(o.ids.map((id, i) => [id, starsSeenAt(o, i)])),
      now,
    );
  if (fresh)
    h = withObservation(
      h,
      fresh.at,
      new Map(fresh.ids.map((id) => [id, fresh.seen.get(id)!.counters])),
      true,
      new Map(fresh.ids.map((id) => [id, fresh.seen.get(id)!.starsAt ?? fresh.at])),
      now,
    );
  return h;
}

/**
 * The history with other runs' points (`points`) and the fresh read's (`read`) merged in the order
 * they were read: those made up to the read first, then the read, then those made after it (a read
 * settling late, after a newer run's). Each point weighs the count before it: a newer read that found
 * the count as it stood before the read (a vote taken back, then given again) adds no point where it
 * is merged before the read, and the read's lower count would stand as the newest; the same of the
 * comments and stars, which take the later of two reads. `readAdded`: the read added points.
 */
export function withRead(
  history: DayHistory,
  read: { at: number; ids: string[]; seen: Map<string, ReadCounters> } | undefined,
  points: { runId: string; observation: Observation }[],
  listed: Set<string>,
  now: number,
): { nextHistory: DayHistory; readAdded: boolean } {
  const after = read ? points.filter((o) => o.observation.at > read.at) : [];
  const before = after.length ? points.filter((o) => !after.includes(o)) : points;
  const merged = observeAll(history, undefined, before, listed, now);
  const withIt = observeAll(merged, read, [], listed, now);
  return {
    nextHistory: after.length ? observeAll(withIt, undefined, after, listed, now) : withIt,
    readAdded: withIt !== merged,
  };
}

/** The history of the listed papers alone (the same object when it names no other). */
export function onlyListed(history: DayHistory, listed: Set<string>): DayHistory {
  if ([...history.papers.keys()].every((id) => listed.has(id))) return history;
  return { ...history, papers: new Map([...history.papers].filter(([id]) => listed.has(id))) };
}

/** Observations as reads of their content: each at the time it says its content was read. */
export const contentReads = (observed: { observation: Observation }[]) =>
  observed.map((o) => ({ observation: { ...o.observation, at: contentSeenAt(o.observation) } }));

/**
 * A written summary's content time, for the observation made from it: a run folding that observation
 * (the summary undone) would otherwise date the content it names at the counters' time.
 */
export const contentTime = (s: Summary): Pick<Observation, "content_at"> => {
  const t = seconds(contentReadAt(s));
  return t > 0 && t < seconds(s.observed_at) ? { content_at: t } : {};
};

/**
 * Per-paper counter times for an observation at `at` (unix seconds): written only where some paper's
 * counters were observed before it (a paper the read kept without counting it).
 */
export const countedTime = (times: number[], at: number): Pick<Observation, "counted_at"> =>
  times.some((t) => t < at) ? { counted_at: times.map((t) => Math.min(t, at)) } : {};

/**
 * Per-paper times of comments and stars for an observation at `at`, beside the papers' counter times
 * (`counted`): written only where some paper's were observed before its counters (a card's, taken
 * from stored values).
 */
export function starsTime(stars: number[], counted: number[], at: number): Pick<Observation, "stars_at"> {
  const times = stars.map((t, i) => Math.min(t, counted[i]!, at));
  return times.some((t, i) => t < Math.min(counted[i]!, at)) ? { stars_at: times } : {};
}

/**
 * When a summary's counters were observed: the newest of the observations it is made from
 * (not the time of the run that merged them), so that a fresh read made in between still
 * counts as newer; a stored time past the run's by more than a day counts as the run's
 * (notAfter). `seenAt` is the newest time among the counters taken from other values (a
 * history point the repair pass found newer than the summary): without it the summary, and
 * the run record made from it, would hand those counts on as observed at the older time.
 */
export function observedAt(
  summary: Pick<Summary, "observed_at"> | null,
  freshAt: number,
  observed: { observation: Observation }[],
  now: number,
  seenAt = 0,
): string | undefined {
  const newest = Math.max(
    notAfter(seconds(summary?.observed_at ?? ""), now),
    freshAt,
    notAfter(seenAt, now),
    ...observed.map((o) => notAfter(o.observation.at, now)),
  );
  return newest > 0 ? new Date(newest * 1000).toISOString() : undefined;
}

/**
 * The counters of the day's papers (`ids`), the newest some value knows of each, and when each was
 * observed; `counted`, the fresh papers this read counted.
 */
export function countersOfDay(
  { r, at, summary, record, fresh, observed }: DayState,
  storedHistory: StoredHistory | null,
  ids: string[],
) {
  // A count a card did not show was not observed now: the newest one some value knows stands.
  const counted = new Map([...fresh].filter(([id]) => !r.fresh?.unknownUpvotes?.has(id)));
  const seen = countersSeen(summary, storedHistory, record, counted, observed, at);
  const counters = ids.map((id) => seen.get(id)?.counters ?? { upvotes: 0 });
  // When each was observed: a paper kept without a count from this read holds older values' (0 where
  // none knows one), which the summary and the run record say apart from this read's time.
  const countedAt = ids.map((id) => seen.get(id)?.at ?? 0);
  // And their comments and stars, which a read through the cards did not show.
  const starsAt = ids.map((id) => {
    const s = seen.get(id);
    return s ? starsTimeOf(s) : 0;
  });
  // The counters may come from values newer than the summary (the history's newest points: a run
  // whose summary has not landed, or was undone): the summary says they were observed when the
  // newest of them was. Every paper's counters are weighed against the history for that reason
  // (countersSeen): one the summary lists keeps no older count under that newer time.
  const newestSeen = Math.max(0, ...ids.map((id) => seen.get(id)?.at ?? 0));
  return { counted, counters, countedAt, starsAt, newestSeen };
}

/**
 * The day's history as this run leaves it: the points of other runs' observations and this read's
 * (`read`) merged (withRead); whether the read added points (`readAdded`), and whether it is written.
 */
export function nextHistoryOf(
  r: SettleRequest,
  summary: StoredSummary | null,
  {
    history,
    storedHistory,
    historyStored,
  }: { history: DayHistory; storedHistory: StoredHistory | null; historyStored: boolean },
  points: { runId: string; observation: Observation }[],
  counted: FreshPapers,
  ids: string[],
) {
  const at = Math.floor(r.now / 1000);
  const seeded = r.check && summary?.observed_at ? seededHistory(summary, history, at) : history;
  // Only the papers the day lists get points: one the cap left out would grow the history
  // unbounded. The repair pass drops the points of papers the day does not list.
  const kept = new Set(ids);
  const read = counted.size
    ? { at, ids: [...counted.keys()].filter((id) => kept.has(id)), seen: counted }
    : undefined;
  const { nextHistory, readAdded } = withRead(
    r.check ? onlyListed(seeded, kept) : seeded,
    read,
    points,
    kept,
    at,
  );
  const historyMoved =
    nextHistory !== history ||
    (r.check &&
      historyStored &&
      (storedHistory?.version !== HISTORY_VERSION || (storedHistory?.damaged ?? 0) > 0));
  return { read, readAdded, nextHistory, historyMoved };
}

/**
 * The repair pass gives a paper the history lost (or never had) the summary's counters, as
 * observed when the summary says: a true observation, never a new one. A time more than a day
 * past the run counts as the run's (notAfter): a point a year ahead would stay the series' newest.
 * A paper the summary kept without counting it is given its counters at its own time (counted_at),
 * none where no read counted it.
 */
function seededHistory(summary: StoredSummary, history: DayHistory, at: number): DayHistory {
  const byTime = new Map<number, Map<string, Counters>>();
  const countedAt = countedTimes(summary);
  const starsOf = starsTimes(summary);
  const starsAt = new Map<string, number>();
  for (const [i, id] of summary.ids.entries()) {
    const t = countedAt(i);
    if (history.papers.has(id) || t <= 0) continue;
    const when = notAfter(t, at);
    if (!byTime.has(when)) byTime.set(when, new Map());
    byTime.get(when)!.set(id, summary.counters[i]!);
    starsAt.set(id, Math.min(starsOf(i), when));
  }
  let seeded = history;
  for (const [when, seen] of [...byTime].sort(([a], [b]) => a - b))
    seeded = withObservation(seeded, when, seen, false, starsAt, at);
  return seeded;
}
