// Which counters of a paper are the newest: each value that holds counters says when they
// were observed, and the most recently observed win, so no counter moves backwards when
// one value is rebuilt from the others.
import { stampedByNoRun } from "../core/dates";
import type { Counters } from "../core/paper";
import { countedSeenAt, starsSeenAt } from "./values/countedTimes";
import type { StoredDay } from "./values/dayRecord";
import { type DayHistory, latestCounters } from "./values/history";
// Type only: runRecord.ts reaches this module through paperRecord.ts, and a cycle of module values
// would evaluate one of them before the other has its constants.
import type { Observation } from "./values/runRecord";
import { countedTimes, type StoredSummary, starsTimes } from "./values/summary";

/**
 * Counters, and when they were observed (unix seconds): the upvotes at `at`, the comments and stars
 * at `starsAt` where that differs (a read through the cards shows upvotes alone; the history's
 * newest point is when the upvotes last moved, and stars that moved after it are later).
 */
export type Seen = { counters: Counters; at: number; starsAt?: number };

/** When a value's comments and stars were observed. */
export const starsTimeOf = (s: Seen) => s.starsAt ?? s.at;

/**
 * A stored time (unix seconds), or the run's when it is more than a day after it: damaged,
 * not observed. Within a day it stands, since a run's time is its schedule's, which can be
 * behind another run's clock (an admin run's).
 */
export const notAfter = (t: number, now: number) => (stampedByNoRun(t, now) ? now : t);

/** Unix seconds of an ISO time; 0 for none. */
export const seconds = (iso: string) => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);

export const sameCounters = (a: Counters | undefined, b: Counters) =>
  !!a && a.upvotes === b.upvotes && a.num_comments === b.num_comments && a.github_stars === b.github_stars;

/**
 * Whether a read that found a day's counters as the summary held them, and so wrote nothing of
 * the day (a run record's `confirmed`), says more than the summary now (`at`: the run's time, unix
 * seconds): it was made after the summary's counters were observed, and some differ. A run stamped
 * before it, which read the day before the counts fell back, can write its older counts after it
 * (runs overlap, KV has no transactions), and only the reader's record holds the newer ones. A
 * read that says nothing more is not merged: merging it would write the summary again after every
 * read that changed nothing. A time more than a day after the run's was observed by no run.
 */
export function confirmedNewer(o: Observation, summary: StoredSummary | null, at: number): boolean {
  if (stampedByNoRun(o.at, at)) return false;
  if (!summary) return true;
  // Weighed paper by paper where the summary keeps a paper's own time (counted_at): one it kept without
  // counting it holds an older count, which a read made before the summary's newest still says more than.
  const observedAt = notAfter(seconds(summary.observed_at), at);
  const known = new Map(summary.ids.map((id, i) => [id, i]));
  const countedAt = countedTimes(summary);
  const starsAt = starsTimes(summary);
  // Upvotes and the comments and stars each at their own time: a read through the cards holds older
  // values' stars, which say nothing more than a summary's counted after them.
  return o.ids.some((id, i) => {
    const k = known.get(id);
    if (k === undefined) return o.at > observedAt;
    const stored = summary.counters[k]!;
    const read = o.counters[i]!;
    return (
      (o.at > Math.min(observedAt, countedAt(k)) && stored.upvotes !== read.upvotes) ||
      (starsSeenAt(o, i) > Math.min(observedAt, starsAt(k)) &&
        !sameCounters(stored, { ...read, upvotes: stored.upvotes }))
    );
  });
}

/**
 * Whether a read that found a day's counters as stored (a run record's `confirmed`) says more than
 * the counters a run takes from the other values (`seen`, countersSeen of the summary, the fresh read
 * and the observations it merges; `at`, the run's time, unix seconds): it was made after the newest
 * of them and found other counts. A count taken back and given again upstream (an upvote, a star) is
 * read lower by an older read and as stored by a newer one, whose confirmation, weighed against the
 * summary alone (confirmedNewer), says nothing new; left out, the older read's lower count, settled or
 * merged after it, is served until a later run folds the confirmation back. A paper `seen` lacks is
 * left to confirmedNewer.
 */
