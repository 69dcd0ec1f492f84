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

export const ListQuery = z
  .object({
    date: IsoDate.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    min_upvotes: whole(0, 1_000_000).optional(),
    limit: whole(1, MAX_LIMIT).optional(),
  })
  .superRefine((q, ctx) => {
    const fail = (param: string, message: string) => ctx.addIssue({ code: "custom", path: [param], message });
    if (q.date && (q.from || q.to)) return fail("date", "cannot be combined with from or to");
    if (q.from && !q.to) return fail("to", "is required with from");
    if (q.to && !q.from) return fail("from", "is required with to");
    if (q.from && q.to) {
      if (q.from > q.to) return fail("from", "must not be after to");
      if (daysBetween(q.from, q.to) + 1 > MAX_RANGE_DAYS) return fail("to", `the range from..to must span at most ${MAX_RANGE_DAYS} days`);
    }
  });
export type ListQuery = z.infer<typeof ListQuery>;

const KNOWN = Object.keys(ListQuery.shape) as (keyof ListQuery)[];

/** Reads the known list parameters from a URL (first value of each wins). */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const input: Record<string, string> = {};
  for (const k of KNOWN) {
    const v = params.get(k);
    if (v !== null) input[k] = v;
  }
  const r = ListQuery.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new BadRequestError(String(issue.path[0] ?? "query"), issue.message, { cause: r.error });
  }
  return r.data;
}
