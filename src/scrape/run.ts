// One scrape run: read the newest list and the trailing window of days (or the days a
// backfill asks for) and settle each in the store, then put right what other runs left
// (a day a slower run undid, a damaged day), point the index at the new data, tell the
// cache and the WebSub hub, and record the run. Pure of globals: KV, fetch and "now" come
// in. Each step after the reads runs inside the run's error handling: a step that fails
// is reported, and the steps after it still run.
import { type CacheInvalidator, cacheTags } from "../core/cacheTags";
import type { Config } from "../core/config";
import { addDays, FIRST_LIST_DAY, latestClaimableDay, toIsoDate } from "../core/dates";
import { errorText } from "../core/errors";
import type { IsoDate } from "../core/paper";
import { type DayReport, type RunReport, readFailed, type Target } from "../core/runReport";
import { ROUND_MS, type Task, taskOf } from "../core/schedule";
import { firstUnsettledDay } from "../core/settled";
import { type DayIndex, lacksWordIndexes, readIndex, updateIndex } from "../store/days";
import { KV_OPERATIONS_PER_INVOCATION, KvBudgetError, type MeteredKv, meteredKv } from "../store/kv";
import { repairOne } from "../store/repair";
import {
  foldRecentRuns,
  lastWrittenRun,
  newRunId,
  type Observation,
  type Observed,
  observationsByDay,
  type RunRecord,
  readRecentRuns,
  restoreListings,
  runRecordKey,
  writeRunRecord,
} from "../store/runs";
import { type Settled, settleDay } from "../store/settle";
import { dropStagedRead, readStagedRead, type StagedRead, stageRead } from "../store/staged";
import { listingsOf } from "../store/values/paperRecord";
import { currentWordIndexes, indexWords } from "../store/words";
import type { DayRead } from "./dayRead";
import { readDay } from "./readDay";
import { Upstream, type UpstreamOptions, userAgent } from "./upstream";

export type { Target };

export interface ScrapeOptions {
  kv: KVNamespace;
  config: Pick<Config, "HF_ORIGIN" | "WINDOW_DAYS"> &
    Partial<Pick<Config, "DAYS_PER_RUN" | "CONTACT" | "WEBSUB_HUB" | "PUBLIC_URL">>;
  fetch: UpstreamOptions["fetch"];
  /** The run's time (controller.scheduledTime); the window counts back from its date. */
  now: number;
  trigger?: RunReport["trigger"];
  /** Retry, timeout and budget settings (tests inject sleep and clock here). */
  upstream?: Omit<UpstreamOptions, "fetch">;
  /** Workers Cache (ctx.cache): told which cached answers the run's changes touched. */
  cache?: CacheInvalidator;
  /** Check one stored day of the index, in rotation, and repair it, and one word index (upkeep runs do). */
  repair?: boolean;
  /** A scheduled run's task, for its report. */
  task?: Task;
  /** The wall clock, for the run's duration (tests inject it). */
  clock?: () => number;
  /**
   * A scheduled run (with its task): a day read from its page is staged for the task's next run
   * to settle, and a read the task's run before staged is settled instead of reading
   * (store/values/stagedRead.ts).
   */
  stage?: boolean;
}

/** KV operations kept for the steps that close a run (the index, the run record): the days get the rest. */
const CLOSING_OPERATIONS = 24;
/** Cache-Tags one purge or invalidate call may name (developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/). */
export const TAGS_PER_PURGE = 100;

/**
 * The newest list, then `perRun` of the `windowDays` days before the run's date: all of
 * them when `perRun` covers the window, else the next ones in a rotation numbered by the
 * round of tasks, so consecutive rounds read consecutive days and every day comes round.
 * With `weekdaysOnly`, Saturdays and Sundays are left out of the rotation: Hugging Face lists
 * none (SOURCE-NOTES.md: `prevDate` skips weekends), so the JSON API answers them empty and
 * their page shows Friday's list, which its own turn reads; a weekend list, should one come,
 * is still the newest list a run reads on its day.
 */
