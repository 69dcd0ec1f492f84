// The source: fetch one Daily Papers page and read the day's papers out of it.
import { parseHTML } from "linkedom";
import { ParseError, UpstreamError } from "./errors";
import { IsoDate, PageProps, UpstreamItem, isCalendarDate, toPaper, type Paper, type ReadVia } from "./model";

export const USER_AGENT = "daily-papers-feed/0.1 (+https://github.com/daily-papers-feed/daily-papers-feed)";

/** What one page gave us: the day it really shows and that day's papers. */
export interface DayRead {
  /** The day the page says it shows (may differ from the day asked for). */
  date: IsoDate;
  via: ReadVia;
  papers: Paper[];
  /** Items that failed validation and were left out. */
  dropped: number;
  /** Valid items whose own list date is another day than the page's. */
  otherDay: number;
}

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** `/papers` for the newest list, `/papers/date/D` for one day (SOURCE-NOTES.md, "Pages"). */
export function pageUrl(origin: string, date?: IsoDate): string {
  const base = origin.replace(/\/+$/, "");
  return date ? `${base}/papers/date/${date}` : `${base}/papers`;
}

const dayOf = (s: string | null | undefined): string | undefined => {
  const d = s?.slice(0, 10);
  return d && isCalendarDate(d) ? d : undefined;
};

/** Reads the `DailyPapers` element's `data-props` JSON out of a page. */
export function parsePage(html: string): DayRead {
  const { document } = parseHTML(html);
  const el = document.querySelector('[data-target="DailyPapers"][data-props]');
  if (!el) throw new ParseError("no DailyPapers element with data-props in the page");
  // linkedom decodes the attribute's entities exactly once (HTMLRewriter would not:
  // lol-html issue 131), so this is the JSON the page was built from.
  const raw = el.getAttribute("data-props") ?? "";
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ParseError("data-props is not valid JSON", { cause });
  }
  return readProps(json);
}

/** Validates the page props and keeps the papers of the day the page shows. */
export function readProps(json: unknown): DayRead {
  const props = PageProps.safeParse(json);
  if (!props.success) throw new ParseError(`page props do not fit the schema: ${props.error.issues[0]?.message}`, { cause: props.error });
  const { dailyPapers, dateString, periodType } = props.data;

  const items: UpstreamItem[] = [];
  let firstIssue = "";
  for (const raw of dailyPapers) {
    const r = UpstreamItem.safeParse(raw);
    if (r.success) items.push(r.data);
    else firstIssue ||= `${r.error.issues[0]?.path.join(".")}: ${r.error.issues[0]?.message}`;
  }
  const dropped = dailyPapers.length - items.length;
  if (dailyPapers.length > 0 && items.length * 2 < dailyPapers.length) {
    throw new ParseError(`${dropped} of ${dailyPapers.length} items fail validation (first: ${firstIssue})`);
  }

  // The day shown is what the page says (dateString) when it shows one day; a period
  // page falls back to the newest list date among its items.
  const listDate = (i: UpstreamItem) => dayOf(i.paper.submittedOnDailyAt);
  const shown =
    (periodType == null || periodType === "day" ? dayOf(dateString) : undefined) ??
    items.map(listDate).filter((d): d is string => !!d).sort().at(-1);
  if (!shown) {
    if (items.length === 0) throw new ParseError("empty list on a page that does not say which day it shows");
    throw new ParseError("page does not say which day it shows");
  }

  const seen = new Set<string>();
  const papers: Paper[] = [];
  let otherDay = 0;
  for (const item of items) {
    // An item's own list date wins; 2024-shape items have none and take the page's.
    if ((listDate(item) ?? shown) !== shown) {
      otherDay++;
      continue;
    }
    if (seen.has(item.paper.id)) continue;
    seen.add(item.paper.id);
    papers.push(toPaper(item, shown));
  }
  return { date: shown, via: "page", papers, dropped, otherDay };
}

export interface FetchDayOptions {
  origin: string;
  /** The day to ask for; omitted for the newest list. */
  date?: IsoDate;
  fetch: FetchFn;
  timeoutMs?: number;
}

/** Fetches one page and reads it. Throws UpstreamError or ParseError. */
export async function fetchDay({ origin, date, fetch, timeoutMs = 15_000 }: FetchDayOptions): Promise<DayRead> {
  const url = pageUrl(origin, date);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { "user-agent": USER_AGENT, accept: "text/html" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new UpstreamError(url, `request failed: ${cause instanceof Error ? cause.message : String(cause)}`, undefined, { cause });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UpstreamError(url, `upstream answered ${res.status}`, res.status);
  }
  return parsePage(await res.text());
}
