// Every list format, declared once: its route, how it is named and typed, which days it
// covers by default, and its renderer. The router, OpenAPI, the front page and the tests
// all read this table; adding a format is adding a row.
import type { Config } from "../core/config";
import { apiPieces } from "./render/api";
import { atomPieces } from "./render/atom";
import { jsonFeedPieces } from "./render/jsonFeed";
import { renderPage } from "./render/page";
import { rssPieces } from "./render/rss";
import type { FormatLink, ListView } from "./render/view";

export interface Format {
  /** The route. */
  path: string;
  /** What people call it. */
  label: string;
  contentType: string;
  /** The stored days it covers when the query names none. */
  defaultDays: (config: Config) => number;
  /** One entry per paper: a paper listed on several days keeps its newest listing. */
  unique: boolean;
  /** Announced to feed readers with <link rel="alternate"> on the front page. */
  discoverable: boolean;
  /** What the format is, for OpenAPI: a summary and where its specification lives. */
  summary: string;
  spec: string;
  /** Reads its query from an HTML form, where an empty field means "not set". */
  fromForm?: boolean;
  /** Shows when the last scrape ran (the route reads it for the renderer). */
  showsLastRun?: boolean;
  /** Draws each paper's upvote curve (the route reads the histories of the papers shown). */
  showsHistory?: boolean;
  /** Takes `digest=day`: one entry per listed day instead of one per paper (the feeds). */
  digests?: boolean;
  /** Names the WebSub hub (WEBSUB_HUB), in the body and a Link header: the feeds. */
  announcesHub?: boolean;
  /**
   * Archived (RFC 5005 section 4, serve/feedArchive.ts): without day parameters it is the
   * subscription document, and the weeks before its days are archive documents.
   */
  archives?: boolean;
  /** Writes papers as JSON, so it takes their stored JSON where the store has it checked (papersJson). */
  copiesStoredJson?: boolean;
  /** Pure: the answer's body from the neutral view, as pieces of text in order (serve/body.ts). */
  render: (view: ListView) => string[];
}

const feedDays = (config: Config) => config.FEED_DAYS;
const newestDay = () => 1;

export const FORMATS: readonly Format[] = [
  {
    path: "/",
    label: "Front page",
    contentType: "text/html; charset=utf-8",
    defaultDays: newestDay,
    unique: false,
    discoverable: false,
    summary: "The front page: the newest stored day, a form that builds feed URLs",
    spec: "HTML",
    fromForm: true,
    showsLastRun: true,
    showsHistory: true,
    render: (view) => [renderPage(view)],
  },
  {
    path: "/feed.atom",
    label: "Atom",
    contentType: "application/atom+xml; charset=utf-8",
    defaultDays: feedDays,
    unique: true,
    discoverable: true,
    summary: "Atom 1.0, paged and archived per RFC 5005",
    spec: "RFC 4287",
    digests: true,
    announcesHub: true,
    archives: true,
    render: atomPieces,
  },
  {
    path: "/feed.json",
    label: "JSON Feed",
    contentType: "application/feed+json; charset=utf-8",
    defaultDays: feedDays,
    unique: true,
    discoverable: true,
    summary: "JSON Feed 1.1, its archive links in the `_archive` extension",
    spec: "https://www.jsonfeed.org/version/1.1/",
    digests: true,
    announcesHub: true,
    archives: true,
    render: jsonFeedPieces,
  },
  {
    path: "/feed.rss",
    label: "RSS",
    contentType: "application/rss+xml; charset=utf-8",
    defaultDays: feedDays,
    unique: true,
    discoverable: true,
    summary: "RSS 2.0, paged and archived per RFC 5005 (appendix B)",
    spec: "https://www.rssboard.org/rss-specification",
    digests: true,
    announcesHub: true,
    archives: true,
    render: rssPieces,
  },
  {
    path: "/api/papers",
    label: "JSON API",
    contentType: "application/json; charset=utf-8",
    defaultDays: newestDay,
    unique: false,
    discoverable: false,
    summary: "Papers as JSON, with paging",
    spec: "#/components/schemas/PapersAnswer",
    copiesStoredJson: true,
    render: apiPieces,
  },
];

/** A format as links to it name it; the view adds each link's URL. */
type Linked = Omit<FormatLink, "url">;

const linkOf = ({ label, path, contentType, discoverable, digests }: Format): Linked => ({
  label,
  path,
  contentType,
  discoverable,
  digests: !!digests,
});

/** The feeds a reader subscribes to: the formats announced to feed readers. */
export const FEEDS: readonly Linked[] = FORMATS.filter((f) => f.discoverable).map(linkOf);

/**
 * The feeds as one OPML 2.0 subscription list. Its type is Apache's mime.types entry for
 * .opml (OPML 2.0 names none): it says what the file is, where application/xml would not.
 */
export const OPML = {
  path: "/feeds.opml",
  label: "OPML",
  contentType: "text/x-opml; charset=utf-8",
} as const;

/** The formats the front page offers as URLs to copy: all but the page itself, and the OPML list. */
export const LINKED_FORMATS: readonly Linked[] = [
  ...FORMATS.filter((f) => f.path !== "/").map(linkOf),
  { ...OPML, discoverable: false, digests: true },
];
