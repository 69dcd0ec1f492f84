// What the JSON routes answer, as zod schemas: the source of /openapi.json, and what the
// tests parse answers with.
import * as z from "zod";
import { IsoDate, Paper } from "../core/paper";
import { RunReport } from "../core/runReport";

export const StatusAnswer = z.object({
  last_run: RunReport.nullable(),
  last_success_at: z.string().nullable().describe("The last run in which at least one day was read"),
  newest_day: IsoDate.nullable(),
  days_stored: z.number().int(),
  stale: z
    .boolean()
    .describe("No run has read anything for longer than stale_after_minutes, or none ever did"),
  stale_after_minutes: z.number().int(),
});
export type StatusAnswer = z.infer<typeof StatusAnswer>;

export const PapersAnswer = z.object({
  count: z.number().int().describe("Papers in this page"),
  total: z.number().int().describe("Papers matching the filters, over all pages"),
  days: z.array(IsoDate).describe("The stored days the answer covers, newest first"),
  filters: z.record(z.string(), z.unknown()).describe("The known parameters applied"),
  next: z.string().nullable().describe("The next page, or null"),
  papers: z.array(Paper),
});
export type PapersAnswer = z.infer<typeof PapersAnswer>;

export const PaperAnswer = z.object({
  paper: Paper,
  listed_on: z.array(IsoDate),
  upvote_history: z
    .array(z.tuple([z.string(), z.number().int()]))
    .describe("Upvotes over time on the newest day it was listed on: [ISO time, upvotes from then on]"),
});
export const DaysAnswer = z.object({
  count: z.number().int(),
  days: z.array(z.object({ date: IsoDate, count: z.number().int() })).describe("Newest first"),
});

/** RFC 9457 problem details. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  parameter: z.string().optional().describe("For invalid-parameter: the parameter"),
  rule: z.string().optional().describe("For invalid-parameter: the rule it broke"),
});
export type Problem = z.infer<typeof Problem>;
