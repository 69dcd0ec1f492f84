// The HTTP layer: routes, caching headers and CORS. Errors become problem details in one
// place (problem.ts). Handlers stay thin: the work is in the modules they call.
import { cors, type IRequest, Router } from "itty-router";
import { cacheTags } from "../core/cacheTags";
import { configOf } from "../core/config";
import { addDays, daysBetween, newest } from "../core/dates";
import { ARXIV_ID_RE } from "../core/paper";
import { runScrape } from "../scrape";
import { getIndex, getIndexRecent } from "../store/dayIndex";
import { historyAnswer } from "../store/history";
import { getLastRun } from "../store/runs";
import { authorize, scrapeTargets } from "./admin";
import { archivePlace, archiveVersions } from "./archive";
import { maybeBootstrap } from "./bootstrap";
import {
  BadRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PROBLEM_TYPES,
  type ProblemTypeName,
  RateLimitedError,
} from "./errors";
import { FEEDS, FORMATS, type Format, OPML } from "./formats";
import {
  cached,
  cacheHeaders,
  conditional,
  etagOf,
  LIST_CACHE_CONTROL,
  matches,
  notModified,
  toResponse,
} from "./httpCache";
import { renderList } from "./listAnswer";
import { openApiDocument } from "./openapi";
import { paperById } from "./paper";
import { problem } from "./problem";
import { canonicalParams, daySpan, type ListQuery, parseListQuery, parseScrapeQuery } from "./query";
import { renderOpml } from "./render/opml";
import { renderPaperPage } from "./render/paperPage";
import { renderProblemPage } from "./render/problemPage";
import { coveredDays } from "./select";
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

/** Bumped when a renderer's output changes, so version-derived ETags change with it. */
const ANSWER_FORMAT = "3";
/** The window of the rate limit in wrangler.toml ([[ratelimits]] simple.period). */
const RENDER_LIMIT_PERIOD_S = 60;

/** Each client may ask for a bounded number of uncached answers (wrangler.toml, RENDER_LIMITER). */
async function limitRenders(env: Env, request: Request): Promise<void> {
  const limiter: RateLimit | undefined = env.RENDER_LIMITER;
  if (!limiter) return;
  const client = request.headers.get("cf-connecting-ip") ?? "unknown";
  if (!(await limiter.limit({ key: client })).success) throw new RateLimitedError(RENDER_LIMIT_PERIOD_S);
}

/**
 * The Cache-Tags of a list answer: every calendar day its range covers (so a day stored
 * later in the range drops it too), or, for the newest days, those days and `days`.
 */
function listTags(query: ListQuery, covered: { date: string }[], format: Format): string[] {
  const span = daySpan(query);
  const days = span
    ? Array.from({ length: daysBetween(span[0], span[1]) + 1 }, (_, i) => addDays(span[0], i))
    : covered.map((e) => e.date);
  return [
    ...days.map(cacheTags.day),
    ...(span ? [] : [cacheTags.days]),
    ...(format.showsLastRun ? [cacheTags.status] : []),
  ];
}

/**
 * A list route. Its ETag comes from what the answer is built from (the covered days' data
 * versions, the query, the format), so a revalidation of an unchanged answer is a 304
 * without selecting or rendering anything. Otherwise: the isolate's copy, or (within the
 * client's rate limit) select and render. An empty archive starts a background scrape.
 */