export const windowTargets = (
  now: number,
  windowDays: number,
  perRun = windowDays,
  weekdaysOnly = false,
): Target[] => ["latest", ...windowDaysOf(now, windowDays, perRun, weekdaysOnly)];

/** The days of windowTargets, without the newest list. */
function windowDaysOf(now: number, windowDays: number, perRun: number, weekdaysOnly: boolean): IsoDate[] {
  const today = toIsoDate(now);
  const window = Array.from({ length: windowDays }, (_, i) => addDays(today, -(i + 1))).filter(
    (d) => !weekdaysOnly || !isWeekend(d),
  );
  if (perRun >= window.length) return window;
  const round = Math.floor(now / ROUND_MS);
  // While the JSON API is down, every other window run settles the page its task's run before
  // staged instead of reading (store/values/stagedRead.ts): a window of an even number of days
  // would then come round to only every other one of them, unless each turn of the window starts
  // one day further on. An odd window needs no shift, and keeps its days evenly spaced.
  const shift = window.length % 2 === 0 ? Math.floor(round / window.length) : 0;
  return Array.from({ length: perRun }, (_, j) => window[(round * perRun + shift + j) % window.length]!);
}

const isWeekend = (date: IsoDate) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** What the scheduled run at `now` does: its task, the days it reads, whether it repairs. */
export function scheduledRun(
  now: number,
  windowDays: number,
  perRun: number,
): { task: Task; targets: Target[]; repair: boolean } {
  const task = taskOf(now);
  if (task === "newest") return { task, targets: ["latest"], repair: false };
  if (task === "window") {
    const days = windowDaysOf(now, windowDays, perRun, true);
    // A run reading the whole window starts it at the round's day: one whose day comes from its page
    // stages it and reads no more, and its task's next run settles it, so were every run to start at
    // the same day, no other day of the window would be read while the JSON API is down.
    const start = perRun >= days.length && days.length > 0 ? Math.floor(now / ROUND_MS) % days.length : 0;
    return { task, targets: [...days.slice(start), ...days.slice(0, start)], repair: false };
  }
  return { task, targets: [], repair: true };
}

/** What one run carries from step to step. */
interface Run {
  options: ScrapeOptions;
  id: string;
  now: number;
  started: number;
  clock: () => number;
  upstream: Upstream;
  /** KV for the days' work, stopping short of the operations the closing steps need. */
  kv: MeteredKv;
  /** KV for the closing steps. */
  closing: MeteredKv;
  days: DayReport[];
  /** Each settled day: its count and data version, for the index. */
  saved: Map<IsoDate, { date: IsoDate; count: number; updated_at?: string }>;
  /** What this run wrote as each day's counters, for its record. */
  observed: Map<IsoDate, Observation>;
  /** What it read of each day whose counters it found as stored, writing none, for its record. */
  confirmed: Map<IsoDate, Observation>;
  /** Days whose answers changed (their cache tags). */
  changed: Set<IsoDate>;
  papersAdded: number;
  rewrote: boolean;
  /** Days whose word index this run found or built current: the content hash it is of, for the index. */
  wordIndexes: Map<IsoDate, string>;
  /** Papers whose record this run wrote, with the days written. */
  listings: Map<string, IsoDate[]>;
  /** Steps after the reads that failed, and why. */
  errors: string[];
  /** The staged read this run settles, until its turn comes. */
  pending?: StagedRead;
  /** When this run started, where it settles a staged read and took that read's time (ms). */
  settledAt?: number;
  /** Whether this run staged a read: it reads nothing more. */
  stagedOne: boolean;
}

type Others = Map<IsoDate, Observed[]>;

