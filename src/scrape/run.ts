// One scrape run: read the newest list and the trailing window of days (or the days a
// backfill asks for), save each day, record the run. Pure of globals: KV, fetch and "now"
// come in.
import { type CacheInvalidator, cacheTags } from "../core/cacheTags";
import type { Config } from "../core/config";
import { addDays, toIsoDate } from "../core/dates";
import { errorText } from "../core/errors";
import type { IsoDate } from "../core/paper";
import { type DayReport, type RunReport, readFailed } from "../core/runReport";
import { getIndex, updateIndex } from "../store/dayIndex";
import { saveDay } from "../store/days";
import type { IndexEntry } from "../store/records";
import { type RepairOutcome, repairDay } from "../store/repair";
import { recordRun } from "../store/runs";
import { indexWords } from "../store/wordIndex";
import { readDay } from "./readDay";
import { Upstream, type UpstreamOptions, userAgent } from "./upstream";

export type Target = "latest" | IsoDate;

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
  /** Check one stored day of the index, in rotation, and repair it (scheduled runs do). */
  repair?: boolean;
}

/**
 * Minutes between scheduled runs: the cron in wrangler.toml (a test holds the two
 * together). It numbers the runs for the rotation below.
 */
export const CRON_INTERVAL_MINUTES = 30;
const RUN_SLOT_MS = CRON_INTERVAL_MINUTES * 60_000;

/**
 * The newest list, then `perRun` of the `windowDays` days before the run's date: all of
 * them when `perRun` covers the window, else the next ones in a rotation numbered by the
 * run's slot, so consecutive runs read consecutive days and every day comes round.
 */
export function windowTargets(now: number, windowDays: number, perRun = windowDays): Target[] {
  const today = toIsoDate(now);
  const window = Array.from({ length: windowDays }, (_, i) => addDays(today, -(i + 1)));
  if (perRun >= windowDays) return ["latest", ...window];
  const slot = Math.floor(now / RUN_SLOT_MS);
  return ["latest", ...Array.from({ length: perRun }, (_, j) => window[(slot * perRun + j) % windowDays]!)];
}

export async function scrape(
  options: ScrapeOptions,
  targets = windowTargets(options.now, options.config.WINDOW_DAYS, options.config.DAYS_PER_RUN),
): Promise<RunReport> {
  const { kv, config, now } = options;
  const started = Date.now();
  const upstream = new Upstream({
    fetch: options.fetch,
    ...(config.CONTACT ? { userAgent: userAgent(config.CONTACT) } : {}),
    ...options.upstream,
  });
  const repair = options.repair ? await repairOne(kv, now) : undefined;
  // A day whose record cannot be read any more can only be restored by reading it again.
  const reads =
    repair?.outcome === "unreadable" && !targets.includes(repair.date) ? [...targets, repair.date] : targets;

  const days: DayReport[] = [];
  const saved = new Map<IsoDate, IndexEntry>();
  let papersAdded = 0;
  let rewrote = false;
  // One page at a time: a run holds one page's strings, not all of them.
  for (const asked of reads) {
    try {
      const read = await readDay(upstream, config.HF_ORIGIN, asked === "latest" ? undefined : asked);
      const extra = {
        via: read.via,
        ...(read.fallbacks.length ? { fallbacks: read.fallbacks } : {}),
        ...(read.dropped ? { dropped: read.dropped } : {}),
      };
      const outOfRange = claimedDayProblem(read.date, now);
      if (outOfRange) {
        days.push({
          asked,
          outcome: "failed",
          error: `ParseError: the page claims ${read.date}, ${outOfRange}`,
          ...extra,
        });
        continue;
      }
      if (saved.has(read.date)) {
        // A weekend day shows the previous list, which this run has already saved.
        days.push({
          asked,
          date: read.date,
          outcome: "repeat",
          count: saved.get(read.date)?.count,
          ...extra,
        });
        continue;
      }
      const result = await saveDay(kv, read, new Date(now));
      const { outcome, count, updated_at, added } = result;
      if (outcome !== "empty") saved.set(read.date, { date: read.date, count, updated_at });
      papersAdded += added ?? 0;
      rewrote ||= result.rewritten ?? false;
      days.push({ asked, date: read.date, outcome, count, ...extra });
    } catch (e) {
      days.push({ asked, outcome: "failed", error: errorText(e) });
    }
  }
  const update = await updateIndex(kv, [...saved.values()], new Date(now));
  // Building a word index costs about as much CPU as rewriting a day: only a run that
  // rewrote none has it to spare (README, "Performance").
  const words =
    options.repair && !rewrote
      ? await indexOneDay(kv, update.index.days, now, config.WINDOW_DAYS, repair?.date)
      : undefined;
  const changed = days
    .filter((d) => d.date && (d.outcome === "stored" || d.outcome === "merged"))
    .map((d) => d.date!);
  const tags = [
    ...changed.map(cacheTags.day),
    ...update.added.map(cacheTags.day),
    ...(update.added.length || changed.length ? [cacheTags.days] : []),
    cacheTags.status,
  ];
  const report: RunReport = {
    trigger: options.trigger ?? "cron",
    started_at: new Date(now).toISOString(),
    duration_ms: Date.now() - started,
    ok: !days.some(readFailed),
    requests: upstream.requests,
    days,
    ...(repair ? { repair } : {}),
    ...(words ? { words } : {}),
    cache_tags: [...new Set(tags)],
    ...(upstream.rateLimited ? { rate_limited: upstream.rateLimited } : {}),
  };
  await invalidate(options.cache, report.cache_tags!);
  if (papersAdded > 0 && config.WEBSUB_HUB && config.PUBLIC_URL) {
    report.websub = await announce(upstream, config.WEBSUB_HUB, config.PUBLIC_URL);
    report.requests = upstream.requests;
  }
  await recordRun(kv, report);
  log(report);
  return report;
}

