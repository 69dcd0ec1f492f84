// What one read of a day gives, whichever way it was read.
import type { IsoDate, Paper } from "../core/paper";
import type { ReadVia } from "../core/runReport";

export interface DayRead {
  /** The day the source says it shows (may differ from the day asked for). */
  date: IsoDate;
  via: ReadVia;
  papers: Paper[];
  /**
   * Each paper carries only its id, title, links and upvotes (the cards). Saving keeps what
   * is stored of the rest (abstract, authors…) instead of replacing it with nothing.
   */
  partial: boolean;
  /**
   * Papers of a partial read whose card showed no upvote count: their count is unknown, not
   * 0, and the stored one stays.
   */
  unknownUpvotes?: ReadonlySet<string>;
  /** Items that failed validation and were left out. */
  dropped: number;
  /** Valid items whose own list date is another day than the one shown. */
  otherDay: number;
}
