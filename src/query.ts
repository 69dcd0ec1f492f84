// Query parameters of the list routes, validated with zod. A bad value answers 400 naming
// the parameter and the rule it broke; unknown parameters are ignored (cache-busters).
import { z } from "zod";
import { daysBetween } from "./dates";
import { BadRequestError } from "./errors";
import { IsoDate } from "./model";

export const MAX_RANGE_DAYS = 92;
export const MAX_LIMIT = 200;

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number written in digits")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max.toLocaleString("en")}`));

const dayParams = { date: IsoDate.optional(), from: IsoDate.optional(), to: IsoDate.optional() };

/** `date`, or `from` and `to` spanning at most `maxDays` days. */
const dayRules =
  (maxDays: number, required = false) =>
  (q: { date?: string; from?: string; to?: string }, ctx: z.RefinementCtx) => {
    const fail = (param: string, message: string) => ctx.addIssue({ code: "custom", path: [param], message });
    if (q.date && (q.from || q.to)) return fail("date", "cannot be combined with from or to");
    if (q.from && !q.to) return fail("to", "is required with from");
    if (q.to && !q.from) return fail("from", "is required with to");
    if (required && !q.date && !q.from) return fail("date", "date, or from and to, is required");
    if (q.from && q.to) {
      if (q.from > q.to) return fail("from", "must not be after to");
      if (daysBetween(q.from, q.to) + 1 > maxDays) return fail("to", `the range from..to must span at most ${maxDays} days`);
    }
  };

export const ListQuery = z
  .object({
    ...dayParams,
    min_upvotes: whole(0, 1_000_000).optional(),
    limit: whole(1, MAX_LIMIT).optional(),
  })
  .superRefine(dayRules(MAX_RANGE_DAYS));
export type ListQuery = z.infer<typeof ListQuery>;

/** Days a single admin scrape may read: each costs up to a few requests of the run's 45. */
export const MAX_SCRAPE_DAYS = 10;
export const ScrapeQuery = z.object(dayParams).superRefine(dayRules(MAX_SCRAPE_DAYS, true));
export type ScrapeQuery = z.infer<typeof ScrapeQuery>;

/** Reads the list parameters from a URL (first value of each wins; unknown ones ignored). */
export const parseListQuery = (params: URLSearchParams) => parseQuery(ListQuery, params);
export const parseScrapeQuery = (params: URLSearchParams) => parseQuery(ScrapeQuery, params);

function parseQuery<S extends z.ZodObject>(schema: S, params: URLSearchParams): z.infer<S> {
  const input: Record<string, string> = {};
  for (const k of Object.keys(schema.shape)) {
    const v = params.get(k);
    if (v !== null) input[k] = v;
  }
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new BadRequestError(String(issue.path[0] ?? "query"), issue.message, { cause: r.error });
  }
  return r.data;
}
