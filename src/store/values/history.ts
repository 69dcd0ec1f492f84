// hist:D, the day's counters over time: for each paper, its upvote count each time it
// changed, with the time, and its latest comment and star counts (with when they were
// observed, where that is not its newest point: a card shows upvotes alone, and a read that found
// the stars moved and the upvotes not adds no point). List answers never read
// it except `sort=rising`; a paper's own answer and page show it whole. Bounded: every
// change in the first 48 hours after listing, then at most one point every 6 hours, and at
// most 40 points a paper. Points are merged as a union, so two runs that both write it lose
// no point once a later run has merged their run records (store/runs.ts); a second holds one
// count, the one read then (addPoint).
import { FIRST_LIST_DAY, stampedByNoRun } from "../../core/dates";
import { ARXIV_ID_RE, type Counters, type HistoryPoint, type IsoDate, LIMITS } from "../../core/paper";
import { asciiJson } from "../ascii";
import { logInvalid, parseStored } from "../kv";

export type { HistoryPoint };

export const historyKey = (date: IsoDate) => `hist:${date}`;
/** 300 papers of 40 points: under 400 KB. */
export const HISTORY_MAX_BYTES = 512 * 1024;

/**
 * Version 3 writes each paper's upvote series as one string, "t:n,t:n" (unix seconds and
 * upvotes, oldest first), where version 2 wrote an array a point: parsing ten days of
 * histories makes 500 strings instead of 20,000 arrays (a tenth of the time in V8), and
 * `sort=rising` reads only each series' newest points. Versions 1 (upvote points only) and 2
 * (comments and stars beside them) are still read; a series is read in either form.
 */
export const HISTORY_VERSION = 3;
const ACCEPTED_VERSIONS = new Set([1, 2, 3]);

const HOUR = 3600;
/** Every change is kept this long after the day was listed. */
export const DENSE_FOR_S = 48 * HOUR;
/** After that, at most one point per this long. */
export const SPARSE_EVERY_S = 6 * HOUR;
/** And at most this many points a paper. */
export const MAX_POINTS = 40;
/** What `sort=rising` counts: upvotes gained over this long. */
export const GAIN_WINDOW_S = 24 * HOUR;

/** One paper's counters over time. */
export interface PaperHistory {
  /** Upvote counts, oldest first: [unix seconds, upvotes from then on]. */
  points: HistoryPoint[];
  num_comments?: number;
  github_stars?: number;
  /**
   * When the comments and stars were observed (unix seconds; 0: by no read), where not at the newest
   * point (absent: then). A read through the cards adds an upvote point and shows no comments or
   * stars: those kept beside its point are older, and dated at it they would win over a slower,
   * older read's newer ones. A read that found the stars moved and the upvotes not adds no point:
   * its stars are newer than the newest point, and dated at it they would lose to an older read's
   * made after that point and settled after them.
   */
  stars_at?: number;
}

export interface DayHistory {
  date: IsoDate;
  papers: Map<string, PaperHistory>;
}

/** A history read back, and how many of its points or papers did not validate (each hid only itself). */
export interface StoredHistory extends DayHistory {
  version: number;
  damaged: number;
}

export const emptyHistory = (date: IsoDate): DayHistory => ({ date, papers: new Map() });

const encodeSeries = (points: HistoryPoint[]) => points.map(([t, n]) => `${t}:${n}`).join(",");

/**
 * A series' text as encodeSeries would write it, for the arrays read from one as a run reads a
 * history (HistoryView.whole) and those addPoint made from them by appending: a run rewrites
 * the day's history for every point it adds, and writing each of some 2,000 points again as
 * text was a twentieth of its CPU (npm run bench:profile -- cron:newest). Arrays are never
 * changed in place here: addPoint and the readers make new ones.
 */
const seriesText = new WeakMap<HistoryPoint[], string>();
/** A number written with a leading zero: parsed alike, but not as encodeSeries writes it. */
const LEADING_ZERO = /(?:^|[:,])0\d/;

