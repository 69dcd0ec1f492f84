// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Plain objects: no library needed.
import { linkable } from "../../core/paper";
import { dayUrl, digestHtml, digestTitle, entryHtml } from "./entryHtml";
import {
  ARCHIVE_EXTENSION_DOC,
  type DigestDay,
  EXTENSION_DOC,
  FEED_TITLE,
  feedTitle,
  HF_PAPERS,
  type ListView,
  listedAt,
} from "./view";

/** One listed day; `date_modified` moves only when the day gains a paper. */
const digestItem = (day: DigestDay) => ({
  id: dayUrl(day.date),
  url: dayUrl(day.date),
  title: digestTitle(day),
  content_html: digestHtml(day),
  date_published: `${day.date}T00:00:00Z`,
  date_modified: day.addedAt,
  _daily_papers: { about: EXTENSION_DOC, listed_on: day.date, papers: day.papers.length },
});

/** The feed as pieces of text, in order (serve/body.ts writes them out as UTF-8). */
export function jsonFeedPieces(view: ListView): string[] {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: feedTitle(view.query),
    home_page_url: HF_PAPERS,
    feed_url: view.firstUrl,
    next_url: view.nextUrl,
    // RFC 5005's archive links have no JSON Feed counterpart: an extension (README, "Archived feeds").
    _archive: view.archive && {
      about: ARCHIVE_EXTENSION_DOC,
      archive: view.archive.archive,
      prev: view.archive.prev,
      next: view.archive.next,
      current: view.archive.current,
    },
    hubs: view.hub ? [{ type: "WebSub", url: view.hub }] : undefined,
    description: `${FEED_TITLE}: papers listed on huggingface.co/papers, with their upvotes.`,
    language: "en",
    // No feed-level authors: every item has its own, and readers (Miniflux) add the feed's
    // to every item's (JSON Feed 1.1, "authors": items inherit the feed's).
    items: view.digest
      ? view.digest.map(digestItem)
      : view.papers.map((p) => ({
          id: p.url,
          url: p.url,
          external_url: p.arxiv_url,
          title: p.title,
          content_html: entryHtml(p),
          // A sentence or two (JSON Feed 1.1): the AI summary; the abstract is in content_html.
          summary: p.ai_summary,
          image: linkable(p.thumbnail),
          date_published: listedAt(p),
          authors: p.authors.length ? p.authors.map((name) => ({ name })) : undefined,
          tags: p.ai_keywords,
          // JSON Feed 1.1 "Extensions": custom keys start with an underscore.
          _daily_papers: {
            about: EXTENSION_DOC,
            arxiv_id: p.id,
            upvotes: p.upvotes,
            listed_on: p.date,
            num_comments: p.num_comments,
            github_repo: linkable(p.github_repo),
            github_stars: p.github_stars,
            project_page: linkable(p.project_page),
            pdf_url: p.pdf_url,
            published_at: p.published_at,
            organization: p.organization?.fullname ?? p.organization?.name,
          },
        })),
  };
  // Items last, each serialized on its own: the same JSON as the whole object's, in pieces.
  const { items, ...head } = feed;
  const out = [`${JSON.stringify(head).slice(0, -1)},"items":[`];
  for (const [i, item] of items.entries()) out.push(i ? "," : "", JSON.stringify(item));
  out.push("]}");
  return out;
}

export const renderJsonFeed = (view: ListView): string => jsonFeedPieces(view).join("");
