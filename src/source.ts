// The source: read one day of Daily Papers, from the page's embedded JSON, the JSON API or the cards.
import { parseHTML } from "linkedom";
import { embeddedProps } from "./embedded";
import { ParseError } from "./errors";
import { IsoDate, PUBLIC_HF, PageProps, UpstreamItem, isCalendarDate, normalizeText, toPaper, type Paper, type ReadVia } from "./model";
import type { Upstream } from "./upstream";

const utf8 = new TextDecoder();

/** What one read gave us: the day the source really shows and that day's papers. */
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

/** `/papers` for the newest list, `/papers/date/D` for one day (SOURCE-NOTES.md, "Pages"). */
export function pageUrl(origin: string, date?: IsoDate): string {
  const base = origin.replace(/\/+$/, "");
  return date ? `${base}/papers/date/${date}` : `${base}/papers`;
}

const dayOf = (s: string | null | undefined): string | undefined => {
  const d = s?.slice(0, 10);
  return d && isCalendarDate(d) ? d : undefined;
};

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
  const listDates = items.map((i) => dayOf(i.paper.submittedOnDailyAt));
  const shown =
    (periodType == null || periodType === "day" ? dayOf(dateString) : undefined) ??
    listDates.filter((d): d is string => !!d).sort().at(-1);
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
  return { date: shown, via: "page", papers, dropped, otherDay };
}

/** `/api/daily_papers?date=D`, the JSON API (SOURCE-NOTES.md, "JSON API"). */
export function apiUrl(origin: string, date: IsoDate | undefined, page: number, limit: number): string {
  const u = new URL("/api/daily_papers", origin);
  if (date) u.searchParams.set("date", date);
  u.searchParams.set("p", String(page));
  u.searchParams.set("limit", String(limit));
  return u.toString();
}

const API_PAGE_SIZE = 100;
const API_MAX_PAGES = 3;

/** The second way: the JSON API, paged with `p` and `limit`. */
export async function readApi(upstream: Upstream, origin: string, date?: IsoDate): Promise<DayRead> {
  const items: unknown[] = [];
  for (let p = 0; p < API_MAX_PAGES; p++) {
    const text = await upstream.get(apiUrl(origin, date, p, API_PAGE_SIZE), "application/json");
    let page: unknown;
    try {
      page = JSON.parse(text);
    } catch (cause) {
      throw new ParseError("the JSON API answered something that is not JSON", { cause });
    }
    if (!Array.isArray(page)) throw new ParseError("the JSON API did not answer an array");
    items.push(...page);
    if (page.length < API_PAGE_SIZE) break;
  }
  // Items carry their own list date; only the 2024 shape needs the asked date.
  const dated = items.some((i) => typeof (i as { paper?: { submittedOnDailyAt?: unknown } })?.paper?.submittedOnDailyAt === "string");
  return { ...readProps({ dailyPapers: items, dateString: dated ? undefined : date }), via: "api" };
}

/**
 * The third way: the visible `<article>` cards, found by structure, never by class names
 * (they are Tailwind utilities and change: SOURCE-NOTES.md). Cards carry id, title, link
 * and upvotes; abstracts and authors stay as stored. The day comes from the page's
 * canonical URL or a `<time datetime>`; a page that names no day is not guessed at, so a
 * weekend page is never stored under the day asked for.
 */
export function parseCards(html: string): DayRead {
  const { document } = parseHTML(html);
  const named =
    document.querySelector('link[rel="canonical"]')?.getAttribute("href") ??
    document.querySelector('meta[property="og:url"]')?.getAttribute("content") ??
    document.querySelector("time[datetime]")?.getAttribute("datetime");
  const date = named?.match(/(\d{4}-\d{2}-\d{2})/)?.[1];
  const papers: Paper[] = [];
  const seen = new Set<string>();
  for (const article of document.querySelectorAll("article")) {
    const links = [...article.querySelectorAll("a[href]")].filter((a) => PAPER_HREF.test(a.getAttribute("href") ?? "") && a.textContent.trim());
    const link = article.querySelector("h3 a[href], h2 a[href]") ?? links[0];
    const id = link?.getAttribute("href")?.match(PAPER_HREF)?.[1];
    if (!link || !id || seen.has(id)) continue;
    seen.add(id);
    // The upvote count is the card's first leaf element holding only a number.
    const votes = [...article.querySelectorAll("*")].find((el) => el.children.length === 0 && /^\d+$/.test(el.textContent.trim()));
    const upvotes = votes ? Number(votes.textContent.trim()) : 0;
    papers.push(cardPaper(id, normalizeText(link.textContent), upvotes, date ?? ""));
  }
  if (papers.length === 0) throw new ParseError("no paper cards (<article> with a /papers/ link) in the page");
  if (!date || !isCalendarDate(date)) throw new ParseError("paper cards found but the page does not say which day it shows");
  return { date, via: "cards", papers, dropped: 0, otherDay: 0 };
}

const PAPER_HREF = /^(?:https?:\/\/[^/]+)?\/papers\/(\d{4}\.\d{4,5})(?:[?#]|$)/;

const cardPaper = (id: string, title: string, upvotes: number, date: string): Paper => ({
  id,
  title,
  summary: "",
  authors: [],
  upvotes,
  date,
  url: `${PUBLIC_HF}/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
});

/** A read and why the ways before it failed. */
export type ReadResult = DayRead & { fallbacks: string[] };

const reason = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Reads one day (or the newest list), trying in order: the page's embedded JSON, the JSON
 * API, the page's cards. An upstream failure of the page itself fails the day: the other
 * ways live on the same host, and the run's request budget is better kept for other days.
 */
export async function readDay(upstream: Upstream, origin: string, date?: IsoDate): Promise<ReadResult> {
  const html = await upstream.getBytes(pageUrl(origin, date), "text/html");
  const fallbacks: string[] = [];
  try {
    return { ...parsePage(html), fallbacks };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    fallbacks.push(`page: ${reason(e)}`);
  }
  try {
    const read = await readApi(upstream, origin, date);
    if (read.papers.length > 0) return { ...read, fallbacks };
    fallbacks.push("api: empty list");
  } catch (e) {
    fallbacks.push(`api: ${reason(e)}`);
  }
  try {
    return { ...parseCards(utf8.decode(html)), fallbacks };
  } catch (e) {
    fallbacks.push(`cards: ${reason(e)}`);
  }
  throw new ParseError(`no way of reading the day worked (${fallbacks.join("; ")})`);
}