export function encodeHistory(h: DayHistory): string {
  const papers: Record<string, { u: string; c?: number; s?: number; t?: number }> = {};
  for (const [id, p] of h.papers) {
    papers[id] = { u: seriesText.get(p.points) ?? encodeSeries(p.points) };
    if (p.num_comments !== undefined) papers[id].c = p.num_comments;
    if (p.github_stars !== undefined) papers[id].s = p.github_stars;
    if (p.stars_at !== undefined && p.stars_at !== p.points.at(-1)?.[0]) papers[id].t = p.stars_at;
  }
  return asciiJson({ v: HISTORY_VERSION, date: h.date, papers });
}

/** No point can be older than the first list, nor past the year 9999 (what Date can show). */
const EARLIEST = Date.parse(`${FIRST_LIST_DAY}T00:00:00Z`) / 1000;
const LATEST = Date.parse("9999-12-31T00:00:00Z") / 1000;

const count = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= LIMITS.count;
const isPoint = (p: unknown): p is HistoryPoint =>
  Array.isArray(p) &&
  p.length === 2 &&
  Number.isSafeInteger(p[0]) &&
  p[0] >= EARLIEST &&
  p[0] <= LATEST &&
  count(p[1]);

/**
 * A paper's entry as parsed: its series as written (a string, or an array of points), counts, and
 * when the counts were observed where before the newest point (`t`).
 */
interface RawPaper {
  u: unknown;
  c?: unknown;
  s?: unknown;
  t?: unknown;
}

/**
 * A history read back, checked a paper at a time when that paper is asked for: an answer
 * that needs ten days' gains or one paper's series does not check the points of every
 * paper. A point, a paper's series or a paper's id that does not validate is left out and
 * counted in `damaged` (each hid only itself) once it has been checked.
 */
export class HistoryView {
  /** Points or papers found not to validate so far (`whole()` checks every paper). */
  damaged: number;
  private readonly checked = new Map<string, PaperHistory | null>();
  private newest: number | undefined;

  constructor(
    readonly date: IsoDate,
    readonly version: number,
    /** The papers within the day's cap, by id (ids checked). */
    private readonly raw: Map<string, RawPaper>,
    /** Papers left out as they were read: a bad id or entry, or past the cap. */
    damaged: number,
    /** Told (beside the log) the first time something does not validate. */
    private readonly onDamage: () => void = () => {},
  ) {
    this.damaged = 0;
    this.noteDamage(damaged);
  }

  /** One paper's counters over time, checked; undefined when the day has none for it. */
  paper(id: string): PaperHistory | undefined {
    return this.check(id, false);
  }

  /** With `keepText`, a series read whole is remembered with its text, for writing it back (encodeHistory). */
  private check(id: string, keepText: boolean): PaperHistory | undefined {
    let p = this.checked.get(id);
    if (p === undefined) {
      const raw = this.raw.get(id);
      if (!raw) return undefined;
      const { points, damaged } = checkSeries(raw.u, keepText);
      p = points && { points };
      if (p && count(raw.c)) p.num_comments = raw.c;
      if (p && count(raw.s)) p.github_stars = raw.s;
      // A time as points have (or 0), not the newest point's, as written; anything else reads as
      // absent (at that point), as before. One past the run's by more than a day is weighed as
      // observed by no read where the history takes a read (withObservation).
      const newest = p?.points.at(-1)?.[0];
      if (
        p &&
        newest !== undefined &&
        Number.isSafeInteger(raw.t) &&
        (raw.t as number) >= 0 &&
        (raw.t as number) <= LATEST &&
        raw.t !== newest
      )
        p.stars_at = raw.t as number;
      this.checked.set(id, p);
      this.noteDamage(damaged + (points ? 0 : 1));
    }
    return p ?? undefined;
  }