export async function scrape(
  options: ScrapeOptions,
  targets = windowTargets(options.now, options.config.WINDOW_DAYS, options.config.DAYS_PER_RUN),
): Promise<RunReport> {
  const run = startRun(options);
  const task = options.stage ? options.task : undefined;
  const pending = task
    ? await step(run, "staged read", () => readStagedRead(run.kv, task, run.now))
    : undefined;
  if (pending) targets = [takeOver(run, pending)];
  // Read only once a read is to be settled: a run that stages its read stops before it.
  let recent: { before: RunRecord[]; others: Others } | undefined;
  const recentRuns = async () => (recent ??= await readRecent(run));
  for (const asked of targets) {
    if (run.stagedOne) break;
    await readAndSettle(run, asked, async () => (await recentRuns()).others);
  }
  if (run.stagedOne && !recent) return logged(finish(run, {}));
  if (pending && task) await step(run, "staged read", () => dropStagedRead(run.kv, task));
  const { before, others } = await recentRuns();
  const folded =
    (await step(run, "merge", () =>
      foldRecentRuns(run.kv, others, new Set(run.saved.keys()), run.id, run.now, versionAt(run)),
    )) ?? [];
  for (const { date, settled } of folded)
    noteSettled(run, date, settled.observation, settled.contentWritten, settled, true);
  const restored = (await step(run, "listings", () => restoreListings(run.kv, before, run.now))) ?? [];
  for (const [, days] of restored) for (const d of days) run.changed.add(d);
  const stored = options.repair ? await step(run, "index read", () => readIndex(run.kv)) : undefined;
  const words =
    stored && !run.rewrote
      ? await step(run, "words", () =>
          indexSettledDay(
            run,
            stored.days.map((e) => e.date),
          ),
        )
      : undefined;
  // Building a word index costs about as much as the rest of an upkeep run: a run that built
  // one leaves its repair pass to the next upkeep run, half an hour later (README, "Performance").
  const repair =
    stored && words?.outcome !== "indexed"
      ? await step(run, "repair", () => repairStep(run, stored, others))
      : undefined;
  // A run that was to read nothing and changed nothing (upkeep that found its day sound)
  // writes nothing: no index, no record, no cache call. Its log line is all it leaves.
  const quiet =
    run.days.length === 0 && run.saved.size === 0 && run.changed.size === 0 && words?.outcome !== "indexed";
  const namesMore = !!stored && lacksWordIndexes(stored, run.wordIndexes);
  if (quiet && namesMore) await step(run, "word indexes", () => findWordIndexes(run, stored));
  const wroteNothing = quiet && !namesMore;
  if (targets.length === 0 && wroteNothing && !run.errors.length)
    return logged(finish(run, { ...(repair ? { repair } : {}), ...(words ? { words } : {}) }));
  const index = await step(run, "index", () =>
    updateIndex(
      run.closing,
      [...run.saved.values()],
      run.now,
      {
        key: runRecordKey(run.id),
        started_at: new Date(run.now).toISOString(),
        ok: !run.days.some(readFailed),
        readSomething: run.days.some((d) => !readFailed(d) && d.outcome !== "deferred"),
      },
      before,
      run.wordIndexes,
    ),
  );
  const previous = lastWrittenRun(before);
  const tags = cacheTagsOf(run, index?.added ?? [], index?.daysMoved ?? false);
  const invalidated = await invalidateCache(run, [
    ...tags,
    ...(previous?.changed ?? []),
    ...(previous?.unpurged ?? []),
  ]);
  const websub = await announce(run, run.papersAdded > 0 || !!previous?.unannounced);
  const report = finish(run, {
    ...(repair ? { repair } : {}),
    ...(words ? { words } : {}),
    ...(run.upstream.rateLimited ? { rate_limited: run.upstream.rateLimited } : {}),
    ...(folded.length ? { merged_days: folded.map((f) => f.date) } : {}),
    cache_tags: invalidated.done,
    ...(invalidated.left.length ? { cache_tags_pending: invalidated.left } : {}),
    ...(websub ? { websub: websub.report } : {}),
    ...(run.errors.length ? { errors: run.errors } : {}),
  });
  await step(run, "run record", () =>
    writeRunRecord(run.closing, {
      id: run.id,
      report,
      observed: [...run.observed.values()],
      confirmed: [...run.confirmed].filter(([d]) => !run.observed.has(d)).map(([, o]) => o),
      saved: [...run.saved.values()].filter((d) => d.count > 0),
      changed: tags,
      unpurged: invalidated.left,
      unannounced: websub?.failed ?? false,
      wordIndexes: [...run.wordIndexes],
      listings: [...run.listings],
    } satisfies RunRecord),
  );
  return logged(report);
}

