// What a list route does when no cache has its answer: select the papers and render them.
// Kept apart from the route so the benchmark measures exactly this.
import type { Config } from "../core/config";
import type { Paper, PaperJson } from "../core/paper";
import type { RunReport } from "../core/runReport";
import { getHistories } from "../store/history";
import type { Index } from "../store/records";
import type { ArchivePlace } from "./archive";
import { type Format, LINKED_FORMATS } from "./formats";
import { canonicalParams, encodeCursor, type ListQuery } from "./query";
import type { ListView } from "./render/view";
import { type DigestSelection, type Selection, selectDigest, selectPapers } from "./select";

export interface ListRequest {
  kv: KVNamespace;
  index: Index;
  format: Format;
  query: ListQuery;
  /** The request's URL: its origin and path make the self and paging links. */
  url: URL;
  config: Pick<Config, "FEED_DAYS"> & Partial<Pick<Config, "WEBSUB_HUB">>;
  lastRun?: RunReport | null;
  /** Where the answer stands in an archived feed (serve/archive.ts), for an archiving format. */
  place?: ArchivePlace;
}

export async function renderList(request: ListRequest): Promise<string> {
  const { kv, index, format, query, config } = request;
  const defaultDays = request.place?.defaultDays ?? format.defaultDays(config as Config);
  const options = { defaultDays, unique: format.unique };
  if (query.digest && format.digests)
    return format.render(viewOf(request, { ...(await selectDigest(kv, index, query, options)), papers: [] }));
  if (format.takesJson)
    return format.render(viewOf(request, await selectPapers(kv, index, query, { ...options, asJson: true })));
  const selection = await selectPapers(kv, index, query, options);
  const histories = format.showsHistory ? await historiesOf(kv, selection.papers) : undefined;
  return format.render({ ...viewOf(request, selection), histories });
}

/** The neutral view of a selection: what every renderer is given. */
function viewOf<P extends Paper | PaperJson>(
  { url, format, query, config, lastRun, place }: ListRequest,
  selection: Selection<P> | (DigestSelection & { papers: P[] }),
): ListView<P> {
  const link = (override: Partial<Record<keyof ListQuery, string | undefined>> = {}) => {
    const qs = canonicalParams(query, override).toString();
    return `${url.origin}${url.pathname}${qs ? `?${qs}` : ""}`;
  };
  return {
    ...selection,
    query,
    origin: url.origin,
    selfUrl: link(),
    firstUrl: link({ cursor: undefined }),
    nextUrl:
      "next" in selection && selection.next ? link({ cursor: encodeCursor(selection.next) }) : undefined,
    feedDays: config.FEED_DAYS,
    formats: LINKED_FORMATS,
    hub: format.announcesHub ? config.WEBSUB_HUB : undefined,
    lastRun: lastRun && { at: lastRun.started_at, ok: lastRun.ok },
    archive: place && archiveLinks(place, link),
  };
}

/** RFC 5005 section 4: the archive links of the subscription document or of an archive document. */
function archiveLinks(
  { archive, prevWeek, nextWeek }: ArchivePlace,
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

/** The upvote histories of the papers shown, from their days' history records. */
async function historiesOf(kv: KVNamespace, papers: { id: string; date: string }[]) {
  const days = await getHistories(kv, [...new Set(papers.map((p) => p.date))]);
  return Object.fromEntries(
    papers.flatMap((p) => {
      const series = days.get(p.date)?.papers[p.id];
      return series ? [[p.id, series] as const] : [];
    }),
  );
}
