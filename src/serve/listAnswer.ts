// What a list route does when no cache has its answer: select the papers and render them.
// Kept apart from the route so the benchmark measures exactly this.

import type { Config } from "../core/config";
import { newestDays } from "../core/dates";
import type { Archive } from "../store/archive";
import type { FeedArchivePlace } from "./feedArchive";
import { LINKED_FORMATS } from "./formats";
import type { ListPlan } from "./plan";
import { canonicalParams, encodeCursor, ListQuery, MAX_RANGE_DAYS } from "./query";
import type { ListView } from "./render/view";
import { type DigestSelection, type Selection, selectDigest, selectPapers } from "./select";

export interface ListContext {
  archive: Archive;
  plan: ListPlan;
  /** Where links in the answer start: the deployment's public URL, or the request's origin. */
  base: string;
  config: Pick<Config, "FEED_DAYS"> & Partial<Pick<Config, "WEBSUB_HUB">>;
  lastRun?: { at: string; ok: boolean } | null;
  /** Where the answer stands in an archived feed (serve/feedArchive.ts), for an archiving format. */
  place?: FeedArchivePlace;
}

/** The answer's body, as pieces of text in order (serve/body.ts writes them out). */
export async function renderList(context: ListContext): Promise<string[]> {
  const { archive, plan } = context;
  const { format } = plan;
  if (plan.query.digest && format.digests)
    return format.render(viewOf(context, { ...(await selectDigest(archive, plan)), papers: [] }));
  const selection = await selectPapers(archive, plan);
  const histories = format.showsHistory ? await historiesOf(archive, selection.papers) : undefined;
  return format.render({ ...viewOf(context, selection), histories });
}

/** The list parameters a form sets, in canonical order: all but paging. */
const FILTER_NAMES = Object.keys(ListQuery.shape).filter((k) => k !== "cursor" && k !== "limit");

/** A URL under the base, for a path and query. */
export const linkUnder = (base: string, path: string, qs: string) =>
  `${new URL(path.replace(/^\/+/, ""), base).href}${qs ? `?${qs}` : ""}`;

/** The neutral view of a selection: what every renderer is given. */
function viewOf(
  { plan, base, config, lastRun, place }: ListContext,
  selection: Selection | (DigestSelection & { papers: [] }),
): ListView {
  const { query, format } = plan;
  const link = (override: Partial<Record<keyof ListQuery, string | undefined>> = {}) =>
    linkUnder(base, format.path, canonicalParams(query, override).toString());
  // The feed URLs the front page offers: its filters without paging; a digest is a feed's choice.
  const filters = canonicalParams(query, { cursor: undefined, limit: undefined });
  const undigested = canonicalParams(query, { cursor: undefined, limit: undefined, digest: undefined });
  return {
    ...selection,
    query,
    filters: Object.fromEntries(canonicalParams(query)),
    filterNames: FILTER_NAMES,
    origin: new URL(base).origin,
    selfUrl: link(),
    firstUrl: link({ cursor: undefined }),
    nextUrl:
      "next" in selection && selection.next
        ? link({ cursor: encodeCursor(selection.next, query.sort) })
        : undefined,
    feedDays: config.FEED_DAYS,
    maxRangeDays: MAX_RANGE_DAYS,
    formats: LINKED_FORMATS.map((f) => ({
      ...f,
      url: linkUnder(base, f.path, (f.digests ? filters : undigested).toString()),
    })),
    hub: format.announcesHub ? config.WEBSUB_HUB : undefined,
    lastRun,
    archive: place && archiveLinks(place, link),
  };
}

/** RFC 5005 section 4: the archive links of the subscription document or of an archive document. */
function archiveLinks(
  { archive, prevWeek, nextWeek }: FeedArchivePlace,
  link: (override: Partial<Record<keyof ListQuery, string | undefined>>) => string,
): ListView["archive"] {
  if (!archive && !prevWeek) return undefined;
  const week = (w: string | undefined) => w && link({ week: w, cursor: undefined });
  return {
    archive,
    prev: week(prevWeek),
    next: week(nextWeek),
    current: archive ? link({ week: undefined, cursor: undefined }) : undefined,
  };
}

/**
 * Days whose histories the front page reads for its sparklines, at most. A day's history holds
 * every paper of the day, up to 40 points each (up to about 32 KB once the day has settled), so
 * a page of papers from many days would read megabytes to draw one curve a day; the newest days'
 * papers are the ones whose curves still move.
 */
export const SPARKLINE_DAYS = 8;

/** The newest `max` of the shown papers' days (distinct). */
export const sparklineDays = (days: string[], max = SPARKLINE_DAYS): string[] => newestDays(days, max);

/**
 * The upvote histories of the papers shown from the newest days (sparklineDays), and from any
 * day whose history the answer read already (`sort=rising` reads up to 10).
 */
async function historiesOf(archive: Archive, papers: { id: string; date: string }[]) {
  const shown = [...new Set(papers.map((p) => p.date))];
  const days = await archive.historiesOf([
    ...new Set([...sparklineDays(shown), ...archive.historiesRead(shown)]),
  ]);
  return Object.fromEntries(
    papers.flatMap((p) => {
      const series = days.get(p.date)?.series(p.id);
      return series ? [[p.id, series] as const] : [];
    }),
  );
}
