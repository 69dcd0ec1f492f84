// Every KV key this Worker uses, declared once (README, "KV layout"). Both pipelines meet
// here: scrape writes these keys, serve reads them.
import type { IsoDate } from "../core/paper";

export const keys = {
  /** One listed day and its papers: a DayRecord. */
  day: (date: IsoDate) => `day:${date}`,
  /** The stored days and the data version: an Index. */
  index: "days",
  /** The days one paper was listed on: a JSON array of dates, newest first. */
  paper: (id: string) => `paper:${id}`,
  /** The last run's report and the last time a run read anything. */
  status: "status",
  /** Set for a minute when an empty archive starts a scrape, so only one starts. */
  bootstrap: "bootstrap",
} as const;
