// The Cache-Tag names both pipelines agree on: serve tags each cached answer with what it
// was built from, and a scrape purges (or invalidates) the tags of what it changed.
// Tags are printable ASCII and matched case-insensitively (developers.cloudflare.com/workers/cache/purge/).
import type { IsoDate } from "./paper";

export const cacheTags = {
  /** Answers built from this listed day, or covering it in their range. */
  day: (date: IsoDate) => `d:${date}`,
  /** Answers that depend on which days are stored (/api/days, the newest-days defaults). */
  days: "days",
  /** Answers that show the last run (the front page, /api/status). */
  status: "status",
} as const;

/** What a run tells the cache: Workers Cache's ctx.cache (invalidate where the runtime has it). */
export interface CacheInvalidator {
  purge(options: { tags: string[] }): Promise<{ success: boolean }>;
  invalidate?(options: { tags: string[] }): Promise<{ success: boolean }>;
}
