// Calendar arithmetic on YYYY-MM-DD strings, in UTC (Daily Papers days are UTC days:
// `submittedOnDailyAt` is midnight UTC, SOURCE-NOTES.md).
import type { IsoDate } from "./model";

const DAY_MS = 86_400_000;
export const toIsoDate = (t: number | Date): IsoDate => new Date(t).toISOString().slice(0, 10);
export const addDays = (d: IsoDate, n: number): IsoDate => toIsoDate(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS);
/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