/** The run's report: what every run says, and what its steps added. */
function finish(run: Run, steps: Partial<RunReport>): RunReport {
  const { options } = run;
  const report: RunReport = {
    trigger: options.trigger ?? "cron",
    ...(options.task ? { task: options.task } : {}),
    started_at: new Date(run.now).toISOString(),
    duration_ms: run.clock() - run.started,
    ok: !run.days.some(readFailed),
    requests: run.upstream.requests,
    days: run.days,
    ...(run.settledAt === undefined ? {} : { staged: { settled_at: new Date(run.settledAt).toISOString() } }),
    ...steps,
  };
  return report;
}

/** The run's upstream, its id, its clock and its share of the KV operations an invocation may make. */
function startRun(options: ScrapeOptions): Run {
  const clock = options.clock ?? Date.now;
  return {
    options,
    id: newRunId(new Date(options.now).toISOString()),
    now: options.now,
    started: clock(),
    clock,
    upstream: new Upstream({
      fetch: options.fetch,
      ...(options.config.CONTACT ? { userAgent: userAgent(options.config.CONTACT) } : {}),
      ...options.upstream,
    }),
    kv: meteredKv(options.kv, KV_OPERATIONS_PER_INVOCATION - CLOSING_OPERATIONS),
    closing: meteredKv(options.kv, CLOSING_OPERATIONS),
    days: [],
    saved: new Map(),
    observed: new Map(),
    confirmed: new Map(),
    changed: new Set(),
    papersAdded: 0,
    rewrote: false,
    wordIndexes: new Map(),
    listings: new Map(),
    errors: [],
    stagedOne: false,
  };
}

/**
 * The run becomes the one that made the staged read, late: its counters were observed then,
 * so the run's time and id are that read's, and what it writes is merged with what other runs
 * wrote since as any slower run's is (store/settle.ts). Returns the target to settle it as.
 */
function takeOver(run: Run, pending: StagedRead): Target {
  run.settledAt = run.now;
  run.now = pending.readAt;
  run.id = newRunId(new Date(pending.readAt).toISOString());
  run.pending = pending;
  return pending.asked as Target;
}

/**
 * What the run's writes are stamped from: its time, but for a run settling a staged read, when it
 * settles it. Other runs may have written versions since the read, and a list's Last-Modified is
 * the newest of its days' versions: one stamped at the read's time would not move it.
 */
const versionAt = (run: Run) => run.settledAt ?? run.now;

/** The records of the runs of the last hours (store/runs.ts), and what they observed by day. */
async function readRecent(run: Run): Promise<{ before: RunRecord[]; others: Others }> {
  const before = (await step(run, "run records", () => readRecentRuns(run.kv, run.now))) ?? [];
  return { before, others: observationsByDay(before, run.now) };
}

/** Runs one step after the reads; a step that fails is reported, and the run goes on. */
async function step<T>(run: Run, name: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (e) {
    run.errors.push(`${name}: ${errorText(e)}`);
    console.error(JSON.stringify({ event: "scrape-step-failed", step: name, error: errorText(e) }));
    return undefined;
  }
}

