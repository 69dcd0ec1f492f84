// Query parameters of the list routes, validated with zod. A bad value answers 400 naming
// the parameter and the rule it broke; unknown parameters are ignored (cache-busters).
// The same schemas describe the parameters in /openapi.json.
import * as z from "zod";
import { daysBetween, FIRST_LIST_YEAR, isoWeekRange, isoWeeksInYear, monthRange } from "../core/dates";
import { IsoDate, isCalendarDate } from "../core/paper";
import { XML_FORBIDDEN } from "../core/text";
import { BadRequestError } from "./errors";

/** What a search text may not hold: controls (tab and newline included) and what XML forbids. */
const CONTROL_OR_XML_FORBIDDEN = new RegExp(`[\\u0000-\\u001F\\u007F]|${XML_FORBIDDEN.source}`);

export const MAX_RANGE_DAYS = 92;
export const MAX_LIMIT = 200;
/**
 * Days a single admin scrape may read. Each page costs 2 to 3 ms of CPU to read and save
 * (README, "Performance"), so three keep a call near the free plan's 10 ms an invocation.
 */
export const MAX_SCRAPE_DAYS = 3;

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number written in digits")
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `must be at least ${min}`)
        .max(max, `must be at most ${max.toLocaleString("en")}`),
    );

// Daily Papers began in May 2023: no query can name an earlier year (and years below 100 are
// a calendar trap).
const FIRST_YEAR = FIRST_LIST_YEAR;
const YEAR_RULE = `must be in ${FIRST_YEAR} or later: Daily Papers began in May ${FIRST_YEAR}`;
const recentEnough = (s: string) => Number(s.slice(0, 4)) >= FIRST_YEAR;
const ListedDay = IsoDate.refine(recentEnough, YEAR_RULE);

const IsoWeek = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, "must be an ISO week written YYYY-Www")
  .refine(recentEnough, YEAR_RULE)
  .refine((s) => {
    const week = Number(s.slice(6));
    return week >= 1 && week <= isoWeeksInYear(Number(s.slice(0, 4)));
  }, "must be a week that exists in that ISO year (01 to 52 or 53)")
  // 9999-W52 ends in the year 10000, which no YYYY-MM-DD can name (and which sorts before every stored day).
  .refine(
    (s) => isCalendarDate(isoWeekRange(Number(s.slice(0, 4)), Number(s.slice(6)))[1]),
    "must end by 9999-12-31",
  );

const Month = z
  .string()
  .regex(/^\d{4}-\d{2}$/, "must be a month written YYYY-MM")
  .refine(recentEnough, YEAR_RULE)
  .refine((s) => Number(s.slice(5)) >= 1 && Number(s.slice(5)) <= 12, "must be a month from 01 to 12");

/**
 * A position in a sorted list: the sort key of the last paper of the previous page, [listed
 * day, upvotes, id], and for `sort=rising` the upvotes gained as a fourth element.
 */
export const CursorKey = z.tuple(
  [IsoDate, z.number().int().nonnegative(), z.string().max(40)],
  z.number().int().nonnegative(),
);
export type CursorKey = z.infer<typeof CursorKey>;

export const SORTS = ["date", "upvotes", "rising"] as const;
export type Sort = (typeof SORTS)[number];
/** The order of a query that names none. */
export const DEFAULT_SORT: Sort = "date";
export const DIGESTS = ["day"] as const;
export type Digest = (typeof DIGESTS)[number];
/** "must be a, b or c": a 400's rule for a parameter that takes one of some values. */
const mustBeOneOf = (values: readonly string[]) =>
  `must be ${values.length > 1 ? `${values.slice(0, -1).join(", ")} or ` : ""}${values.at(-1)}`;
/** The bounds of `min_upvotes`. */
export const MIN_UPVOTES = { min: 0, max: 1_000_000 } as const;

/** How many elements a position has in each order: rising's fourth is the gain. */
const positionLength = (sort: Sort) => (sort === "rising" ? 4 : 3);
const LONGEST_POSITION = Math.max(...SORTS.map(positionLength));

/** A cursor as written: the order it is a position in, then the position, exactly as long as that order's. */
const NamedCursor = z
  .tuple([z.enum(SORTS)], z.unknown())
  .transform(([sort, ...key]) => ({ sort, key }))
  .pipe(z.object({ sort: z.enum(SORTS), key: CursorKey }))
  .refine(({ sort, key }) => key.length === positionLength(sort));
