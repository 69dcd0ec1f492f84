// Calendar arithmetic on YYYY-MM-DD strings, in UTC (Daily Papers days are UTC days:
// `submittedOnDailyAt` is midnight UTC, SOURCE-NOTES.md), and the times stored with data.
type IsoDate = string;

const DAY_MS = 86_400_000;

/** The first Daily Papers list: huggingface.co/papers began in May 2023. */
export const FIRST_LIST_DAY = "2023-05-01";
export const FIRST_LIST_YEAR = 2023;

export const toIsoDate = (t: number | Date): IsoDate => new Date(t).toISOString().slice(0, 10);
export const addDays = (d: IsoDate, n: number): IsoDate =>
  toIsoDate(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS);
/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: IsoDate, b: IsoDate): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

/**
 * The newest day a page may claim at `now`: the run's day plus one, for clock skew between
 * Hugging Face and a run. A stored day after it was damaged, not written by a run.
 */
export const latestClaimableDay = (now: number): IsoDate => addDays(toIsoDate(now), 1);
/** Whether a run could have stored `date` by `now`: from the first list to latestClaimableDay. */
export const isClaimableDay = (date: IsoDate, now: number) =>
  date >= FIRST_LIST_DAY && date <= latestClaimableDay(now);

/** Date.UTC without its trap: it reads the years 0 to 99 as 1900 to 1999. */
function utc(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

/** Monday of ISO week 1: the week with the year's first Thursday (ISO 8601, 4 January). */
function isoWeekOneMonday(year: number): number {
  const jan4 = utc(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - weekday * DAY_MS;
}

/** 52 or 53: a year has 53 ISO weeks when its week 53 Monday is still before next week 1. */
export function isoWeeksInYear(year: number): number {
  return Math.round((isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / (7 * DAY_MS));
}

/** Monday..Sunday of ISO week `week` of ISO year `year` (may start in December). */
export function isoWeekRange(year: number, week: number): [IsoDate, IsoDate] {
  const monday = isoWeekOneMonday(year) + (week - 1) * 7 * DAY_MS;
  return [toIsoDate(monday), toIsoDate(monday + 6 * DAY_MS)];
}

/** The Monday of the ISO week a day is in. */
export function mondayOf(d: IsoDate): IsoDate {
  const t = Date.parse(`${d}T00:00:00Z`);
  return toIsoDate(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS);
}

/** The ISO 8601 week a day is in, `YYYY-Www`: its year is the year of the week's Thursday. */
export function isoWeekOf(d: IsoDate): string {
  const monday = Date.parse(`${mondayOf(d)}T00:00:00Z`);
  const year = new Date(monday + 3 * DAY_MS).getUTCFullYear();
  const week = Math.round((monday - isoWeekOneMonday(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** First..last day of a month. */
export function monthRange(year: number, month: number): [IsoDate, IsoDate] {
  return [toIsoDate(utc(year, month - 1, 1)), toIsoDate(utc(year, month, 0))];
}

/** The newest of some ISO timestamps (they sort as text), or undefined when there are none. */
export const newest = (times: (string | undefined | null)[]): string | undefined =>
  times.reduce<string | undefined>((a, t) => (t && (!a || t > a) ? t : a), undefined);

/** Orders things with a date newest first (days, index entries). */
export const newestFirst = (a: { date: string }, b: { date: string }) =>
  a.date < b.date ? 1 : a.date > b.date ? -1 : 0;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether the YYYY-MM-DD that `s` starts with (its shape already checked) names a real day.
 * By its fields, not a Date and its ISO string: stored values hold thousands of dates, and the
 * two allocations were 3 % of a 200-paper answer.
 */
export function isRealDay(s: string): boolean {
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** The newest `n` of some YYYY-MM-DD days (they sort as text), newest first. */
export const newestDays = (days: Iterable<string>, n: number): string[] =>
  [...days].sort().reverse().slice(0, Math.max(0, n));

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Whether a text is a UTC time as Date.toISOString writes it, in the years 2000 to 9999:
 * what may reach a Last-Modified header (RFC 9110 section 5.6.7) or a feed's dates.
 */
export function isIsoTime(s: string): boolean {
  if (!ISO_TIME.test(s) || s < "2000" || !isRealDay(s)) return false;
  const [hh, mm, ss] = [s.slice(11, 13), s.slice(14, 16), s.slice(17, 19)];
  return hh < "24" && mm < "60" && ss < "60";
}

/** An upstream time as an ISO time, or undefined when it is not a real one. */
export function toIsoTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  const iso = new Date(t).toISOString();
  return isIsoTime(iso) ? iso : undefined;
}

/**
 * How far past a run a stored time may lie and still be some run's (seconds): a run's time is its
 * schedule's, which can be behind another run's clock (an admin run's) by a little, never by a day.
 */
export const CLOCK_MARGIN_S = 86_400;

/**
 * Whether a stored time (unix seconds) lies past what any run could have stamped by a run at `at`
 * (unix seconds): damaged, it dates nothing.
 */
export const stampedByNoRun = (t: number, at: number) => t > at + CLOCK_MARGIN_S;

/**
 * The time a change is stamped with: now, but always at least a second after the last
 * change, so Last-Modified (one-second precision, RFC 9110 section 8.8.2) strictly grows
 * whatever order runs stamp in (a cron run's scheduled time can be earlier than an admin
 * run's clock).
 */
export function nextVersion(now: number, previous?: string | null): string {
  const last = previous && isIsoTime(previous) ? Date.parse(previous) : Number.NaN;
  // One more than a day after now was stamped by no run (damaged): a version after it would
  // carry the damage into every later one, which the index refuses to take (updateIndex).
  const floor =
    Number.isNaN(last) || stampedByNoRun(last / 1000, now / 1000) ? 0 : Math.floor(last / 1000) * 1000 + 1000;
  return new Date(Math.max(now, floor)).toISOString();
}

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * A time as an IMF-fixdate (RFC 9110 section 5.6.7; RSS 2.0's RFC 822 date with a four-digit
 * year, as RFC 1123 section 5.2.14 recommends): what `toUTCString` writes for years 0 to 9999.
 * By hand: in workerd's profile of the default JSON answer, its one `toUTCString` call (the
 * Last-Modified header) took 2.5 to 3.4 % of the samples, and the UTC getters written out took
 * 1.1 % (bench/FINDINGS.md, "Answer bytes, dates and summaries kept").
 */
export function imfFixdate(t: number): string {
  const d = new Date(t);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${DAY_NAMES[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTH_NAMES[d.getUTCMonth()]} ${pad(d.getUTCFullYear(), 4)} ${time} GMT`;
}