/** Reads one day (or the newest list) and settles it in the store; the outcome goes to the report. */
async function readAndSettle(
  run: Run,
  asked: Target,
  othersOf: () => Promise<Others>,
  rewrite = false,
): Promise<void> {
  let read: DayRead & { fallbacks: string[] };
  const pending = run.pending;
  run.pending = undefined;
  if (pending) read = pending;
  else
    try {
      // One page at a time: a run holds one page's strings, not all of them.
      // The newest list is most often the run's day's, which the API answers for less CPU than the page.
      const { HF_ORIGIN } = run.options.config;
      read = await (asked === "latest"
        ? readDay(run.upstream, HF_ORIGIN, undefined, toIsoDate(run.now), () => newestStoredDay(run))
        : readDay(run.upstream, HF_ORIGIN, asked));
    } catch (e) {
      run.days.push({ asked, outcome: "failed", error: errorText(e) });
      return;
    }
  const extra = {
    via: read.via,
    ...(read.fallbacks.length ? { fallbacks: read.fallbacks } : {}),
  };
  const outOfRange = claimedDayProblem(read.date, run.now);
  if (outOfRange) {
    run.days.push({
      asked,
      outcome: "failed",
      error: `ParseError: the page claims ${read.date}, ${outOfRange}`,
      ...extra,
    });
    return;
  }
  if (run.saved.has(read.date)) {
    // A weekend day shows the previous list, which this run has already settled.
    run.days.push({
      asked,
      date: read.date,
      outcome: "repeat",
      count: run.saved.get(read.date)!.count,
      ...extra,
    });
    return;
  }
  // A page's read, made in a scheduled run, waits for the task's next run: reading and settling it in
  // one invocation passed the free plan's 10 ms of CPU at the 90th percentile (README, "Performance").
  const { stage, task } = run.options;
  if (stage && task && !pending && !rewrite && read.via !== "api" && read.papers.length > 0) {
    if (await staged(run, task, asked, read)) {
      run.days.push({
        asked,
        date: read.date,
        outcome: "staged",
        count: read.papers.length,
        ...extra,
        ...(read.dropped ? { dropped: read.dropped } : {}),
      });
      return;
    }
  }
  try {
    const others = await othersOf();
    const settled = await settleDay({
      kv: run.kv,
      date: read.date,
      runId: run.id,
      now: run.now,
      versionAt: versionAt(run),
      fresh: read,
      observed: others.get(read.date),
      rewrite,
    });
    const dropped = read.dropped + settled.dropped;
    const outcome =
      read.papers.length === 0
        ? "empty"
        : settled.wrote.length === 0
          ? "unchanged"
          : settled.kept > 0
            ? "merged"
            : "stored";
    if (outcome !== "empty")
      noteSettled(run, read.date, settled.observation, settled.contentWritten, settled);
    if (settled.confirmed) run.confirmed.set(read.date, settled.confirmed);
    run.papersAdded += settled.added;
    run.days.push({
      asked,
      date: read.date,
      outcome,
      count: settled.count,
      ...extra,
      ...(dropped ? { dropped } : {}),
    });
  } catch (e) {
    const deferred = e instanceof KvBudgetError;
    run.days.push({
      asked,
      date: read.date,
      outcome: deferred ? "deferred" : "failed",
      error: errorText(e),
      ...extra,
    });
  }
}

/** Stages the read for the next run (store/staged.ts); false when it could not, and this run settles it. */
async function staged(
  run: Run,
  task: Task,
  asked: Target,
  read: DayRead & { fallbacks: string[] },
): Promise<boolean> {
  try {
    run.stagedOne = await stageRead(run.kv, task, { ...read, asked, readAt: run.now });
  } catch (e) {
    run.errors.push(`stage: ${errorText(e)}`);
  }
  return run.stagedOne;
}

/** The newest day the index holds, which the newest list most often is; undefined when it cannot be read. */
async function newestStoredDay(run: Run): Promise<IsoDate | undefined> {
  try {
    return (await readIndex(run.kv)).days[0]?.date;
  } catch {
    return undefined;
  }
}

