// The HTTP layer: routes, caching headers and CORS. Errors become problem details in one
// place (problem.ts). Handlers stay thin: the work is in the modules they call.
import { cors, type IRequest, Router } from "itty-router";
import { configOf } from "../core/config";
import { newest } from "../core/dates";
import { ARXIV_ID_RE } from "../core/paper";
import { runScrape } from "../scrape";
import { getIndex, getIndexRecent } from "../store/dayIndex";
import { getDays } from "../store/days";
import { getPaperDates } from "../store/paperDates";
import { getLastRun } from "../store/runs";
import { authorize, scrapeTargets } from "./admin";
import { maybeBootstrap } from "./bootstrap";
import {
  BadRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PROBLEM_TYPES,
  type ProblemTypeName,
} from "./errors";
import { FORMATS, type Format, LINKED_FORMATS } from "./formats";
import { cached, conditional, toResponse } from "./httpCache";
import { openApiDocument } from "./openapi";
import { problem } from "./problem";
import { canonicalParams, encodeCursor, type ListQuery, parseListQuery, parseScrapeQuery } from "./query";
import { renderProblemPage } from "./render/problemPage";
import type { ListView } from "./render/view";
import { selectPapers } from "./select";
import { statusAnswer } from "./status";

type Args = [env: Env, ctx: ExecutionContext];
type Handler = (request: IRequest, env: Env, ctx: ExecutionContext) => Promise<Response>;

const READ_METHODS = ["GET", "HEAD", "OPTIONS"];
/** How long a list route trusts the index it read last (see getIndexRecent). */
const INDEX_MEMO_MS = 10_000;
const JSON_TYPE = "application/json; charset=utf-8";
const { preflight, corsify } = cors({
  allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
  allowHeaders: ["authorization", "if-none-match", "if-modified-since"],
  exposeHeaders: ["etag", "last-modified"],
  maxAge: 86400,
});
const json = (data: unknown, lastModified?: string | null, cacheControl?: string): Promise<Response> =>
  toResponse({ body: JSON.stringify(data), type: JSON_TYPE, lastModified, cacheControl });

/** An HTML form sends its empty fields; for a person, an empty field means "not set". */
const withoutEmptyFields = (params: URLSearchParams) =>
  new URLSearchParams([...params].filter(([, v]) => v !== ""));

/**
 * A list route: parse the query, read the index (its version keys the cache), answer
 * from the cache or select and render. An empty archive starts a background scrape.
 */
const listRoute =
  (format: Format): Handler =>
  async (request, env, ctx) => {
    const url = new URL(request.url);
    const query = parseListQuery(format.fromForm ? withoutEmptyFields(url.searchParams) : url.searchParams);
    const config = configOf(env);
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
      const selection = await selectPapers(env.PAPERS, index, query, {
        defaultDays: format.defaultDays(config),
        unique: format.unique,
      });
      const run = format.showsLastRun ? await getLastRun(env.PAPERS) : undefined;
      const view: ListView = {
        ...selection,
        query,
        origin: url.origin,
        selfUrl: link(),
        firstUrl: link({ cursor: undefined }),
        nextUrl: selection.next ? link({ cursor: encodeCursor(selection.next) }) : undefined,
        feedDays: config.FEED_DAYS,
        formats: LINKED_FORMATS,
        lastRun: run && { at: run.started_at, ok: run.ok },
      };
      return {
        body: format.render(view),
        type: format.contentType,
        lastModified: selection.updated ?? index.updated_at,
      };
    });
  };

export const router = Router<IRequest, Args>({
  before: [preflight],
  catch: problem,
  finally: [
    (response: Response, request: IRequest) => conditional(request as unknown as Request, response),
    (response: Response, request: IRequest) =>
      request.method === "HEAD" ? new Response(null, response) : response,
    (response: Response, request: IRequest) => {
      const out = corsify(response, request as unknown as Request);
      out.headers.set("access-control-expose-headers", "ETag, Last-Modified");
      return out;
    },
  ],
});

const readPaths: string[] = [];
/** Registers GET and HEAD on a path; any other method there answers 405 with Allow. */
const getRoute = (path: string, handler: Handler) => {
  router.get(path, handler).head(path, handler);
  readPaths.push(path);
};

for (const format of FORMATS) getRoute(format.path, listRoute(format));

getRoute("/api/papers/:id", async ({ params }, env) => {
  const id = decodeURIComponent(params.id ?? "");
  if (!ARXIV_ID_RE.test(id)) throw new BadRequestError("id", "must be an arXiv id such as 2605.13301");
  const records = await getDays(env.PAPERS, await getPaperDates(env.PAPERS, id));
  const listings = records.flatMap((d) => d?.papers.filter((p) => p.id === id) ?? []);
  const [paper] = listings;
  if (!paper) throw new NotFoundError(`Paper ${id}`);
  return json({ paper, listed_on: listings.map((p) => p.date) }, newest(records.map((r) => r?.updated_at)));
});
getRoute("/api/days", async (_request, env, ctx) => {
  const index = await getIndex(env.PAPERS);
  if (index.days.length === 0) await maybeBootstrap(env, ctx, Date.now());
  return json({ count: index.days.length, days: index.days }, index.updated_at);
});
getRoute("/api/status", async (_request, env) => {
  const status = await statusAnswer(env.PAPERS, Date.now(), configOf(env).STALE_AFTER_MINUTES);
  // Short-lived: clients poll it to see how scraping goes.
  return json(status, status.last_run?.started_at, "public, max-age=60");
});
getRoute("/openapi.json", async (_request, env) => json(openApiDocument(configOf(env))));
getRoute("/problems/:name", async ({ params }) => {
  const name = params.name ?? "";
  if (!Object.hasOwn(PROBLEM_TYPES, name)) throw new NotFoundError(`Problem type ${name}`);
  const page = { name, ...PROBLEM_TYPES[name as ProblemTypeName] };
  return toResponse({
    body: renderProblemPage(page),
    type: "text/html; charset=utf-8",
    cacheControl: "public, max-age=86400",
  });
});
// For uptime checks, and the benchmark's baseline: no KV, no rendering.
getRoute("/healthz", async () =>
  toResponse({ body: "ok", type: "text/plain; charset=utf-8", cacheControl: "no-store" }),
);

router
  .post("/api/admin/scrape", async (request, env) => {
    await authorize(request, configOf(env));
    const targets = scrapeTargets(parseScrapeQuery(new URL(request.url).searchParams));
    const report = await runScrape(env, { now: Date.now(), trigger: "admin", targets });
    return json(report, undefined, "no-store");
  })
  .all("/api/admin/scrape", async (request, env) => {
    if (!configOf(env).ADMIN_TOKEN) throw new NotFoundError(`Route ${request.method} /api/admin/scrape`);
    throw new MethodNotAllowedError(request.method, ["POST", "OPTIONS"]);
  });
for (const path of readPaths) {
  router.all(path, ({ method }) => Promise.reject(new MethodNotAllowedError(method, READ_METHODS)));
}
router.all("*", ({ method, url }) =>
  Promise.reject(new NotFoundError(`Route ${method} ${new URL(url).pathname}`)),
);
