// RSS 2.0 (https://www.rssboard.org/rss-specification). By hand for the same reason as
// Atom (see atom.ts): a template and the shared escaping function.
import { imfFixdate } from "../../core/dates";
import { linkable, type Paper } from "../../core/paper";
import { dayUrl, digestHtml, digestTitle, entryHtml } from "./entryHtml";
import { cdata, escapeHtml } from "./escape";
import {
  archiveLinks,
  type DigestDay,
  FEED_HISTORY,
  FEED_TITLE,
  feedTitle,
  HF_PAPERS,
  type ListView,
  listedAt,
  MEDIA_RSS,
} from "./view";

/** RFC 822 dates, as RSS 2.0 requires (with a four-digit year, as RFC 1123 recommends). */
const rfc822 = (iso: string) => imfFixdate(Date.parse(iso));

function item(p: Paper): string {
  const lines = [
    "<item>",
    `<title>${escapeHtml(p.title)}</title>`,
    `<link>${escapeHtml(p.url)}</link>`,
    `<guid isPermaLink="false">${escapeHtml(p.url)}</guid>`,
    `<pubDate>${rfc822(listedAt(p))}</pubDate>`,
  ];
  // One dc:creator with every name, as arXiv's own RSS does: readers that keep one creator
  // (Miniflux, newsboat) or expect a string (XML::Feed) then still show all the authors.
  if (p.authors.length) lines.push(`<dc:creator>${escapeHtml(p.authors.join(", "))}</dc:creator>`);
  for (const k of p.ai_keywords ?? []) lines.push(`<category>${escapeHtml(k)}</category>`);
  const thumbnail = linkable(p.thumbnail);
  if (thumbnail) lines.push(`<media:thumbnail url="${escapeHtml(thumbnail)}"/>`);
  lines.push(`<description>${cdata(entryHtml(p))}</description>`, "</item>");
  return lines.join("\n");
}

/** One listed day; its guid is the day's page, its pubDate the day. */
function digestItem(day: DigestDay): string {
  const url = escapeHtml(dayUrl(day.date));
  return [
    "<item>",
    `<title>${escapeHtml(digestTitle(day))}</title>`,
    `<link>${url}</link>`,
    `<guid isPermaLink="false">${url}</guid>`,
    `<pubDate>${rfc822(`${day.date}T00:00:00Z`)}</pubDate>`,
    `<description>${cdata(digestHtml(day))}</description>`,
    "</item>",
  ].join("\n");
}

/** The feed as pieces of text, in order (serve/body.ts writes them out as UTF-8). */
export function rssPieces(view: ListView): string[] {
  const newest = view.updated ?? view.papers.map(listedAt).sort().at(-1) ?? view.digest?.[0]?.addedAt;
  const fh = view.archive?.archive ? ` xmlns:fh="${FEED_HISTORY}"` : "";
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"' +
      ` xmlns:media="${MEDIA_RSS}"${fh}>`,
    "<channel>",
    fh ? "<fh:archive/>" : "",
    `<title>${escapeHtml(feedTitle(view.query))}</title>`,
    `<link>${HF_PAPERS}</link>`,
    `<description>${FEED_TITLE}: papers listed on huggingface.co/papers, with their upvotes.</description>`,
    "<language>en</language>",
    newest ? `<lastBuildDate>${rfc822(newest)}</lastBuildDate>` : "",
    "<generator>daily-papers-feed</generator>",
    `<atom:link rel="self" type="application/rss+xml" href="${escapeHtml(view.selfUrl)}"/>`,
    view.nextUrl
      ? `<atom:link rel="next" type="application/rss+xml" href="${escapeHtml(view.nextUrl)}"/>`
      : "",
    // RFC 5005 appendix B: the archive links as atom:link, fh:archive in the channel.
    ...archiveLinks(view).map(
      ([rel, href]) => `<atom:link rel="${rel}" type="application/rss+xml" href="${escapeHtml(href)}"/>`,
    ),
    view.hub ? `<atom:link rel="hub" href="${escapeHtml(view.hub)}"/>` : "",
  ].filter(Boolean);
  const items = view.digest ? view.digest.map(digestItem) : view.papers.map(item);
  return [...head, ...items, "</channel>", "</rss>"].flatMap((line) => [line, "\n"]);
}

export const renderRss = (view: ListView): string => rssPieces(view).join("");