/** What the run keeps of a settled day: for the index, its record, and the cache. */
function noteSettled(
  run: Run,
  date: IsoDate,
  observation: Observation | undefined,
  contentWritten: boolean,
  settled: Pick<Settled, "count" | "updated_at" | "wrote" | "listings">,
  changed = settled.wrote.length > 0,
): void {
  run.saved.set(date, { date, count: settled.count, updated_at: settled.updated_at });
  // A run that settles two days of one paper writes its record twice, each from what it read of it
  // then: a slower run's write landing in between leaves out the day written first, and so does the
  // second write. The run names every day it wrote, so the runs after put that day back.
  for (const [id, days] of settled.listings ?? [])
    run.listings.set(id, listingsOf([...(run.listings.get(id) ?? []), ...days]));
  if (observation) run.observed.set(date, observation);
  if (changed) run.changed.add(date);
  run.rewrote ||= contentWritten;
}

/**
 * The repair pass: checks one stored day that this run did not read. A day it finds
 * unreadable is read again from upstream, within the run's budgets.
 */
async function repairStep(run: Run, index: DayIndex, others: Others): Promise<RunReport["repair"]> {
  const found = await repairOne({
    kv: run.kv,
    index,
    runId: run.id,
    now: run.now,
    slot: Math.floor(run.now / ROUND_MS),
    skip: new Set(run.saved.keys()),
    // Checking a settled day's word index can mean rebuilding it, about as dear as rewriting a
    // day: a run that rewrote one leaves it to the next (README, "Performance").
    settledBefore: run.rewrote ? "" : settledBefore(run),
  });
  if (!found) return undefined;
  const { date, outcome, settled } = found;
  if (settled.words) run.wordIndexes.set(date, settled.words);
  // A word index built is no answer changed: the day's cached answers stay as they are.
  if (outcome === "repaired" || outcome === "indexed")
    noteSettled(run, date, settled.observation, settled.contentWritten, settled, outcome === "repaired");
  if (outcome === "unreadable") await readAndSettle(run, date, async () => others, true);
  return { date, outcome };
}

/**
 * Why a page's day cannot be right, or undefined: a list cannot come from before the first
 * one, nor from after the run's day (one day of clock skew allowed).
 */
function claimedDayProblem(date: IsoDate, now: number): string | undefined {
  const latest = latestClaimableDay(now);
  if (date > latest) return `after the run's day (at most ${latest} with a day of clock skew)`;
  if (date < FIRST_LIST_DAY) return `before the first Daily Papers list (${FIRST_LIST_DAY})`;
  return undefined;
}

/**
 * Indexes the words of one settled day: the newest day older than the window the runs
 * re-read (its content will not change again). Older days get theirs from the repair pass,
 * which in rotation reaches days whose content changed later (a backfill).
 */
async function indexSettledDay(run: Run, days: IsoDate[]): Promise<RunReport["words"]> {
  const settled = days.find((d) => d < settledBefore(run));
  if (!settled) return undefined;
  const { outcome, content } = await indexWords(run.kv, settled);
  if (content) run.wordIndexes.set(settled, content);
  return { date: settled, outcome };
}

/** The days before this one have settled: the runs no longer re-read them (core/settled.ts). */
const settledBefore = (run: Run) => firstUnsettledDay(run.now, run.options.config.WINDOW_DAYS);

/** How many settled days' word indexes a run looks for when it writes the index only to name one. */
const WORD_INDEXES_LOOKED_FOR = 40;

/**
 * A run that would write the index only to name a word index first looks for others it does
 * not name, on the newest settled days (after an upgrade from a release without the names,
 * every one), so that one index write names them all, not one a run.
 */
async function findWordIndexes(run: Run, index: DayIndex): Promise<void> {
  const before = settledBefore(run);
  const unnamed = index.days
    .filter((e) => e.date < before && !e.words && !run.wordIndexes.has(e.date))
    .slice(0, WORD_INDEXES_LOOKED_FOR)
    .map((e) => e.date);
  for (const [date, content] of await currentWordIndexes(run.kv, unnamed)) run.wordIndexes.set(date, content);
}

