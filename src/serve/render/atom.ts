// Atom 1.0 (RFC 4287). By hand: the well-kept generator (`feed`) cannot add RFC 5005
// paging links and writes JSON Feed 1.0, not 1.1; a template and one escaping function
// are smaller than working around it.
import { linkable, type Paper } from "../../core/paper";
import { dayUrl, digestHtml, digestTitle, pushEntryHtml } from "./entryHtml";
import { cdata, escapeHtml, escaperFor } from "./escape";
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

// No <summary>: the abstract is in <content>, and RFC 4287 4.1.2 needs a summary only when
// content is out of line or not text. Carrying it twice doubled the feed's size and time.
function pushEntry(p: Paper, out: string[]): void {
  const when = listedAt(p);
  const url = escapeHtml(p.url);
  const text = escaperFor(p);
  out.push(
    "<entry>\n<id>",
    url,
    '</id>\n<title type="text">',
    text(p.title),
    '</title>\n<link rel="alternate" type="text/html" href="',
    url,
    '"/>\n<link rel="related" type="text/html" href="',
    escapeHtml(p.arxiv_url),
    '"/>\n<published>',
    when,
    "</published>\n<updated>",
    when,
    "</updated>\n",
  );
  for (const a of p.authors) out.push("<author><name>", text(a), "</name></author>\n");
  for (const k of p.ai_keywords ?? []) out.push('<category term="', text(k), '"/>\n');
  const thumbnail = linkable(p.thumbnail);
  if (thumbnail) out.push('<media:thumbnail url="', escapeHtml(thumbnail), '"/>\n');
  // The HTML goes in a CDATA section, not escaped a second time.
  const html: string[] = [];
  pushEntryHtml(p, html, text);
  out.push('<content type="html">', cdata(html.join("")), "</content>\n</entry>\n");
}

/** One listed day: its id and link are the day's page, its `updated` moves only when it gains a paper. */
function pushDigestEntry(day: DigestDay, out: string[]): void {
  const url = escapeHtml(dayUrl(day.date));
  out.push(
    `<entry>\n<id>${url}</id>\n<title type="text">${escapeHtml(digestTitle(day))}</title>\n`,
    `<link rel="alternate" type="text/html" href="${url}"/>\n`,
    `<published>${day.date}T00:00:00Z</published>\n<updated>${day.addedAt}</updated>\n`,
    `<content type="html">${cdata(digestHtml(day))}</content>\n</entry>\n`,
  );
}

/** The feed as pieces of text, in order (serve/body.ts writes them out as UTF-8). */
export function atomPieces(view: ListView): string[] {
  const { papers } = view;
  // RFC 4287 4.2.15: the feed's `updated` is its latest significant change. Entries keep
  // their listed day as `updated`, so an upvote change never makes readers re-show them.
  const updated =
    view.updated ?? papers.map(listedAt).sort().at(-1) ?? view.digest?.[0]?.addedAt ?? "1970-01-01T00:00:00Z";
  const next = view.nextUrl
    ? `\n<link rel="next" type="application/atom+xml" href="${escapeHtml(view.nextUrl)}"/>`
    : "";
  // WebSub section 4: the hub and self links, in the feed itself.
  const hub = view.hub ? `\n<link rel="hub" href="${escapeHtml(view.hub)}"/>` : "";
  // RFC 5005 section 4: the archive links, and fh:archive in an archive document.
  const archived = archiveLinks(view)
    .map(([rel, href]) => `\n<link rel="${rel}" type="application/atom+xml" href="${escapeHtml(href)}"/>`)
    .join("");
  const fh = view.archive?.archive ? ` xmlns:fh="${FEED_HISTORY}"` : "";
  const out = [
    `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="${MEDIA_RSS}"${fh} xml:lang="en">${fh ? "\n<fh:archive/>" : ""}
<id>${escapeHtml(view.firstUrl)}</id>
<title type="text">${escapeHtml(feedTitle(view.query))}</title>
<subtitle type="text">Papers listed on huggingface.co/papers, with their upvotes.</subtitle>
<link rel="self" type="application/atom+xml" href="${escapeHtml(view.selfUrl)}"/>
<link rel="first" type="application/atom+xml" href="${escapeHtml(view.firstUrl)}"/>${next}${archived}${hub}
<link rel="alternate" type="text/html" href="${HF_PAPERS}"/>
<updated>${updated}</updated>
<author><name>${FEED_TITLE}</name><uri>${HF_PAPERS}</uri></author>
<generator uri="https://github.com/daily-papers-feed/daily-papers-feed">daily-papers-feed</generator>
`,
  ];
  if (view.digest) for (const day of view.digest) pushDigestEntry(day, out);
  else for (const p of papers) pushEntry(p, out);
  out.push("</feed>\n");
  return out;
}

export const renderAtom = (view: ListView): string => atomPieces(view).join("");