  series = (id: string): HistoryPoint[] | undefined => this.paper(id)?.points;

  /** The time of the newest point of any paper (0 when there is none). */
  newestTime(): number {
    if (this.newest === undefined) {
      this.newest = 0;
      for (const id of this.raw.keys())
        this.newest = Math.max(this.newest, this.tail(id, Infinity)?.at(-1)?.[0] ?? 0);
    }
    return this.newest;
  }

  /** Upvotes a paper gained over the `windowS` before `now` (gainedSince), from its newest points. */
  gainedSince(id: string, now: number, windowS = GAIN_WINDOW_S): number {
    return gainedSince(this.tail(id, now - windowS), now, windowS);
  }

  /** Every paper checked: the history as the runs and the repair pass use it. */
  whole(): StoredHistory {
    const papers = new Map<string, PaperHistory>();
    for (const id of this.raw.keys()) {
      const p = this.check(id, true);
      if (p) papers.set(id, p);
    }
    return { version: this.version, date: this.date, papers, damaged: this.damaged };
  }

  /**
   * A paper's newest points, oldest first, back to the newest one at or before `since` (all
   * of them when none is): what a gain over a window after `since` depends on. Read from the
   * end of a series written as a string, each point checked; the whole series checked instead
   * when a point read does not validate, is out of order, or the series is over the cap
   * (which the whole check applies). The points before are not read: they are trusted to be
   * in order, as encodeHistory writes them (a series that is not counts as damaged, so the
   * repair pass writes it again in order).
   */
  private tail(id: string, since: number): HistoryPoint[] | undefined {
    const u = this.raw.get(id)?.u;
    if (typeof u !== "string" || this.checked.has(id)) return this.series(id);
    const out: HistoryPoint[] = [];
    for (let end = u.length; end > 0; ) {
      const start = u.lastIndexOf(",", end - 1) + 1;
      const p = pointOf(u.slice(start, end));
      if (!p || (out.length > 0 && p[0] >= out.at(-1)![0]) || (out.length === MAX_POINTS - 1 && start > 0))
        return this.series(id);
      out.push(p);
      if (p[0] <= since) break;
      end = start - 1;
    }
    return out.reverse();
  }

  private noteDamage(n: number): void {
    if (!n) return;
    if (!this.damaged) {
      logInvalid(historyKey(this.date), "points or papers do not validate");
      this.onDamage();
    }
    this.damaged += n;
  }
}

/**
 * A history's JSON and head, checked; its papers checked when asked for (HistoryView). Null
 * (logged) for what is not a history of this day at all.
 */
export function readHistory(text: string, date: IsoDate, onDamage?: () => void): HistoryView | null {
  const key = historyKey(date);
  const raw = parseStored(text, key) as { v?: unknown; date?: unknown; papers?: unknown } | undefined;
  if (raw === undefined) return null;
  const papers = raw?.papers;
  if (
    !raw ||
    raw.date !== date ||
    typeof raw.v !== "number" ||
    !ACCEPTED_VERSIONS.has(raw.v) ||
    !papers ||
    typeof papers !== "object"
  ) {
    logInvalid(key, "not a history of an accepted version");
    return null;
  }
  const kept = new Map<string, RawPaper>();
  let damaged = 0;
  for (const [id, entry] of Object.entries(papers as Record<string, unknown>)) {
    const e = (raw.v === 1 ? { u: entry } : entry) as RawPaper | null;
    if (!ARXIV_ID_RE.test(id) || !e || typeof e !== "object" || kept.size >= LIMITS.papersPerDay) damaged++;
    else kept.set(id, e);
  }
  return new HistoryView(date, raw.v, kept, damaged, onDamage);
}

/** A history read back with every paper checked; null (logged) for what is not a history of this day. */
export function decodeHistory(text: string, date: IsoDate): StoredHistory | null {
  return readHistory(text, date)?.whole() ?? null;
}