const listRoute =
  (format: Format): Handler =>
  async (request, env, ctx) => {
    const url = new URL(request.url);
    const query = parseListQuery(format.fromForm ? withoutEmptyFields(url.searchParams) : url.searchParams);
    // A form (the front page) takes it too: it passes it on to the feed URLs it offers.
    if (query.digest && !format.digests && !format.fromForm) {
      const feeds = FORMATS.filter((f) => f.digests).map((f) => f.path);
      throw new BadRequestError("digest", `is offered on the feeds only: ${feeds.join(", ")}`);
    }
    if (query.digest && query.cursor)
      throw new BadRequestError("cursor", "does not apply to a digest, which has one entry a day");
    const config = configOf(env);
    const now = Date.now();
    const index = await getIndexRecent(env.PAPERS, now, INDEX_MEMO_MS);
    if (index.days.length === 0) await maybeBootstrap(env, ctx, now);
    const place = format.archives ? archivePlace(index, query, now, config) : undefined;
    const covered = coveredDays(index, query, place?.defaultDays ?? format.defaultDays(config));
    const run = format.showsLastRun ? await getLastRun(env.PAPERS) : undefined;
    const canonical = canonicalParams(query).toString();
    const versions = place?.archive
      ? await archiveVersions(env.PAPERS, covered)
      : covered.map((e) => `${e.date}@${e.updated_at ?? index.updated_at}`);
    const runVersion = run ? `${run.started_at}/${run.ok}` : "";
    const hub = format.announcesHub ? config.WEBSUB_HUB : undefined;
    const archived = place && `${place.archive}/${place.prevWeek}/${place.nextWeek}`;
    const strong = await etagOf(
      [ANSWER_FORMAT, url.origin, format.path, canonical, runVersion, hub, archived, ...versions].join("\n"),
    );
    const etag = place?.archive ? `W/${strong}` : strong;
    const self = `${url.origin}${url.pathname}${canonical ? `?${canonical}` : ""}`;
    const meta = {
      etag,
      // WebSub section 4: the hub and the topic's self URL, in a Link header too.
      link: hub ? `<${hub}>; rel="hub", <${self}>; rel="self"` : undefined,
      lastModified: newest([...covered.map((e) => e.updated_at ?? index.updated_at), run?.started_at]),
      tags: place?.tags ?? listTags(query, covered, format),
      cacheControl: place?.cacheControl ?? LIST_CACHE_CONTROL,
    };
    const lastModified = meta.lastModified ? new Date(meta.lastModified).toUTCString() : null;
    if (matches(request as unknown as Request, etag, lastModified))
      return notModified(cacheHeaders(meta, etag));

    return cached(`${url.pathname}?${canonical}${etag}`, async () => {
      await limitRenders(env, request as unknown as Request);
      const body = await renderList({
        kv: env.PAPERS,
        index,
        format,
        query,
        url,
        config,
        lastRun: run,
        place,
      });
      return { body, type: format.contentType, ...meta };
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

/** A path segment as text; undefined when its percent-encoding is broken ("%", "%ZZ", a cut-off UTF-8 sequence). */
function decodedId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const readPaths: string[] = [];
/** Registers GET and HEAD on a path; any other method there answers 405 with Allow. */
const getRoute = (path: string, handler: Handler) => {
  router.get(path, handler).head(path, handler);
  readPaths.push(path);
};

for (const format of FORMATS) getRoute(format.path, listRoute(format));

// The feeds as one OPML subscription list, with the filters asked for: it reads nothing
// stored, so it is cached for a day and counts against no rate limit.
getRoute(OPML.path, async (request) => {
  const url = new URL(request.url);
  const query = parseListQuery(url.searchParams);
  if (query.cursor)
    throw new BadRequestError("cursor", "does not apply to a list of feeds, which start at their first page");
  return toResponse({
    body: renderOpml({ origin: url.origin, query, feeds: FEEDS }),
    type: OPML.contentType,
    cacheControl: "public, max-age=86400",
  });
});

/** The paper a `:id` route names: a 400 for what is not an arXiv id, a 404 for one not stored. */
async function namedPaper(params: { id?: string }, env: Env) {
  const id = decodedId(params.id ?? "");
  if (id === undefined || !ARXIV_ID_RE.test(id))
    throw new BadRequestError("id", "must be an arXiv id such as 2605.13301");
  const found = await paperById(env.PAPERS, id);
  if (!found) throw new NotFoundError(`Paper ${id}`);
  return found;
}

getRoute("/api/papers/:id", async ({ params }, env) => {
  const found = await namedPaper(params, env);
  return toResponse({
    body: JSON.stringify({
      paper: found.paper,
      listed_on: found.listed_on,
      upvote_history: historyAnswer(found.history),
    }),
    type: JSON_TYPE,
    lastModified: found.updated,
    tags: found.listed_on.map(cacheTags.day),
  });
});
getRoute("/papers/:id", async ({ params }, env) => {
  const found = await namedPaper(params, env);
  return toResponse({
    body: renderPaperPage({ paper: found.paper, listedOn: found.listed_on, history: found.history }),
    type: "text/html; charset=utf-8",
    lastModified: found.updated,
    tags: found.listed_on.map(cacheTags.day),
  });
});
getRoute("/api/days", async (_request, env, ctx) => {
  const index = await getIndex(env.PAPERS);
  if (index.days.length === 0) await maybeBootstrap(env, ctx, Date.now());
  const days = index.days.map(({ date, count }) => ({ date, count }));
  return toResponse({
    body: JSON.stringify({ count: days.length, days }),
    type: JSON_TYPE,
    lastModified: index.updated_at,
    tags: [cacheTags.days],
  });
});
getRoute("/api/status", async (_request, env) => {
  const status = await statusAnswer(env.PAPERS, Date.now(), configOf(env).STALE_AFTER_MINUTES);
  // Short-lived: clients poll it to see how scraping goes.
  return toResponse({
    body: JSON.stringify(status),
    type: JSON_TYPE,
    lastModified: status.last_run?.started_at,
    cacheControl: "public, max-age=60",
    tags: [cacheTags.status],
  });
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
  .post("/api/admin/scrape", async (request, env, ctx) => {
    await authorize(request, configOf(env));
    const targets = scrapeTargets(parseScrapeQuery(new URL(request.url).searchParams));
    const report = await runScrape(env, { now: Date.now(), trigger: "admin", targets, cache: ctx.cache });
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
