// Upvote history, one key per listed day (keys.history): for each paper, the times its count
// changed and the count from then on. List answers never read it, except `sort=rising`; a
// paper's own answer and page show it whole. Bounded: every change in the first 48 hours
// after listing, then at most one point every 6 hours, and at most 40 points a paper.
import type { HistoryPoint, IsoDate } from "../core/paper";
import { keys } from "./keys";
import { asciiJson, getTexts, parseStored, readJson } from "./kvJson";

export type { HistoryPoint };

export interface DayHistory {
  v: 1;
  date: IsoDate;
  papers: Record<string, HistoryPoint[]>;
}

const HOUR = 3600;
/** Every change is kept this long after the day was listed. */
export const DENSE_FOR_S = 48 * HOUR;
/** After that, at most one point per this long. */
export const SPARSE_EVERY_S = 6 * HOUR;
/** And at most this many points a paper. */
export const MAX_POINTS = 40;
/** What `sort=rising` counts: upvotes gained over this long. */
export const GAIN_WINDOW_S = 24 * HOUR;

const asHistory = (raw: unknown, date: IsoDate): DayHistory | null => {
  const h = raw as Partial<DayHistory> | null | undefined;
  return h && h.v === 1 && h.date === date && h.papers && typeof h.papers === "object"
    ? (h as DayHistory)
    : null;
};

export async function getHistory(kv: KVNamespace, date: IsoDate): Promise<DayHistory | null> {
  return asHistory(await readJson(kv, keys.history(date)), date);
}

export async function getHistories(kv: KVNamespace, dates: IsoDate[]): Promise<Map<IsoDate, DayHistory>> {
  const texts = await getTexts(kv, dates.map(keys.history));
  const out = new Map<IsoDate, DayHistory>();
  for (const d of dates) {
    const h = asHistory(parseStored(texts.get(keys.history(d)) ?? null, keys.history(d)), d);
    if (h) out.set(d, h);
  }
  return out;
}

/** Adds a point to a paper's series, keeping the series within its bounds. */
export function addPoint(series: HistoryPoint[], point: HistoryPoint, listedAt: number): HistoryPoint[] {
  const last = series.at(-1);
  if (last && last[1] === point[1]) return series; // no change, no point
  let out = [...series];
  // Past the dense window, a point less than SPARSE_EVERY_S after the previous one replaces it.
  if (last && point[0] - listedAt > DENSE_FOR_S && point[0] - last[0] < SPARSE_EVERY_S && out.length > 1)
    out = out.slice(0, -1);
  out.push(point);
  // Over the cap: drop the oldest points after the first (the count when first seen).
  while (out.length > MAX_POINTS) out.splice(1, 1);
  return out;
}

/**
 * Records the day's current upvotes at `now`. Returns whether anything was written: only
 * papers whose count changed (or that are new) get a point.
 */
export async function recordUpvotes(
  kv: KVNamespace,
  date: IsoDate,
  votes: Map<string, number>,
  now: Date,
): Promise<boolean> {
  const history = (await getHistory(kv, date)) ?? { v: 1, date, papers: {} };
  const t = Math.floor(now.getTime() / 1000);
  const listedAt = Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000);
  let changed = false;
  for (const [id, count] of votes) {
    const before = history.papers[id] ?? [];
    const after = addPoint(before, [t, count], listedAt);
    if (after !== before) {
      history.papers[id] = after;
      changed = true;
    }
  }
  if (changed) await kv.put(keys.history(date), asciiJson(history));
  return changed;
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
