// What one scrape run reports: made by scrape, kept by store, answered by serve.
import * as z from "zod";
import type { CacheInvalidator } from "./cacheTags";
import { IsoDate, IsoTime } from "./paper";

/** Which way a day was read from the source. */
export const ReadVia = z.enum(["page", "api", "cards"]);
export type ReadVia = z.infer<typeof ReadVia>;

/**
 * What saving one read did to the stored day. `deferred`: the run had no KV operations left
 * for it (an invocation may make 1,000), so the next run reads it again.
 */
export const SaveOutcome = z.enum(["stored", "merged", "unchanged", "empty", "deferred"]);
export type SaveOutcome = z.infer<typeof SaveOutcome>;

/**
 * What a scheduled run does, the three in turn (scrape/run.ts): read the newest list, read
 * the next day of the window, or upkeep (the repair pass and a word index).
 */
export const RunTask = z.enum(["newest", "window", "upkeep"]);
export type RunTask = z.infer<typeof RunTask>;

export const DayReport = z.object({
  asked: z.string().describe('"latest" or the date asked for'),
  date: IsoDate.optional().describe("The day the page showed (absent when the read failed)"),
  outcome: z
    .union([SaveOutcome, z.enum(["repeat", "failed", "staged"])])
    .describe("`staged`: read from its page and left for the task's next scheduled run to settle"),
  count: z.number().int().optional(),
  via: ReadVia.optional().describe("How the day was read: the page's JSON, the JSON API or the cards"),
  fallbacks: z.array(z.string()).optional().describe("Why the ways tried before `via` did not work"),
  dropped: z.number().int().optional().describe("Items dropped by validation"),
  error: z.string().optional(),
});
export type DayReport = z.infer<typeof DayReport>;

/**
 * What the repair pass found of the day it checked:
 * - `sound`: every value agreed with the others;
 * - `repaired`: a value other than the word index was missing, damaged, stale or of an older
 *   format, and was rewritten from the rest (the word index with it, where it needed that too);
 * - `indexed`: every other value agreed, and only the settled day's word index was missing,
 *   damaged or stale, and was built from them;
 * - `unreadable`: some of its papers' content is nowhere; only a fresh read can restore it.
 */
export const RepairOutcome = z.enum(["sound", "repaired", "indexed", "unreadable"]);
export type RepairOutcome = z.infer<typeof RepairOutcome>;

export const RunReport = z.object({
  trigger: z.enum(["cron", "admin", "bootstrap"]),
  task: RunTask.optional().describe(
    "A scheduled run's task: the newest list, the next day of the window, or upkeep (repair, word index)",
  ),
  started_at: IsoTime,
  duration_ms: z.number(),
  ok: z.boolean().describe("Every read worked and none was empty"),
  requests: z.number().int(),
  days: z.array(DayReport),
  staged: z
    .object({ settled_at: IsoTime })
    .optional()
    .describe(
      "Set when the run settled a page's read that its task's run before made and staged: " +
        "started_at is that read's time, settled_at this run's",
    ),
  repair: z
    .object({ date: IsoDate, outcome: RepairOutcome })
    .optional()
    .describe("The stored day this run checked, and what it found"),
  words: z
    .object({ date: IsoDate, outcome: z.enum(["current", "indexed", "skipped"]) })
    .optional()
    .describe("The settled day whose word index (for q=) this run checked, and what it did"),
  rate_limited: z
    .object({
      refusals: z.number().int().describe("Answers 429 Too Many Requests"),
      waited_ms: z.number().int().describe("Time spent waiting after 429s and for spent quotas to reset"),
      policy: z
        .object({
          name: z.string().optional(),
          quota: z.number().int().optional(),
          window_s: z.number().int().optional(),
        })
        .optional()
        .describe("The quota the upstream announced (RateLimit-Policy): e.g. pages, 100 requests per 300 s"),
    })
    .optional()
    .describe("Set when the upstream answered 429 or said a quota was spent (RateLimit r=0)"),
  merged_days: z
    .array(IsoDate)
    .optional()
    .describe("Days where this run merged back what another run observed and a slower run undid"),
  cache_tags: z.array(z.string()).optional().describe("The cache tags this run invalidated"),
  cache_tags_pending: z
    .array(z.string())
    .optional()
    .describe("Cache tags whose invalidation was refused or failed: the next run tries them again"),
  websub: z
    .object({
      hub: z.string(),
      topics: z.array(z.string()).describe("The feeds the hub took a ping for"),
      failed: z
        .array(z.object({ topic: z.string(), error: z.string() }))
        .optional()
        .describe("The feeds the hub did not take: the next run pings again"),
      error: z.string().optional(),
    })
    .optional()
    .describe("The feeds this run announced to the WebSub hub, after it (or a run before it) added papers"),
  errors: z
    .array(z.string())
    .optional()
    .describe("Steps after the reads that failed (the steps after them still ran)"),
});
export type RunReport = z.infer<typeof RunReport>;

/** A day report whose read failed or found nothing: what makes a run not ok. */
export const readFailed = (d: DayReport) => d.outcome === "failed" || d.outcome === "empty";

/** What a run reads: the newest list, or one day. */
export type Target = "latest" | string;

/** A run as the cron, an admin or a bootstrap asks for it. */
export interface RunRequest {
  now: number;
  trigger: RunReport["trigger"];
  /** The days to read; the newest list and the window's rotation when absent. */
  targets?: Target[];
  /** Workers Cache of the invocation (ctx.cache), told what the run changed. */
  cache?: CacheInvalidator;
}

/** Starts a run: src/index.ts hands serve the scrape pipeline's, so serve never imports scrape. */
export type StartRun<E> = (env: E, request: RunRequest) => Promise<RunReport>;
