// The one neutral input every list renderer gets: the selected papers and what is known
// about the request. Renderers are pure functions of it.
import { type DigestPaper, type HistoryPoint, type Paper, PUBLIC_HF } from "../../core/paper";
import type { ListQuery } from "../query";

/** A format as the front page links to it. */
export interface FormatLink {
  label: string;
  path: string;
  contentType: string;
  /** Announced with <link rel="alternate"> for feed readers to discover. */
  discoverable: boolean;
  /** Takes `digest=day`. */
  digests: boolean;
  /** Its URL with the answer's filters (without paging; a digest only where it takes one). */
  url: string;
}

export interface ListView {
  papers: Paper[];
  /** Each paper's JSON, where the store had it checked and ready (index-aligned with papers). */
  papersJson?: (string | undefined)[];
  /** Papers matching the filters, over all pages. */
  total: number;
  /** The stored days the answer covers, newest first. */
  days: string[];
  query: ListQuery;
  /** The query's known parameters, in canonical order (what the JSON API says it applied). */
  filters: Record<string, string>;
  /** Every filter a form sets (the list parameters but paging), in canonical order. */
  filterNames: readonly string[];
  /** The Worker's own origin, for absolute, copyable URLs. */
  origin: string;
  /** The canonical URL of this page (its self link and feed id). */
  selfUrl: string;
  /** The first page, and the next one when there is one (RFC 5005 section 3). */
  firstUrl: string;
  nextUrl?: string;
  /** Newest content change behind the answer (ISO), if any day is covered. */
  updated?: string;
  /** How many days a feed covers when no date parameter is given (FEED_DAYS). */
  feedDays: number;
  /** The longest range a query may name. */
  maxRangeDays: number;
  /** The other formats and the OPML list of the feeds, for the front page. */
  formats: readonly FormatLink[];
  /** The last scrape, for the front page. */
  lastRun?: { at: string; ok: boolean } | null;
  /** Upvote histories of the papers shown, by id (the front page's sparklines). */
  histories?: Record<string, HistoryPoint[]>;
  /** A WebSub hub the feeds announce (WEBSUB_HUB), if any. */
  hub?: string;
  /** With `digest=day`: the days, newest first, each with its matching papers ranked by upvotes. */
  digest?: DigestDay[];
  /**
   * Archived feeds (RFC 5005 section 4): the subscription document links the newest archive
   * document (`prev`); an archive document (`archive`) its neighbours and the subscription
   * document (`current`).
   */
  archive?: { archive: boolean; prev?: string; next?: string; current?: string };
}

/** One listed day in a daily digest. */
export interface DigestDay {
  date: string;
  /** When the day last gained a paper: the entry's `updated`, which upvotes never move. */
  addedAt: string;
  papers: DigestPaper[];
}

export const FEED_TITLE = "Hugging Face Daily Papers";
export const HF_PAPERS = `${PUBLIC_HF}/papers`;
/** RFC 5005's namespace, for fh:archive. */
export const FEED_HISTORY = "http://purl.org/syndication/history/1.0";
/** Media RSS (https://www.rssboard.org/media-rss): `media:thumbnail` in Atom entries and RSS items. */
export const MEDIA_RSS = "http://search.yahoo.com/mrss/";
/** Where the JSON Feed extension object `_daily_papers` is described. */
export const EXTENSION_DOC = "https://github.com/daily-papers-feed/daily-papers-feed#json-feed-extension";

/** How a title names each order (a Record, so a new order cannot go unnamed); the default says nothing. */
const ORDER_WORDS: Record<NonNullable<ListQuery["sort"]>, string | undefined> = {
  date: undefined,
  upvotes: "most upvoted first",
  rising: "rising fastest first",
};

/** Where the JSON Feed extension object `_archive` (RFC 5005's links, for JSON Feed) is described. */
export const ARCHIVE_EXTENSION_DOC = "https://github.com/daily-papers-feed/daily-papers-feed#archived-feeds";

/** An archived feed's links as [rel, href], in the order the XML feeds write them (RFC 5005 section 4). */
export function archiveLinks({ archive }: Pick<ListView, "archive">): [string, string][] {
  const links: [string, string | undefined][] = [
    ["current", archive?.current],
    ["prev-archive", archive?.prev],
    ["next-archive", archive?.next],
  ];
  return links.filter((l): l is [string, string] => !!l[1]);
}

/** Says what the feed is filtered on, e.g. "Hugging Face Daily Papers, 20+ upvotes". */
export function feedTitle(q: ListQuery): string {
  const parts: string[] = [];
  if (q.date) parts.push(q.date);
  if (q.from && q.to) parts.push(`${q.from} to ${q.to}`);
  if (q.week) parts.push(`week ${q.week}`);
  if (q.month) parts.push(q.month);
  if (q.min_upvotes) parts.push(`${q.min_upvotes}+ upvotes`);
  if (q.q) parts.push(`matching "${q.q}"`);
  if (q.author) parts.push(`author ${q.author}`);
  if (q.org) parts.push(`organisation ${q.org}`);
  const order = q.sort && ORDER_WORDS[q.sort];
  if (order) parts.push(order);
  if (q.digest === "day") parts.push("daily digest");
  return parts.length ? `${FEED_TITLE}, ${parts.join(", ")}` : FEED_TITLE;
}

/** The listed day as a timestamp: the entry's publication time, stable across scrapes. */
export const listedAt = (p: Paper) => `${p.date}T00:00:00Z`;