/** The cache tags of what this run changed: each changed or new day, the stored days when they moved, the status. */
function cacheTagsOf(run: Run, added: IsoDate[], daysMoved: boolean): string[] {
  return [
    ...new Set([
      ...[...run.changed].map(cacheTags.day),
      ...added.map(cacheTags.day),
      ...(daysMoved || added.length ? [cacheTags.days] : []),
      cacheTags.status,
    ]),
  ];
}

/**
 * Marks the cached answers built from what changed as stale (invalidate: the cache then
 * revalidates them with an If-None-Match, which an unchanged answer meets with a 304), or
 * purges them where the runtime has no invalidate. The tags go in calls of at most 100;
 * what a call could not do is left for the next run, which also invalidates the tags of
 * the run before it once more: KV takes up to 60 s to reach every location, so a
 * revalidation right after this one can still find the old data there.
 */
async function invalidateCache(run: Run, wanted: string[]): Promise<{ done: string[]; left: string[] }> {
  const tags = [...new Set(wanted)];
  const cache = run.options.cache;
  if (!cache || tags.length === 0) return { done: [], left: [] };
  const done: string[] = [];
  const left: string[] = [];
  for (let i = 0; i < tags.length; i += TAGS_PER_PURGE) {
    const batch = tags.slice(i, i + TAGS_PER_PURGE);
    if (left.length) {
      left.push(...batch);
      continue;
    }
    try {
      const result = cache.invalidate
        ? await cache.invalidate({ tags: batch })
        : await cache.purge({ tags: batch });
      if (result.success) done.push(...batch);
      else {
        left.push(...batch);
        console.error(JSON.stringify({ event: "cache-invalidate-refused", tags: batch, result }));
      }
    } catch (e) {
      left.push(...batch);
      console.error(JSON.stringify({ event: "cache-invalidate-failed", tags: batch, error: errorText(e) }));
    }
  }
  return { done, left };
}

/** The feeds a hub is told about: the unfiltered ones (filtered feeds are not announced). */
export const ANNOUNCED_FEEDS = ["feed.atom", "feed.rss", "feed.json"];

/** A feed's public URL: under PUBLIC_URL, path included (a deployment may live below a path). */
export const publicFeedUrl = (publicUrl: string, feed: string) =>
  new URL(feed.replace(/^\/+/, ""), publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`).href;

/**
 * Tells the WebSub hub that the unfiltered feeds changed (WebSub section 7, publishing:
 * `hub.mode=publish`, `hub.url=<topic>`), each topic on its own, so one refused ping does
 * not keep the others back. When any fails, the next run pings again.
 */
async function announce(
  run: Run,
  due: boolean,
): Promise<{ report: NonNullable<RunReport["websub"]>; failed: boolean } | undefined> {
  const { WEBSUB_HUB: hub, PUBLIC_URL: publicUrl } = run.options.config;
  if (!due || !hub || !publicUrl) return undefined;
  const topics: string[] = [];
  const failed: { topic: string; error: string }[] = [];
  for (const feed of ANNOUNCED_FEEDS) {
    const topic = publicFeedUrl(publicUrl, feed);
    try {
      await run.upstream.postForm(hub, { "hub.mode": "publish", "hub.url": topic });
      topics.push(topic);
    } catch (e) {
      failed.push({ topic, error: errorText(e) });
      console.error(JSON.stringify({ event: "websub-ping-failed", hub, topic, error: errorText(e) }));
    }
  }
  const report = { hub, topics, ...(failed.length ? { failed, error: failed[0]!.error } : {}) };
  return { report, failed: failed.length > 0 };
}

/** One structured line per run (Workers Logs indexes its fields); failures go to the error log. */
function logged(report: RunReport): RunReport {
  const count = (o: DayReport["outcome"]) => report.days.filter((d) => d.outcome === o).length;
  const line = JSON.stringify({
    event: "scrape",
    ...report,
    stored: count("stored"),
    merged: count("merged"),
    unchanged: count("unchanged"),
    empty: count("empty"),
    failed: count("failed"),
  });
  if (report.ok) console.log(line);
  else console.error(line);
  return report;
}