/**
 * The points of a series as version 3 writes it ("t:n,t:n": digits, a colon, digits, one comma
 * apart), unchecked; null when it is not in that form. By hand, one pass over the characters:
 * split, slice and Number took three times as long, and JSON.parse of arrays twice.
 */
function parseSeries(u: string): HistoryPoint[] | null {
  const out: HistoryPoint[] = [];
  if (u === "") return out;
  let time = 0;
  let n = 0;
  let digits = 0;
  let inTime = true;
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      continue;
    }
    if (digits === 0 || c !== (inTime ? 58 : 44)) return null;
    if (inTime) time = n;
    else out.push([time, n]);
    inTime = !inTime;
    n = 0;
    digits = 0;
  }
  if (inTime || digits === 0) return null;
  out.push([time, n]);
  return out;
}

/** One point as version 3 writes it, checked; null when it does not validate. */
function pointOf(text: string): HistoryPoint | null {
  const p = parseSeries(text);
  return p?.length === 1 && isPoint(p[0]) ? p[0] : null;
}

/**
 * A series as written (a string, or an array of points), checked: points that do not
 * validate are left out and counted; null for what is not a series at all. Points are put
 * in order of time and, past the cap, the first point (the count when first seen) and the
 * newest are kept, as addPoint keeps them.
 */
function checkSeries(u: unknown, keepText = false): { points: HistoryPoint[] | null; damaged: number } {
  let read: unknown[];
  let wellFormed: HistoryPoint[];
  /** The text, when it is to be kept and every point of it parsed and validates. */
  let asText: string | undefined;
  if (typeof u === "string") {
    const whole = parseSeries(u);
    // Not in the written form: read piece by piece, each piece that is not a point one damaged point.
    read = whole ?? u.split(",").map(pointOf);
    if (whole?.every(isPoint) === true) {
      wellFormed = whole;
      if (keepText) asText = u;
    } else
      wellFormed = (read as (HistoryPoint | null)[]).filter(
        (p): p is HistoryPoint => p !== null && isPoint(p),
      );
  } else if (Array.isArray(u)) {
    read = u;
    // As written (every point valid), the series is taken as parsed: no copy.
    wellFormed = u.every(isPoint) ? (u as HistoryPoint[]) : u.filter(isPoint);
  } else return { points: null, damaged: 0 };
  // A series with something but no point in it is no series: its paper is hidden, so the repair
  // pass gives it the summary's counters again.
  if (read.length > 0 && wellFormed.length === 0) return { points: null, damaged: read.length };
  const inTime = rising(wellFormed);
  const valid = inTime ? wellFormed : inOrder(wellFormed);
  const points = valid.length > MAX_POINTS ? [valid[0]!, ...valid.slice(1 - MAX_POINTS)] : valid;
  // Read whole and written as encodeSeries writes it: the text can be written back as it is.
  if (asText !== undefined && points === wellFormed && inTime && !LEADING_ZERO.test(asText))
    seriesText.set(points, asText);
  // Points left out (bad, repeated, two counts at one second, past the cap) count as damage, and so
  // does an order the repair pass must restore: a gain reads only a series' newest points
  // (HistoryView.tail), trusting it.
  return { points, damaged: read.length - points.length + (inTime ? 0 : 1) };
}

/** Whether each point is later than the one before: a series as encodeHistory writes it. */
function rising(points: HistoryPoint[]): boolean {
  for (let i = 1; i < points.length; i++) if (points[i]![0] <= points[i - 1]![0]) return false;
  return true;
}

/**
 * Points by time, without repeats. A second holding two counts (written by a release that merged
 * a count handed on from an older read beside a read's own) holds no point: which is the read's
 * is not written, so both are left out as damaged, and the runs' records put the read's back.
 */
