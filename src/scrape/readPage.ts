// The first way of reading a day: the JSON the page embeds in its `DailyPapers` element.
import { type IsoDate, isCalendarDate, LIMITS, type Paper } from "../core/paper";
import type { DayRead } from "./dayRead";
import { embeddedProps } from "./embedded";
import { ParseError } from "./errors";
import { PageProps, toPaper, UpstreamItem } from "./upstreamSchema";

/** `/papers` for the newest list, `/papers/date/D` for one day (SOURCE-NOTES.md, "Pages"). */
export function pageUrl(origin: string, date?: IsoDate): string {
  const base = origin.replace(/\/+$/, "");
  return date ? `${base}/papers/date/${date}` : `${base}/papers`;
}

const dayOf = (s: string | null | undefined): string | undefined => {
  const d = s?.slice(0, 10);
  return d && isCalendarDate(d) ? d : undefined;
};

/** A day lies after the page's previous day and before its next one, where the page names them. */
const betweenNeighbours = (day: string, prev?: string, next?: string) =>
  (!prev || prev < day) && (!next || day < next);

/** Reads the `DailyPapers` element's `data-props` JSON out of a page (text or bytes). */
export function parsePage(html: string | Uint8Array): DayRead {
  const raw = embeddedProps(html);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ParseError("data-props is not valid JSON", { cause });
  }
  return readProps(json);
}

/** Validates the page props and keeps the papers of the day the page shows. */
export function readProps(json: unknown, reader: "page" | "api" = "page"): DayRead {
  const props = PageProps.safeParse(json);
  if (!props.success) {
    const why = props.error.issues[0]?.message;
    throw new ParseError(`page props do not fit the schema: ${why}`, { cause: props.error });
  }
  const { dailyPapers, dateString, date, prevDate, nextDate, periodType } = props.data;

  const items: UpstreamItem[] = [];
  let firstIssue = "";
  // Real days list at most about 60 papers; a page with thousands would spend the day's KV
  // writes on one run. Items past the cap are left out and counted as dropped. A repeat of an
  // id already read on the same list date collapses into it (below) and takes no room: 300
  // copies of one item must not hide the list after them. (A paper listed on two days, on a
  // period page, is no repeat: each day keeps it.)
  const ids = new Set<string>();
  // The list day, not the string: copies differing in the time of day are one paper on one day.
  const keyOf = (paper?: { id?: unknown; submittedOnDailyAt?: unknown }) =>
    `${paper?.id} ${typeof paper?.submittedOnDailyAt === "string" ? dayOf(paper.submittedOnDailyAt) : undefined}`;
  let considered = 0;
  let repeats = 0;
  for (const raw of dailyPapers) {
    const paper = (raw as { paper?: { id?: unknown; submittedOnDailyAt?: unknown } } | null)?.paper;
    if (ids.has(keyOf(paper))) {
      repeats++;
      continue;
    }
    if (considered === LIMITS.papersPerDay) break;
    considered++;
    const r = UpstreamItem.safeParse(raw);
    if (r.success) {
      items.push(r.data);
      ids.add(keyOf(r.data.paper));
    } else firstIssue ||= `${r.error.issues[0]?.path.join(".")}: ${r.error.issues[0]?.message}`;
  }
  const dropped = dailyPapers.length - repeats - items.length;
  if (considered > 0 && items.length * 2 < considered) {
    throw new ParseError(`${dropped} of ${dailyPapers.length} items fail validation (first: ${firstIssue})`);
  }

  // The day shown is what the page says (dateString) when it shows one day; a period
  // page falls back to the newest list date among its items.
  const listDates = items.map((i) => dayOf(i.paper.submittedOnDailyAt));
  // The current template names it in dateString, the older one in date (a timestamp).
  const named = periodType == null || periodType === "day" ? (dayOf(dateString) ?? dayOf(date)) : undefined;
  if (named && !betweenNeighbours(named, dayOf(prevDate), dayOf(nextDate))) {
    throw new ParseError(`page shows ${named}, not between prevDate ${prevDate} and nextDate ${nextDate}`);
  }
  const shown =
    named ??
    listDates
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
  if (!shown) {
    if (items.length === 0) throw new ParseError("empty list on a page that does not say which day it shows");
    throw new ParseError("page does not say which day it shows");
  }

  const seen = new Set<string>();
  const papers: Paper[] = [];
  let otherDay = 0;
  for (const [n, item] of items.entries()) {
    // An item's own list date wins; 2024-shape items have none and take the page's.
    if ((listDates[n] ?? shown) !== shown) {
      otherDay++;
      continue;
    }
    if (seen.has(item.paper.id)) continue;
    seen.add(item.paper.id);
    papers.push(toPaper(item, shown));
  }
  return { date: shown, via: reader, papers, partial: false, dropped, otherDay };
}