/**
 * A bare position, no order named, is read too, as a position in any order of its length: next
 * links that readers have already fetched carry them.
 */
const BareCursor = CursorKey.refine((key) => key.length <= LONGEST_POSITION).transform((key) => ({
  sort: undefined,
  key,
}));
const WrittenCursor = z.union([NamedCursor, BareCursor]);

export const encodeCursor = (key: CursorKey, sort: Sort = DEFAULT_SORT) =>
  btoa(JSON.stringify([sort, ...key]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
function decodeCursor(s: string): { sort?: Sort; key: CursorKey } | undefined {
  try {
    return WrittenCursor.safeParse(JSON.parse(atob(s.replaceAll("-", "+").replaceAll("_", "/")))).data;
  } catch {
    return undefined;
  }
}

/** A cursor must be one an answer wrote, and a position in the query's order. */
function cursorRules(q: { cursor?: string; sort?: Sort }, ctx: z.RefinementCtx) {
  if (q.cursor === undefined) return;
  const written = decodeCursor(q.cursor);
  const sort = q.sort ?? DEFAULT_SORT;
  const message = !written
    ? "must be a cursor from a previous answer's next link"
    : written.sort !== undefined && written.sort !== sort
      ? `is a position in another order (sort=${written.sort}): page on with that order, or start again without a cursor`
      : written.key.length !== positionLength(sort)
        ? `is not a position in this order (sort=${sort}): start again without a cursor`
        : undefined;
  if (message) ctx.addIssue({ code: "custom", path: ["cursor"], message });
}

const dayParams = {
  date: ListedDay.optional().describe("The papers listed on this day (YYYY-MM-DD)."),
  from: ListedDay.optional().describe("First listed day of an inclusive range (YYYY-MM-DD); needs `to`."),
  to: ListedDay.optional().describe(
    `Last listed day of an inclusive range (YYYY-MM-DD); needs \`from\`; at most ${MAX_RANGE_DAYS} days.`,
  ),
};

type DayFields = { date?: string; from?: string; to?: string; week?: string; month?: string };

/** At most one way of naming days; `from` and `to` together, in order, within `maxDays`. */
const dayRules =
  (maxDays: number, required = false) =>
  (q: DayFields, ctx: z.RefinementCtx) => {
    const fail = (param: string, message: string) => ctx.addIssue({ code: "custom", path: [param], message });
    const given = (["date", "from", "week", "month"] as const).filter(
      (k) => q[k] !== undefined || (k === "from" && q.to !== undefined),
    );
    if (given.length > 1) return fail(given[1]!, `cannot be combined with ${given[0]}`);
    if (q.from && !q.to) return fail("to", "is required with from");
    if (q.to && !q.from) return fail("from", "is required with to");
    if (required && given.length === 0) return fail("date", "date, or from and to, is required");
    if (q.from && q.to) {
      if (q.from > q.to) return fail("from", "must not be after to");
      if (daysBetween(q.from, q.to) + 1 > maxDays)
        return fail("to", `the range from..to must span at most ${maxDays} days`);
    }
  };

/** Text to find (q, author, org): 1 to 200 characters, no control characters. */
const searchText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine(
    (v) => !CONTROL_OR_XML_FORBIDDEN.test(v),
    "must not contain control characters or characters XML 1.0 forbids",
  )
  // URLSearchParams decodes percent-encoded bytes that are not UTF-8 (%FF, a lone surrogate
  // as %ED%A0%80) to U+FFFD: refused, as the `id` path parameter refuses them, rather than searched for.
  .refine(
    (v) => !v.includes("\uFFFD"),
    "must be percent-encoded UTF-8 (U+FFFD stands for bytes that are not)",
  )
  // Stored text has each run of white space folded into one space (core/text.ts): so has the needle.
  .transform((v) => v.replace(/\s+/g, " "))
  .optional();

/**
 * The parameters a digest does not take, and why: declared once, a 400 names the parameter
 * and this rule, and the parameter's description in /openapi.json repeats it.
 */
export const NOT_IN_A_DIGEST = {
  sort: "does not apply to a digest, whose days come newest first and whose papers come most upvoted first",
} as const;

function digestRules(q: { digest?: string; sort?: string }, ctx: z.RefinementCtx) {
  if (!q.digest) return;
  for (const [param, rule] of Object.entries(NOT_IN_A_DIGEST))
    if (q[param as keyof typeof NOT_IN_A_DIGEST] !== undefined)
      ctx.addIssue({ code: "custom", path: [param], message: rule });
}

export const ListQuery = z
  .object({
    ...dayParams,
    week: IsoWeek.optional().describe(
      "The papers listed in this ISO 8601 week, Monday to Sunday (YYYY-Www).",
    ),
    month: Month.optional().describe("The papers listed in this month (YYYY-MM)."),
    min_upvotes: whole(MIN_UPVOTES.min, MIN_UPVOTES.max)
      .optional()
      .describe(
        `Only papers with at least this many upvotes (${MIN_UPVOTES.min} to ${MIN_UPVOTES.max.toLocaleString("en")}).`,
      ),
    q: searchText.describe("Case-insensitive text to find in the title, abstract or AI keywords."),
    author: searchText.describe(
      "Papers with an author whose name contains this, ignoring case and accents (1 to 200 characters).",
    ),
    org: searchText.describe(
      "Papers whose organisation's name or full name contains this, ignoring case and accents (1 to 200 characters).",
    ),
    digest: z
      .enum(DIGESTS, mustBeOneOf(DIGESTS))
      .optional()
      .describe(
        "`day`: one entry per listed day instead of one per paper, its papers ranked by upvotes (the feeds only).",
      ),
    sort: z
      .enum(SORTS, mustBeOneOf(SORTS))
      .optional()
      .describe(
        "`date` (default): newest day first, most upvoted first within a day. `upvotes`: most upvoted first. " +
          "`rising`: most upvotes gained over the last 24 hours of stored history first (none counts as 0; " +
          "the histories of at most the newest 10 days that changed are read), " +
          "then most upvoted, then by id. " +
          `Not with \`digest\`: it ${NOT_IN_A_DIGEST.sort}.`,
      ),
    limit: whole(1, MAX_LIMIT)
      .optional()
      .describe(`Papers per page, 1 to ${MAX_LIMIT} (default ${MAX_LIMIT}).`),
    cursor: z
      .string()
      .optional()
      .describe(
        "Where the page starts: copy it from the previous answer's `next` link. " +
          "It is a position in that answer's order: another `sort` refuses it.",
      ),
  })
  .superRefine(dayRules(MAX_RANGE_DAYS))
  .superRefine(digestRules)
  .superRefine(cursorRules);
export type ListQuery = z.infer<typeof ListQuery>;

export const ScrapeQuery = z.object(dayParams).superRefine(dayRules(MAX_SCRAPE_DAYS, true));
export type ScrapeQuery = z.infer<typeof ScrapeQuery>;

/** The listed days a query names, or undefined for "the newest stored days". */
export function daySpan(q: DayFields): [IsoDate, IsoDate] | undefined {
  if (q.date) return [q.date, q.date];
  if (q.from && q.to) return [q.from, q.to];
  if (q.week) return isoWeekRange(Number(q.week.slice(0, 4)), Number(q.week.slice(6)));
  if (q.month) return monthRange(Number(q.month.slice(0, 4)), Number(q.month.slice(5)));
  return undefined;
}

export const cursorOf = (q: ListQuery): CursorKey | undefined =>
  q.cursor ? decodeCursor(q.cursor)?.key : undefined;

/** Reads the list parameters from a URL (each known one at most once; unknown ones ignored). */
export const parseListQuery = (params: URLSearchParams) => parseQuery(ListQuery, params);
export const parseScrapeQuery = (params: URLSearchParams) => parseQuery(ScrapeQuery, params);

function parseQuery<S extends z.ZodObject>(schema: S, params: URLSearchParams): z.infer<S> {
  const input: Record<string, string> = {};
  for (const k of Object.keys(schema.shape)) {
    const values = params.getAll(k);
    // Two values are two answers the client may mean (both days, or either): it says which.
    if (values.length > 1) throw new BadRequestError(k, "must be given once");
    if (values.length === 1) input[k] = values[0]!;
  }
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new BadRequestError(String(issue.path[0] ?? "query"), issue.message, { cause: r.error });
  }
  return r.data;
}

/** The known parameters of a query, in a fixed order: for cache keys and self links. */
export function canonicalParams(
  q: ListQuery,
  override: Partial<Record<keyof ListQuery, string | undefined>> = {},
): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of Object.keys(ListQuery.shape) as (keyof ListQuery)[]) {
    const v = k in override ? override[k] : q[k];
    if (v !== undefined) out.set(k, String(v));
  }
  return out;
}
