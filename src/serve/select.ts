// Reading the archive: which stored days a query covers, and the papers on them, filtered,
// sorted and paged. One neutral list of papers; the renderers decide how it looks.
import { newest } from "../core/dates";
import type { IsoDate, Paper } from "../core/paper";
import { getDays } from "../store/days";
import type { Index } from "../store/records";
import { type CursorKey, cursorOf, daySpan, type ListQuery, MAX_LIMIT } from "./query";

export interface Selection {
  papers: Paper[];
  /** Papers matching the filters, over all pages. */
  total: number;
  /** The stored days the answer covers, newest first. */
  days: IsoDate[];
  /** When the newest change to any covered day was stored (ISO), if any. */
  updated?: string;
  /** The cursor of the next page, when there is one. */
  next?: CursorKey;
}

export interface SelectOptions {
  /** Stored days to cover when the query names none. */
  defaultDays: number;
  /** One entry per paper (feeds): a paper listed on several days keeps its newest listing. */
  unique?: boolean;
}

const key = (p: Paper): CursorKey => [p.date, p.upvotes, p.id];

/** A total order, so a cursor (the last key of a page) says exactly where the next starts. */
export function compareBy(sort: ListQuery["sort"]): (a: CursorKey, b: CursorKey) => number {
  const byDate = (a: CursorKey, b: CursorKey) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0);
  const byVotes = (a: CursorKey, b: CursorKey) => b[1] - a[1];
  const byId = (a: CursorKey, b: CursorKey) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
  return sort === "upvotes"
    ? (a, b) => byVotes(a, b) || byDate(a, b) || byId(a, b)
    : (a, b) => byDate(a, b) || byVotes(a, b) || byId(a, b);
}

function matches(p: Paper, q: ListQuery): boolean {
  if (q.min_upvotes !== undefined && p.upvotes < q.min_upvotes) return false;
  if (q.q) {
    const needle = q.q.toLowerCase();
    const hay = [p.title, p.summary, ...(p.ai_keywords ?? [])].join("\n").toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

/**
 * Papers for a query. KV reads: one per covered day (the index is read by the caller,
 * once per request, because the cache key needs its version too).
 */
export async function selectPapers(
  kv: KVNamespace,
  index: Index,
  q: ListQuery,
  options: SelectOptions,
): Promise<Selection> {
  const stored = index.days.map((e) => e.date);
  const span = daySpan(q);
  const days = span
    ? stored.filter((d) => d >= span[0] && d <= span[1])
    : stored.slice(0, options.defaultDays);
  const records = await getDays(kv, days);

  let papers = records.flatMap((r) => r?.papers ?? []).filter((p) => matches(p, q));
  if (options.unique) {
    const seen = new Set<string>();
    papers = papers.filter((p) => !seen.has(p.id) && seen.add(p.id));
  }
  const compare = compareBy(q.sort);
  papers.sort((a, b) => compare(key(a), key(b)));

  const after = cursorOf(q);
  const start = after ? papers.findIndex((p) => compare(key(p), after) > 0) : 0;
  const limit = q.limit ?? MAX_LIMIT;
  const page = start < 0 ? [] : papers.slice(start, start + limit);
  const more = start >= 0 && start + limit < papers.length;
  const updated = newest(records.map((r) => r?.updated_at));
  return { papers: page, total: papers.length, days, updated, next: more ? key(page.at(-1)!) : undefined };
}