function inOrder(points: HistoryPoint[]): HistoryPoint[] {
  const sorted = points.map((p) => [p[0], p[1]] as HistoryPoint).sort((a, b) => a[0] - b[0]);
  const counts = new Map<number, number | null>();
  for (const [t, n] of sorted) counts.set(t, counts.has(t) && counts.get(t) !== n ? null : n);
  return sorted.filter((p, i) => counts.get(p[0]) !== null && (i === 0 || sorted[i - 1]![0] !== p[0]));
}

/**
 * Adds a point to a paper's series, keeping the series within its bounds. A series has one count
 * a second: `own`, the point is a read made at that second, whose count replaces another held
 * there; else a count held at that second stays (a union), and this one does not go in beside it.
 */
export function addPoint(
  series: HistoryPoint[],
  point: HistoryPoint,
  listedAt: number,
  own = false,
): HistoryPoint[] {
  // A point after every other, as each run's is: no search for where it goes.
  const latest = series.at(-1);
  if (latest && latest[0] >= point[0]) {
    const held = series.findIndex(([t]) => t === point[0]);
    if (held >= 0)
      return series[held]![1] === point[1] || !own
        ? series
        : addPoint(
            series.filter((_, i) => i !== held),
            point,
            listedAt,
          );
  }
  const before = !latest || latest[0] < point[0] ? series : series.filter(([t]) => t <= point[0]);
  const after = before === series ? [] : series.filter(([t]) => t > point[0]);
  // The count was already this just before: no change, no point.
  if (before.at(-1)?.[1] === point[1]) return series;
  let out = [...before];
  const last = out.at(-1);
  // Past the dense window, a point less than SPARSE_EVERY_S after the previous one replaces it.
  if (last && point[0] - listedAt > DENSE_FOR_S && point[0] - last[0] < SPARSE_EVERY_S && out.length > 1)
    out = out.slice(0, -1);
  out.push(point, ...after);
  // Over the cap: drop the oldest points after the first (the count when first seen).
  while (out.length > MAX_POINTS) out.splice(1, 1);
  noteAppended(series, out);
  return out;
}

/**
 * The text of `out` when it is `series` (whose text is known) with a new point at its end,
 * less its second point (the cap) or its last (a sparse point replaced), as addPoint makes it:
 * the known text with those points cut out, and the new one. Any other change is written
 * again in full.
 */
function noteAppended(series: HistoryPoint[], out: HistoryPoint[]): void {
  const text = seriesText.get(series);
  const k = out.length - 1;
  if (text === undefined || k < 0) return;
  let j = 0;
  let droppedSecond = false;
  for (let i = 0; i < k; i++, j++) {
    if (out[i] === series[j]) continue;
    if (j !== 1 || droppedSecond || out[i] !== series[2]) return;
    droppedSecond = true;
    j++;
  }
  if (j < series.length - 1) return;
  let kept = j === series.length ? text : text.slice(0, Math.max(0, text.lastIndexOf(",")));
  if (droppedSecond) {
    const first = kept.indexOf(",");
    const second = kept.indexOf(",", first + 1);
    kept = second < 0 ? kept.slice(0, first) : kept.slice(0, first) + kept.slice(second);
  }
  const [t, n] = out[k]!;
  seriesText.set(out, kept ? `${kept},${t}:${n}` : `${t}:${n}`);
}

/** Unix seconds of midnight UTC of the listed day. */
export const listedAtOf = (date: IsoDate) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000);

/**
 * The history with the counters observed at `at` (unix seconds) added: a point for each
 * paper whose upvotes differ from what the history says at that time, and the comments and stars
 * where they were observed no earlier than those held (`starsAt`, each paper's, where before `at`:
 * a read through the cards keeps older values'). `own`: a read made at `at`, whose counts
 * replace others held at that second (addPoint). `now`, the run's time (unix seconds): comments and
 * stars held as observed more than a day after it were observed by no run (stampedByNoRun), and any
 * observation's replace them, as the summary weighs such a time (counters.ts, countersSeen).
 * Returns the history unchanged (the same object) when nothing is new.
 */
