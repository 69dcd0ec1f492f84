// Every KV key this Worker uses, declared once (README, "KV layout"). Both pipelines meet
// here: scrape writes these keys, serve reads them.
import type { IsoDate } from "../core/paper";

export const keys = {
  /** One listed day's full papers, as last read in full: a DayRecord. */
  day: (date: IsoDate) => `day:${date}`,
  /** What selection reads of a day: ids, upvotes and versions (a DaySummary). Small. */
  summary: (date: IsoDate) => `list:${date}`,
  /** What `q=` searches in a day: each paper's text, lowercased (searchText.ts). */
  text: (date: IsoDate) => `text:${date}`,
  /** An index of text:D's words, built once a day's content has settled (searchText.ts, wordsOf). */
  words: (date: IsoDate) => `words:${date}`,
  /** What `author=` and `org=` search in a day, and what a digest shows of it (searchText.ts). */
  brief: (date: IsoDate) => `brief:${date}`,
  /** Each paper's upvotes over time on one listed day (a DayHistory). */
  history: (date: IsoDate) => `hist:${date}`,
  /** The stored days and the data version: an Index. */
  index: "days",
  /** One paper: its content without upvotes, and the days it was listed on (a PaperRecord). */
  paper: (id: string) => `paper:${id}`,
  /** The last run's report and the last time a run read anything. */
  status: "status",
  /** Set for a minute when an empty archive starts a scrape, so only one starts. */
  bootstrap: "bootstrap",
} as const;

/** The prefix every day record's key starts with: listing it rebuilds the index. */
export const DAY_PREFIX = "day:";
export const dateOfDayKey = (key: string) => key.slice(DAY_PREFIX.length);

/** KV answers at most 100 keys to one bulk read (developers.cloudflare.com/kv/api/read-key-value-pairs). */
export const BULK_READ_MAX = 100;
