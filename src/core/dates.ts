// Calendar arithmetic on YYYY-MM-DD strings, in UTC (Daily Papers days are UTC days:
// `submittedOnDailyAt` is midnight UTC, SOURCE-NOTES.md).
import type { IsoDate } from "./paper";

const DAY_MS = 86_400_000;
export const toIsoDate = (t: number | Date): IsoDate => new Date(t).toISOString().slice(0, 10);
export const addDays = (d: IsoDate, n: number): IsoDate =>
  toIsoDate(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS);
/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: IsoDate, b: IsoDate): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

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