export function withObservation(
  h: DayHistory,
  at: number,
  counters: Map<string, Counters>,
  own = false,
  starsAt?: ReadonlyMap<string, number>,
  now?: number,
): DayHistory {
  const listedAt = listedAtOf(h.date);
  let papers: Map<string, PaperHistory> | undefined;
  for (const [id, c] of counters) {
    const before = h.papers.get(id) ?? { points: [] };
    const points = addPoint(before.points, [at, c.upvotes], listedAt, own);
    const newestPoint = points.at(-1)?.[0] ?? at;
    const seen = Math.min(starsAt?.get(id) ?? at, at);
    const heldAt = heldStarsAt(before);
    const held =
      heldAt !== undefined && now !== undefined && stampedByNoRun(heldAt, now) ? undefined : heldAt;
    const next: PaperHistory = { ...before, points };
    let starsTime = held ?? seen;
    if (held === undefined || seen >= held) {
      // The same comments and stars read again after the newest point keep their time, as the same
      // upvotes add no point: a read that finds nothing new leaves the history as it is.
      const same = c.num_comments === before.num_comments && c.github_stars === before.github_stars;
      starsTime = same && held !== undefined && seen > newestPoint ? Math.max(held, newestPoint) : seen;
      next.num_comments = c.num_comments;
      next.github_stars = c.github_stars;
      if (next.num_comments === undefined) delete next.num_comments;
      if (next.github_stars === undefined) delete next.github_stars;
    }
    // Kept only where not at the newest point, which dates them otherwise: before it (a card's), or
    // after it (a read that found the stars moved and the upvotes not adds no point).
    if (starsTime !== newestPoint) next.stars_at = starsTime;
    else delete next.stars_at;
    if (
      points !== before.points ||
      next.num_comments !== before.num_comments ||
      next.github_stars !== before.github_stars ||
      next.stars_at !== before.stars_at
    ) {
      papers ??= new Map(h.papers);
      papers.set(id, next);
    }
  }
  return papers ? { date: h.date, papers } : h;
}

/** When a paper's comments and stars were observed: their own time, else its newest point's. */
const heldStarsAt = (p: PaperHistory): number | undefined => p.stars_at ?? p.points.at(-1)?.[0];

/**
 * The counters the history says each paper has now: its newest upvote point, comments and stars, and
 * when each were observed.
 */
export function latestCounters(
  h: DayHistory,
): Map<string, { counters: Counters; at: number; starsAt: number }> {
  const out = new Map<string, { counters: Counters; at: number; starsAt: number }>();
  for (const [id, p] of h.papers) {
    const last = p.points.at(-1);
    if (!last) continue;
    const counters: Counters = { upvotes: last[1] };
    if (p.num_comments !== undefined) counters.num_comments = p.num_comments;
    if (p.github_stars !== undefined) counters.github_stars = p.github_stars;
    out.set(id, { counters, at: last[0], starsAt: p.stars_at ?? last[0] });
  }
  return out;
}

/**
 * Upvotes gained over the `windowS` before `now`: the newest count less the count at the
 * window's start (the last point before it, or the first point in it). A paper with no
 * point inside the window gained nothing.
 */
export function gainedSince(
  series: HistoryPoint[] | undefined,
  now: number,
  windowS = GAIN_WINDOW_S,
): number {
  if (!series?.length) return 0;
  const start = now - windowS;
  const inWindow = series.filter(([t]) => t > start && t <= now);
  if (inWindow.length === 0) return 0;
  const before = series.filter(([t]) => t <= start).at(-1);
  const baseline = before ?? inWindow[0]!;
  return Math.max(0, inWindow.at(-1)![1] - baseline[1]);
}

/** A series as ISO times, for answers. */
export const historyAnswer = (series: HistoryPoint[] | undefined): [string, number][] =>
  (series ?? []).map(([t, n]) => [new Date(t * 1000).toISOString(), n]);
