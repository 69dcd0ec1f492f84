// What a list route does when no cache has its answer: select the papers and render them.
// Kept apart from the route so the benchmark measures exactly this.
import type { Config } from "../core/config";
import type { RunReport } from "../core/runReport";
import { getHistories } from "../store/history";
import type { Index } from "../store/records";
import { type Format, LINKED_FORMATS } from "./formats";
import { canonicalParams, encodeCursor, type ListQuery } from "./query";
import type { ListView } from "./render/view";
import { selectDigest, selectPapers } from "./select";

export interface ListRequest {
  kv: KVNamespace;
  index: Index;
  format: Format;
  query: ListQuery;
  /** The request's URL: its origin and path make the self and paging links. */
  url: URL;
  config: Pick<Config, "FEED_DAYS"> & Partial<Pick<Config, "WEBSUB_HUB">>;
  lastRun?: RunReport | null;
}

export async function renderList({
  kv,
  index,
  format,
  query,
  url,
  config,
  lastRun,
}: ListRequest): Promise<string> {
  const link = (override: Partial<Record<keyof ListQuery, string | undefined>> = {}) => {
    const qs = canonicalParams(query, override).toString();
    return `${url.origin}${url.pathname}${qs ? `?${qs}` : ""}`;
  };
  const options = { defaultDays: format.defaultDays(config as Config), unique: format.unique };
  const selection =
    query.digest && format.digests
      ? { ...(await selectDigest(kv, index, query, options)), papers: [] }
      : await selectPapers(kv, index, query, options);
  const histories = format.showsHistory ? await historiesOf(kv, selection.papers) : undefined;
  const view: ListView = {
    histories,
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
  };
  return format.render(view);
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
