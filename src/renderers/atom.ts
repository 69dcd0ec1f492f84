// Atom 1.0 (RFC 4287). By hand: the well-kept generator (`feed`) cannot add RFC 5005
// paging links and writes JSON Feed 1.0, not 1.1; a template and one escaping function
// are smaller than working around it.
import type { Paper } from "../model";
import { FEED_TITLE, HF_PAPERS, escapeXml as esc, feedTitle, listedAt, paperHtml, type FeedContext } from "./feedMeta";

function entry(p: Paper): string {
  const when = listedAt(p);
  return `<entry>
<id>${esc(p.url)}</id>
<title type="text">${esc(p.title)}</title>
<link rel="alternate" type="text/html" href="${esc(p.url)}"/>
<link rel="related" type="text/html" href="${esc(p.arxiv_url)}"/>
<published>${when}</published>
<updated>${when}</updated>
${p.authors.map((a) => `<author><name>${esc(a)}</name></author>`).join("\n")}
${(p.ai_keywords ?? []).map((k) => `<category term="${esc(k)}"/>`).join("\n")}
${p.summary ? `<summary type="text">${esc(p.summary)}</summary>` : ""}
<content type="html">${esc(paperHtml(p))}</content>
</entry>`.replace(/\n+/g, "\n");
}

export function renderAtom(papers: Paper[], ctx: FeedContext): string {
  // RFC 4287 4.2.15: the feed's `updated` is its latest significant change. Entries keep
  // their listed day as `updated`, so an upvote change never makes readers re-show them.
  const updated = ctx.updated ?? papers.map(listedAt).sort().at(-1) ?? "1970-01-01T00:00:00Z";
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${esc(ctx.firstUrl)}</id>
<title type="text">${esc(feedTitle(ctx.query))}</title>
<subtitle type="text">Papers listed on huggingface.co/papers, with their upvotes.</subtitle>
<link rel="self" type="application/atom+xml" href="${esc(ctx.selfUrl)}"/>
<link rel="first" type="application/atom+xml" href="${esc(ctx.firstUrl)}"/>${ctx.nextUrl ? `\n<link rel="next" type="application/atom+xml" href="${esc(ctx.nextUrl)}"/>` : ""}
<link rel="alternate" type="text/html" href="${HF_PAPERS}"/>
<updated>${updated}</updated>
<author><name>${FEED_TITLE}</name><uri>${HF_PAPERS}</uri></author>
<generator uri="https://github.com/daily-papers-feed/daily-papers-feed">daily-papers-feed</generator>
${papers.map(entry).join("\n")}
</feed>
`;
}
