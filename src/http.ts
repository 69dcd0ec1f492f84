// The HTTP layer: routes, query parsing, caching headers, CORS, and turning errors into
// RFC 9457 problem details in one place. Handlers stay thin: the work is in the modules.
import { Router, cors, type IRequest } from "itty-router";
import { authorize, scrapeTargets } from "./admin";
import { selectPapers, type Selection } from "./archive";
import { maybeBootstrap } from "./bootstrap";
import { readConfig } from "./config";
import { BadRequestError, HttpError, MethodNotAllowedError, NotFoundError } from "./errors";
import { cached, conditional, toResponse, type Rendered } from "./httpCache";
import { ARXIV_ID_RE } from "./model";
import { openApiDocument } from "./openapi";
import { canonicalParams, encodeCursor, parseListQuery, parseScrapeQuery, type ListQuery } from "./query";
import { renderAtom } from "./renderers/atom";
import type { FeedContext } from "./renderers/feedMeta";
import { renderJsonFeed } from "./renderers/jsonFeed";
import { renderPage } from "./renderers/page";
import { renderRss } from "./renderers/rss";
import { scrape } from "./scrape";
import { getLastRun, readStatus } from "./status";
import { getDays, getIndex, getIndexRecent, getPaperDates } from "./store";
import { globalFetch } from "./upstream";

type Args = [env: Env, ctx: ExecutionContext];
type Handler = (request: IRequest, env: Env, ctx: ExecutionContext) => Promise<Response>;

const READ_METHODS = ["GET", "HEAD", "OPTIONS"];
/** How long a list route trusts the index it read last (see getIndexRecent). */
const INDEX_MEMO_MS = 10_000;
const JSON_TYPE = "application/json; charset=utf-8";
const { preflight, corsify } = cors({ allowMethods: ["GET", "HEAD", "POST", "OPTIONS"], allowHeaders: ["authorization", "if-none-match", "if-modified-since"], exposeHeaders: ["etag", "last-modified"], maxAge: 86400 });
const json = (data: unknown, lastModified?: string | null, cacheControl?: string): Promise<Response> =>
  toResponse({ body: JSON.stringify(data), type: JSON_TYPE, lastModified, cacheControl });

/** One list format: how many days it shows by default, and how a selection looks in it. */
interface ListFormat {
  defaultDays: (env: Env) => number;
  unique: boolean;
  render: (selection: Selection, feed: FeedContext, env: Env) => Promise<Omit<Rendered, "lastModified">> | Omit<Rendered, "lastModified">;
}

const feedDays = (env: Env) => readConfig(env).FEED_DAYS;

/**
 * A list route: parse the query, read the index (its version keys the edge cache), answer
 * from the cache or select and render. An empty archive starts a background scrape.
 */
const listRoute =
  (format: ListFormat, prepare: (params: URLSearchParams) => URLSearchParams = (p) => p): Handler =>
  async (request, env, ctx) => {
    const url = new URL(request.url);
    const query = parseListQuery(prepare(url.searchParams));
    const index = await getIndexRecent(env.PAPERS, Date.now(), INDEX_MEMO_MS);
    if (index.days.length === 0) await maybeBootstrap(env, ctx, Date.now());
    const link = (override: Partial<Record<keyof ListQuery, string | undefined>> = {}) => {
      const qs = canonicalParams(query, override).toString();
      return `${url.origin}${url.pathname}${qs ? `?${qs}` : ""}`;
    };
    // The data version in the key: a scrape that changed data makes the next request miss.
    const keyParams = canonicalParams(query);
    keyParams.set("v", index.updated_at ?? "empty");
    const key = `${url.origin}${url.pathname}?${keyParams}`;
    return cached(key, ctx, async () => {
      const selection = await selectPapers(env.PAPERS, index, query, { defaultDays: format.defaultDays(env), unique: format.unique });
      const feed: FeedContext = {
        selfUrl: link(),
        firstUrl: link({ cursor: undefined }),
        nextUrl: selection.next ? link({ cursor: encodeCursor(selection.next) }) : undefined,
        query,
        updated: selection.updated,
      };
      return { ...(await format.render(selection, feed, env)), lastModified: selection.updated ?? index.updated_at };
    });
  };

const FORMATS = {
  api: {
    // Without a date the API answers the newest stored day.
    defaultDays: () => 1,
    unique: false,
    render: ({ papers, total, days }, feed) => ({
      body: JSON.stringify({ count: papers.length, total, days, filters: Object.fromEntries(canonicalParams(feed.query)), next: feed.nextUrl ?? null, papers }),
      type: JSON_TYPE,
    }),
  },
  jsonFeed: { defaultDays: feedDays, unique: true, render: ({ papers }, feed) => ({ body: renderJsonFeed(papers, feed), type: "application/feed+json; charset=utf-8" }) },
  atom: { defaultDays: feedDays, unique: true, render: ({ papers }, feed) => ({ body: renderAtom(papers, feed), type: "application/atom+xml; charset=utf-8" }) },
  rss: { defaultDays: feedDays, unique: true, render: ({ papers }, feed) => ({ body: renderRss(papers, feed), type: "application/rss+xml; charset=utf-8" }) },
  page: {
    defaultDays: () => 1,
    unique: false,
    render: async ({ papers, total, days }, feed, env) => {
      const run = await getLastRun(env.PAPERS);
      const lastRun = run && { at: run.started_at, ok: run.ok };
      const origin = new URL(feed.selfUrl).origin;
      return { body: renderPage(papers, { origin, query: feed.query, days, total, lastRun, nextUrl: feed.nextUrl }), type: "text/html; charset=utf-8" };
    },
  },
} satisfies Record<string, ListFormat>;

