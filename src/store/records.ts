// The stored records: what a day and the index look like in KV.
import * as z from "zod";
import { IsoDate, Paper } from "../core/paper";
import { ReadVia } from "../core/runReport";

export const DayRecord = z.object({
  date: IsoDate,
  via: ReadVia,
  /** When this record's content last changed (not when it was last checked). */
  updated_at: z.string(),
  papers: z.array(Paper),
});
export type DayRecord = z.infer<typeof DayRecord>;

export const DayIndex = z.array(z.object({ date: IsoDate, count: z.number().int().nonnegative() }));
export type DayIndex = z.infer<typeof DayIndex>;

/** The stored days, and when any day's content last changed (the data version). */
export interface Index {
  updated_at: string | null;
  days: DayIndex;
}
export const Index: z.ZodType<Index> = z.union([
  z.object({ updated_at: z.string().nullable(), days: DayIndex }),
  // The first release stored the bare array.
  DayIndex.transform((days): Index => ({ updated_at: null, days })),
]);

export const EMPTY_INDEX: Index = { updated_at: null, days: [] };