/** The first Daily Papers list (huggingface.co/papers began in May 2023). */
export const FIRST_LIST_DAY = "2023-05-01";

/**
 * Why a page's day cannot be right, or undefined: a list cannot come from before the first
 * one, nor from after the run's day (one day of clock skew allowed).
 */
function claimedDayProblem(date: IsoDate, now: number): string | undefined {
  const latest = addDays(toIsoDate(now), 1);
  if (date > latest) return `after the run's day (at most ${latest} with a day of clock skew)`;
  if (date < FIRST_LIST_DAY) return `before the first Daily Papers list (${FIRST_LIST_DAY})`;
  return undefined;
}

/** The feeds a hub is told about: the unfiltered ones (filtered feeds are not announced). */
export const ANNOUNCED_FEEDS = ["/feed.atom", "/feed.rss", "/feed.json"];

/**
 * Tells the WebSub hub that the unfiltered feeds changed (WebSub section 7, publishing:
 * `hub.mode=publish`, `hub.url=<topic>`), each ping within the run's request budget.
 */
async function announce(
  upstream: Upstream,
  hub: string,
  publicUrl: string,
): Promise<NonNullable<RunReport["websub"]>> {
  const topics = ANNOUNCED_FEEDS.map((path) => new URL(path, publicUrl).href);
  try {
    for (const topic of topics) await upstream.postForm(hub, { "hub.mode": "publish", "hub.url": topic });
    return { hub, topics };
  } catch (e) {
    console.error(JSON.stringify({ event: "websub-ping-failed", hub, error: errorText(e) }));
    return { hub, topics, error: errorText(e) };
  }
}

/**
 * Indexes the words of one settled day: the newest day older than the window the runs
 * re-read (its content will not change again), or else the day the repair pass checked,
 * which in rotation reaches days whose content changed later (a backfill).
 */
async function indexOneDay(
  kv: KVNamespace,
  days: IndexEntry[],
  now: number,
  windowDays: number,
  repaired?: IsoDate,
): Promise<RunReport["words"]> {
  const windowStart = addDays(toIsoDate(now), -windowDays);
  const settled = days.find((e) => e.date < windowStart)?.date;
  let checked: RunReport["words"];
  for (const date of new Set([settled, repaired])) {
    if (!date || date >= windowStart) continue;
    checked = { date, outcome: await indexWords(kv, date) };
    if (checked.outcome !== "current") break;
  }
  return checked;
}

/** Checks the stored day whose turn it is (one per run slot, in the index's order). */
async function repairOne(
  kv: KVNamespace,
  now: number,
): Promise<{ date: IsoDate; outcome: RepairOutcome } | undefined> {
  const { days } = await getIndex(kv);
  if (days.length === 0) return undefined;
  const date = days[Math.floor(now / RUN_SLOT_MS) % days.length]!.date;
  return { date, outcome: await repairDay(kv, date, new Date(now)) };
}

/**
 * Marks the cached answers built from what changed as stale (invalidate: the cache then
 * revalidates them with an If-None-Match, which an unchanged answer meets with a 304), or
 * purges them where the runtime has no invalidate. Without Workers Cache, nothing to do.
 */
async function invalidate(cache: CacheInvalidator | undefined, tags: string[]): Promise<void> {
  if (!cache || tags.length === 0) return;
  try {
    const result = cache.invalidate ? await cache.invalidate({ tags }) : await cache.purge({ tags });
    if (!result.success) console.error(JSON.stringify({ event: "cache-invalidate-failed", tags, result }));
  } catch (e) {
    console.error(JSON.stringify({ event: "cache-invalidate-failed", tags, error: errorText(e) }));
  }
}

/** One structured line per run (Workers Logs indexes its fields); failures go to the error log. */
function log(report: RunReport): void {
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
}