/** The front page's form sends empty fields; for a person, an empty field means "not set". */
const dropEmpty = (params: URLSearchParams) => new URLSearchParams([...params].filter(([, v]) => v !== ""));

async function problem(err: unknown): Promise<Response> {
  const e =
    err instanceof HttpError ? err : new HttpError(500, "Internal Server Error", "Something went wrong on our side; the error is logged.");
  if (!(err instanceof HttpError)) console.error(JSON.stringify({ event: "request-error", error: String(err), stack: err instanceof Error ? err.stack : undefined }));
  const body = JSON.stringify({ type: e.type, title: e.title, status: e.status, detail: e.message, ...e.extensions });
  const response = await toResponse({ body, type: "application/problem+json", status: e.status, cacheControl: "no-store" });
  for (const [k, v] of Object.entries(e.headers)) response.headers.set(k, v);
  return response;
}

export const router = Router<IRequest, Args>({
  before: [preflight],
  catch: problem,
  finally: [
    (response: Response, request: IRequest) => conditional(request as unknown as Request, response),
    (response: Response, request: IRequest) => (request.method === "HEAD" ? new Response(null, response) : response),
    (response: Response, request: IRequest) => {
      const out = corsify(response, request as unknown as Request);
      out.headers.set("access-control-expose-headers", "ETag, Last-Modified");
      return out;
    },
  ],
});

/** GET and HEAD on a path; any other method there answers 405 with Allow. */
const read = (path: string, handler: Handler) => {
  router.get(path, handler).head(path, handler);
  readPaths.push(path);
};
const readPaths: string[] = [];

read("/", listRoute(FORMATS.page, dropEmpty));
read("/api/papers", listRoute(FORMATS.api));
read("/feed.json", listRoute(FORMATS.jsonFeed));
read("/feed.atom", listRoute(FORMATS.atom));
read("/feed.rss", listRoute(FORMATS.rss));
read("/api/papers/:id", async ({ params }, env) => {
  const id = decodeURIComponent(params.id ?? "");
  if (!ARXIV_ID_RE.test(id)) throw new BadRequestError("id", "must be an arXiv id such as 2605.13301");
  const records = await getDays(env.PAPERS, await getPaperDates(env.PAPERS, id));
  const listings = records.flatMap((d) => d?.papers.filter((p) => p.id === id) ?? []);
  const [paper] = listings;
  if (!paper) throw new NotFoundError(`Paper ${id}`);
  const updated = records.map((r) => r?.updated_at ?? "").sort().at(-1);
  return json({ paper, listed_on: listings.map((p) => p.date) }, updated);
});
read("/api/days", async (_request, env, ctx) => {
  const index = await getIndex(env.PAPERS);
  if (index.days.length === 0) await maybeBootstrap(env, ctx, Date.now());
  return json({ count: index.days.length, days: index.days }, index.updated_at);
});
read("/api/status", async (_request, env) => {
  const status = await readStatus(env.PAPERS, Date.now(), readConfig(env).STALE_AFTER_MINUTES);
  // Short-lived: clients poll it to see how scraping goes.
  return json(status, status.last_run?.started_at, "public, max-age=60");
});
read("/openapi.json", async () => json(openApiDocument()));
// For uptime checks, and the benchmark's baseline: no KV, no rendering.
read("/healthz", async () => toResponse({ body: "ok", type: "text/plain; charset=utf-8", cacheControl: "no-store" }));

router
  .post("/api/admin/scrape", async (request, env) => {
    const config = readConfig(env);
    await authorize(request, config);
    const targets = scrapeTargets(parseScrapeQuery(new URL(request.url).searchParams));
    const report = await scrape({ kv: env.PAPERS, config, fetch: globalFetch, now: Date.now(), trigger: "admin" }, targets);
    return json(report, undefined, "no-store");
  })
  .all("/api/admin/scrape", async (request, env) => {
    if (!readConfig(env).ADMIN_TOKEN) throw new NotFoundError(`Route ${request.method} /api/admin/scrape`);
    throw new MethodNotAllowedError(request.method, ["POST", "OPTIONS"]);
  });
for (const path of readPaths) router.all(path, ({ method }) => Promise.reject(new MethodNotAllowedError(method, READ_METHODS)));
router.all("*", ({ method, url }) => Promise.reject(new NotFoundError(`Route ${method} ${new URL(url).pathname}`)));
