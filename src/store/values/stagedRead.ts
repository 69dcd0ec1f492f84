// staged-read:<task>: a day a scheduled run read from its page and left for the next run of
// the same task to settle. Reading a page (fetching it, cutting out and decoding its embedded
// JSON, validating it) is about half of such a run's CPU in workerd and settling the read the
// other half: together their 90th percentile passed the free plan's 10 ms per invocation, each
// alone stays under it (README, "Performance"). The task's next run, half an hour later,
// settles it instead of reading, so no other task loses its turn, and deletes it; a value
// older than STAGED_READ_MAX_AGE_MS is no run's to settle (and KV drops it: STAGED_READ_TTL_S).
import { compileCheck } from "../../core/check";
import { isClaimableDay, isIsoTime } from "../../core/dates";
import { isCalendarDate, Paper } from "../../core/paper";
import { ReadVia } from "../../core/runReport";
import { ROUND_MS, RUN_SLOT_MS, type Task } from "../../core/schedule";
import { logInvalid, parseStored } from "../kv";
import type { FreshRead } from "../settle";

export const stagedReadKey = (task: Task) => `staged-read:${task}`;
const VERSION = 1;
/** The task's next run and half a slot more: the run after it finds the read too old. */
export const STAGED_READ_MAX_AGE_MS = ROUND_MS + RUN_SLOT_MS / 2;
/** KV drops it then (expirationTtl, in seconds; KV's least is 60). */
export const STAGED_READ_TTL_S = STAGED_READ_MAX_AGE_MS / 1000;
/**
 * A real day's read is about 150 KB; one past this (a hostile page of 300 papers at the
 * store's limits) is settled by the run that read it instead of staged. In UTF-16 units: at
 * most 24 MB of UTF-8, under the 25 MiB a KV value may take (developers.cloudflare.com/kv/platform/limits).
 */
export const STAGED_READ_MAX_CHARS = 8 * 1024 * 1024;
/** Fallback reasons kept, and their length: the run's report carries them. */
const FALLBACKS_MAX = 10;
const FALLBACK_MAX_CHARS = 500;

/** A read waiting to be settled: what readDay gave, and when and for what it was made. */
export interface StagedRead extends FreshRead {
  /** The staging run's time (ms): when the read was made. */
  readAt: number;
  /** What that run asked for: "latest" or a date. */
  asked: string;
  dropped: number;
  otherDay: number;
  fallbacks: string[];
}

/**
 * Plain JSON, not ASCII as every other value: escaping what lies beyond ASCII in a 150 KB read
 * cost the run that stages it more (about 0.5 ms in Node) than decoding it costs the run that
 * reads it once, which has the CPU to spare (README, "Performance").
 */
export const encodeStagedRead = (s: StagedRead): string =>
  JSON.stringify({
    v: VERSION,
    read_at: new Date(s.readAt).toISOString(),
    asked: s.asked,
    date: s.date,
    via: s.via,
    papers: s.papers,
    partial: s.partial,
    ...(s.unknownUpvotes?.size ? { unknown_upvotes: [...s.unknownUpvotes] } : {}),
    dropped: s.dropped,
    other_day: s.otherDay,
    fallbacks: s.fallbacks,
  });

const checkPaper = compileCheck(Paper);
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isString = (s: unknown): s is string => typeof s === "string";

/**
 * The staged read, when it is one and was made within STAGED_READ_MAX_AGE_MS before `now`;
 * else undefined (logged when it is damaged). A paper that does not validate is left out and
 * counted as dropped: it hides only itself; a read none of whose papers validates is no read.
 */
export function decodeStagedRead(text: string, key: string, now: number): StagedRead | undefined {
  const raw = parseStored(text, key) as Record<string, unknown> | null | undefined;
  if (raw === undefined) return undefined;
  const bad = (why: string) => {
    logInvalid(key, why);
    return undefined;
  };
  if (typeof raw !== "object" || raw === null || raw.v !== VERSION)
    return bad("not a staged read of this version");
  const { read_at, asked, date, via, papers, partial, unknown_upvotes, dropped, other_day, fallbacks } = raw;
  if (!isString(read_at) || !isIsoTime(read_at)) return bad("read_at is not a time");
  const readAt = Date.parse(read_at);
  // Too old is no damage: the run it was staged for has gone by.
  if (readAt > now || readAt < now - STAGED_READ_MAX_AGE_MS) return undefined;
  if (!isString(asked) || (asked !== "latest" && !isCalendarDate(asked))) return bad("asked is not a day");
  if (!isString(date) || !isCalendarDate(date) || !isClaimableDay(date, readAt))
    return bad("date is no day a page could show");
  const readVia = ReadVia.safeParse(via);
  if (!readVia.success) return bad("via is not a way of reading");
  if (!Array.isArray(papers) || typeof partial !== "boolean" || !isCount(dropped) || !isCount(other_day))
    return bad("not the fields of a read");
  const valid: Paper[] = [];
  for (const p of papers) {
    const paper = checkPaper(p);
    if (paper) valid.push(paper);
  }
  // No run stages a read that lists nothing: one with no paper left is damage, not an empty page.
  if (valid.length === 0) return bad("no valid paper");
  const unknown = Array.isArray(unknown_upvotes) ? unknown_upvotes.filter(isString) : [];
  const reasons = Array.isArray(fallbacks) ? fallbacks.filter(isString) : [];
  return {
    readAt,
    asked,
    date,
    via: readVia.data,
    papers: valid,
    partial,
    ...(unknown.length ? { unknownUpvotes: new Set(unknown) } : {}),
    dropped: dropped + papers.length - valid.length,
    otherDay: other_day,
    fallbacks: reasons.slice(0, FALLBACKS_MAX).map((f) => f.slice(0, FALLBACK_MAX_CHARS)),
  };
}
