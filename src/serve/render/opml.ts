// OPML 2.0 (http://opml.org/spec2.opml): the feeds as one subscription list, which feed
// readers import in one step. By hand: a head and one <outline> per feed are all it holds.
// The head has no <docs>: OPML 2.0 allows it, but the W3C Feed Validator's OPML rules
// predate it and reject the file.
import { canonicalParams, type ListQuery } from "../query";
import { escapeHtml } from "./escape";
import { type FormatLink, feedTitle } from "./view";

export interface OpmlView {
  /** The Worker's own origin: OPML wants absolute xmlUrls. */
  origin: string;
  /** The filters every listed feed carries. */
  query: ListQuery;
  /** The feeds to list, in order. */
  feeds: readonly FormatLink[];
}

export function renderOpml({ origin, query, feeds }: OpmlView): string {
  // A subscription starts at the first page: no cursor.
  const qs = canonicalParams({ ...query, cursor: undefined }).toString();
  const at = (path: string) => escapeHtml(`${origin}${path}${qs ? `?${qs}` : ""}`);
  const title = feedTitle(query);
  // OPML 2.0, "Subscription lists": type="rss" for every feed format, text and xmlUrl required.
  const outlines = feeds.map((f) => {
    const name = escapeHtml(`${title} (${f.label})`);
    return `<outline type="rss" text="${name}" title="${name}" xmlUrl="${at(f.path)}" htmlUrl="${at("/")}" language="en"/>`;
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
