// OPML 2.0 (http://opml.org/spec2.opml): the feeds as one subscription list, which feed
// readers import in one step. By hand: a head and one <outline> per feed are all it holds.
// The head has no <docs>: OPML 2.0 allows it, but the W3C Feed Validator's OPML rules
// predate it and reject the file.
import type { ListQuery } from "../query";
import { escapeHtml } from "./escape";
import { feedTitle } from "./view";

export interface OpmlView {
  /** The filters every listed feed carries: they name the list. */
  query: ListQuery;
  /** The feeds, in order, with their absolute URLs. */
  feeds: readonly { label: string; xmlUrl: string }[];
  /** The front page with the same filters. */
  htmlUrl: string;
}

export function renderOpml({ query, feeds, htmlUrl }: OpmlView): string {
  const title = feedTitle(query);
  // OPML 2.0, "Subscription lists": type="rss" for every feed format, text and xmlUrl required.
  const outlines = feeds.map((f) => {
    const name = escapeHtml(`${title} (${f.label})`);
    const urls = `xmlUrl="${escapeHtml(f.xmlUrl)}" htmlUrl="${escapeHtml(htmlUrl)}"`;
    return `<outline type="rss" text="${name}" title="${name}" ${urls} language="en"/>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
<head>
<title>${escapeHtml(title)}</title>
</head>
<body>
${outlines.join("\n")}
</body>
</opml>
`;
}