export function confirmedOverSeen(o: Observation, seen: Map<string, Seen>, at: number): boolean {
  if (stampedByNoRun(o.at, at)) return false;
  return o.ids.some((id, i) => {
    const s = seen.get(id);
    if (!s) return false;
    const read = o.counters[i]!;
    return (
      (countedSeenAt(o, i) > s.at && read.upvotes !== s.counters.upvotes) ||
      (starsSeenAt(o, i) > starsTimeOf(s) && !sameCounters(read, { ...s.counters, upvotes: read.upvotes }))
    );
  });
}

/**
 * The newest counters known for each paper. Sources, each with the time it observed them:
 * the summary, the history's newest point, a version 4 day record's lines (as of its last
 * change), other runs' observations, and the fresh read. On a tie the later source wins, so a
 * fresh read beats what it equals. The history counts for a paper the summary lists too: a run
 * whose history write landed and whose summary did not (or not yet) holds the newest counts there
 * alone, and a summary said to be observed when the newest counters it took were (settle.ts,
 * newestSeen) would otherwise hand an older count on as observed at that run's time, which the
 * next run merges into the history beside that run's own point, at the same second.
 * A stored time more than a day after the run's (`at`, when there is one) was observed by no
 * run: it counts as older than any other, so its counters stand only for a paper no other
 * value knows. Were it to count as now, a value claiming the year 9999 would beat every
 * value but a fresh read, and a damaged history point could move a summary's counts back.
 */
export function countersSeen(
  summary: StoredSummary | null,
  history: DayHistory | null,
  record: StoredDay | null,
  fresh: Map<string, { counters: Counters; starsAt?: number }>,
  observed: { observation: Observation }[],
  at: number,
): Map<string, Seen> {
  const out = new Map<string, Seen>();
  // Upvotes and the comments and stars are weighed apart, each newest wins: a read through the cards
  // counts upvotes now and holds older values' comments and stars.
  const offer = (id: string, seen: Seen) => {
    const damaged = (t: number) => at > 0 && stampedByNoRun(t, at);
    const upvotesAt = damaged(seen.at) ? 0 : seen.at;
    // Not capped at the upvotes' time: the history keeps stars a read found moved, with the upvotes
    // not, after its newest point, and where it alone holds them they are the newest.
    const starsAt = damaged(starsTimeOf(seen)) || upvotesAt === 0 ? 0 : starsTimeOf(seen);
    const s: Seen = { counters: seen.counters, at: upvotesAt, starsAt };
    const known = out.get(id);
    if (!known) return void out.set(id, s);
    const upvotes = s.at >= known.at ? s : known;
    const stars = s.starsAt! >= known.starsAt! ? s : known;
    out.set(id, {
      counters: withStarsOf(upvotes.counters, stars.counters),
      at: upvotes.at,
      starsAt: stars.starsAt!,
    });
  };
  if (record)
    for (const [id, counters] of record.counters) offer(id, { counters, at: seconds(record.updated_at) });
  if (history) for (const [id, s] of latestCounters(history)) offer(id, s);
  // Each paper at its own time where the value keeps one (counted_at): a paper a read kept without
  // counting it holds older values' counters.
  if (summary) {
    const countedAt = countedTimes(summary);
    const starsAt = starsTimes(summary);
    for (const [i, id] of summary.ids.entries())
      offer(id, { counters: summary.counters[i]!, at: countedAt(i), starsAt: starsAt(i) });
  }
  for (const { observation: o } of observed)
    for (const [i, id] of o.ids.entries())
      offer(id, { counters: o.counters[i]!, at: countedSeenAt(o, i), starsAt: starsSeenAt(o, i) });
  for (const [id, f] of fresh) offer(id, { counters: f.counters, at, starsAt: f.starsAt ?? at });
  return out;
}

/** `upvotes`' upvotes with the comments and stars of `stars` (the same object where they agree). */
function withStarsOf(upvotes: Counters, stars: Counters): Counters {
  if (upvotes === stars || sameCounters(stars, { ...upvotes, upvotes: stars.upvotes })) return upvotes;
  const out: Counters = { upvotes: upvotes.upvotes };
  if (stars.num_comments !== undefined) out.num_comments = stars.num_comments;
  if (stars.github_stars !== undefined) out.github_stars = stars.github_stars;
  return out;
}
