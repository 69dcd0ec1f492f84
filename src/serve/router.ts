// The HTTP layer: routes, caching headers and CORS. Errors become problem details in one
// place (problem.ts). Handlers stay thin: the work is in the modules they call.
import { cors, type IRequest, Router } from "itty-router";
import { cacheTags } from "../core/cacheTags";
import { type Config, configOf } from "../core/config";
import { newest } from "../core/dates";
import { ARXIV_ID_RE } from "../core/paper";
import type { StartRun } from "../core/runReport";
import {
  Archive,
  historyAnswer,
  readIndex,
  readIndexRecent,
  readLastReport,
  reportDamage,
  servedIndex,
} from "../store/archive";
import { authorize, scrapeTargets } from "./admin";
import { utf8Body } from "./body";
import { bootstrapIfEmpty } from "./bootstrap";
import {
  BadRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PROBLEM_TYPES,
  type ProblemTypeName,
  RateLimitedError,
} from "./errors";
import { archiveVersions, feedArchivePlace } from "./feedArchive";
import { FORMATS, type Format, OPML } from "./formats";
import {
  cached,
  cacheHeaders,
  conditional,
  etagOf,
  headAnswer,
  holdsAnswer,
  LIST_CACHE_CONTROL,
  lastModifiedHeader,
  matches,
  notModified,
  toResponse,
} from "./httpCache";
import { renderList } from "./listAnswer";
import { openApiDocument } from "./openapi";
import { opmlOf } from "./opml";
import { planList } from "./plan";
import { problem } from "./problem";
import { canonicalParams, type ListQuery, parseListQuery, parseScrapeQuery } from "./query";
import { renderPaperPage } from "./render/paperPage";
import { renderProblemPage } from "./render/problemPage";
import { statusAnswer, statusChangedAt } from "./status";

type Args = [env: Env, ctx: ExecutionContext];
type Handler = (request: IRequest, env: Env, ctx: ExecutionContext) => Promise<Response>;

/** What the rest of the Worker hands the serve pipeline (src/index.ts). */
export interface ServeDeps {
  /** Starts a scrape run: the admin route and a fresh deployment's bootstrap ask for one. */
  startRun: StartRun<Env>;
}

const READ_METHODS = ["GET", "HEAD", "OPTIONS"];
/** How long a list route trusts the index it read last (see readIndexRecent). */
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
 * Salts the ETags derived from data versions: a change to what a renderer writes must
 * change it, or a reader holding the old ETag would keep the old rendering
 * (test/serve/render/answerFormat.test.ts fails until it is bumped).
 */
export const ANSWER_FORMAT = "11";
/** The window of the rate limit in wrangler.toml ([[ratelimits]] simple.period). */
const RENDER_LIMIT_PERIOD_S = 60;

/** Requests already counted: a request is counted once, however many steps ask. */
const counted = new WeakSet<object>();

/** Each client may ask for a bounded number of uncached answers (wrangler.toml, RENDER_LIMITER). */
async function limitRenders(env: Env, request: Request): Promise<void> {
  const limiter: RateLimit | undefined = env.RENDER_LIMITER;
  if (!limiter || counted.has(request)) return;
  counted.add(request);
  const client = request.headers.get("cf-connecting-ip") ?? "unknown";
  if (!(await limiter.limit({ key: client })).success) throw new RateLimitedError(RENDER_LIMIT_PERIOD_S);
}

/**
 * Counts a request that will cost KV reads before it reads any, so a refused one reads
 * nothing. A list route names its answer (`answer`: path and canonical query) and is not
 * counted here when the isolate holds some version of it (cache-busters land there), nor
 * for a revalidation (If-None-Match, If-Modified-Since: Workers Cache sends them after
 * invalidate(), and their 304 reads no day); it counts when it renders. The other routes
 * read KV for every answer, a 304 included, and are counted on every request.
 */
async function limitBeforeReading(env: Env, request: IRequest, answer?: string): Promise<void> {
  const revalidation = request.headers.has("if-none-match") || request.headers.has("if-modified-since");
  if (answer !== undefined && (revalidation || holdsAnswer(answer))) return;
  await limitRenders(env, request as unknown as Request);
}

/** Where an answer's links start: the deployment's public address when set, else the request's origin. */
const baseOf = (config: Config, url: URL) =>
  config.PUBLIC_URL
    ? config.PUBLIC_URL.endsWith("/")
      ? config.PUBLIC_URL
      : `${config.PUBLIC_URL}/`
    : `${url.origin}/`;

/** The list query of a request, with the rules that depend on the format. */
function listQueryOf(format: Format, url: URL): ListQuery {
  const query = parseListQuery(format.fromForm ? withoutEmptyFields(url.searchParams) : url.searchParams);
  // A form (the front page) takes it too: it passes it on to the feed URLs it offers.
  if (query.digest && !format.digests && !format.fromForm) {
    const feeds = FORMATS.filter((f) => f.digests).map((f) => f.path);
    throw new BadRequestError("digest", `is offered on the feeds only: ${feeds.join(", ")}`);
  }
  // The front page lists papers whatever digest its feed URLs carry, so it pages as usual.
  if (query.digest && query.cursor && format.digests)
    throw new BadRequestError("cursor", "does not apply to a digest, which has one entry a day");
  return query;
}

/** Notes, after the answer, the days whose values a reader found damaged, for the next run to repair first. */
const reportDamaged = (env: Env, ctx: ExecutionContext, archive: Archive) => {
  if (archive.damaged.size)
    ctx.waitUntil(reportDamage(env.PAPERS, archive.damaged, Date.now()).catch(() => {}));
};

/**
 * A list route. Its ETag comes from what the answer is built from (the covered days' data
 * versions, the query, the format), so a revalidation of an unchanged answer is a 304
 * without selecting or rendering anything. Otherwise: the isolate's copy, or (within the
 * client's rate limit) select and render. An empty archive starts a background scrape.
 */
const listRoute =
  (format: Format, deps: ServeDeps): Handler =>
  async (request, env, ctx) => {
    const url = new URL(request.url);
    const query = listQueryOf(format, url);
    const answer = `${url.pathname}?${canonicalParams(query)}`;
    await limitBeforeReading(env, request, answer);
    const config = configOf(env);
    const now = Date.now();
    const index = await readIndexRecent(env.PAPERS, now, INDEX_MEMO_MS);
    if (index.days.length === 0) await bootstrapIfEmpty(env, ctx, deps.startRun, now);
    const place = format.archives ? feedArchivePlace(index, query, now, config) : undefined;
    const plan = planList(format, query, index, place?.defaultDays ?? format.defaultDays(config));
    const run = format.showsLastRun ? index.last_run : undefined;
    const base = baseOf(config, url);
    const archive = new Archive(env.PAPERS, plan.covered);
    // An archived feed's ETag is made from its week's summaries (archiveVersions): a request for
    // one reads KV whether it revalidates or the isolate holds its answer, so it counts first.
    if (place?.archive) await limitRenders(env, request as unknown as Request);
    const versions = place?.archive
      ? await archiveVersions(archive, plan.covered)
      : plan.covered.map((e) => `${e.date}@${e.updated_at ?? index.updated_at}`);
    const hub = format.announcesHub ? config.WEBSUB_HUB : undefined;
    const runVersion = run ? `${run.version}/${run.ok}` : "";
    const archived = place && `${place.archive}/${place.prevWeek}/${place.nextWeek}`;
    const strong = await etagOf(
      [ANSWER_FORMAT, base, format.path, plan.canonical, runVersion, hub, archived, ...versions].join("\n"),
    );
    const etag = place?.archive ? `W/${strong}` : strong;
    const self = `${new URL(format.path.slice(1), base).href}${plan.canonical ? `?${plan.canonical}` : ""}`;
    const meta = {
      etag,
      // WebSub section 4: the hub and the topic's self URL, in a Link header too.
      link: hub ? `<${hub}>; rel="hub", <${self}>; rel="self"` : undefined,
      // The days an archived feed's links were found from count too: they change its links.
      lastModified: newest([
        ...[...plan.covered, ...(place?.linked ?? [])].map((e) => e.updated_at ?? index.updated_at),
        run?.version,
      ]),
      tags: place?.tags ?? plan.tags,
      cacheControl: place?.cacheControl ?? LIST_CACHE_CONTROL,
    };
    const lastModified = lastModifiedHeader(meta.lastModified, now);
    if (matches(request as unknown as Request, etag, lastModified))
      return notModified(cacheHeaders(meta, etag));

    return cached(answer, etag, async () => {
      await limitRenders(env, request as unknown as Request);
      const lastRun = run && { at: run.started_at, ok: run.ok };
      const body = utf8Body(await renderList({ archive, plan, base, config, lastRun, place }));
      reportDamaged(env, ctx, archive);
      return { body, type: format.contentType, ...meta };
    });
  };

/** A path segment as text; undefined when its percent-encoding is broken ("%", "%ZZ", a cut-off UTF-8 sequence). */
function decodedId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The paper a `:id` route names: a 400 for what is not an arXiv id, a 404 for one not stored. */
async function namedPaper(params: { id?: string }, env: Env, ctx: ExecutionContext) {
  const id = decodedId(params.id ?? "");
  if (id === undefined || !ARXIV_ID_RE.test(id))
    throw new BadRequestError("id", "must be an arXiv id such as 2605.13301");
  const archive = new Archive(env.PAPERS);
  const found = await archive.paperById(id);
  reportDamaged(env, ctx, archive);
  if (!found) throw new NotFoundError(`Paper ${id}`);
  return found;
}

/** The routes, given what they need from the rest of the Worker. */
export function createRouter(deps: ServeDeps) {
  const router = Router<IRequest, Args>({
    before: [preflight],
    catch: problem,
    finally: [
      (response: Response, request: IRequest) => conditional(request as unknown as Request, response),
      (response: Response, request: IRequest) =>
        request.method === "HEAD" ? headAnswer(response) : response,
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

  for (const format of FORMATS) getRoute(format.path, listRoute(format, deps));

  // The feeds as one OPML subscription list, with the filters asked for: it reads nothing
  // stored, so it is cached for a day and counts against no rate limit.
  getRoute(OPML.path, async (request, env) => {
    const url = new URL(request.url);
    return toResponse({
      body: opmlOf(url.searchParams, baseOf(configOf(env), url)),
      type: OPML.contentType,
      cacheControl: "public, max-age=86400",
    });
  });

  getRoute("/api/papers/:id", async (request, env, ctx) => {
    await limitBeforeReading(env, request);
    const found = await namedPaper(request.params, env, ctx);
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
  getRoute("/papers/:id", async (request, env, ctx) => {
    await limitBeforeReading(env, request);
    const found = await namedPaper(request.params, env, ctx);
    return toResponse({
      body: renderPaperPage({ paper: found.paper, listedOn: found.listed_on, history: found.history }),
      type: "text/html; charset=utf-8",
      lastModified: found.updated,
      tags: found.listed_on.map(cacheTags.day),
    });
  });
  getRoute("/api/days", async (request, env, ctx) => {
    await limitBeforeReading(env, request);
    const index = servedIndex(await readIndex(env.PAPERS), Date.now());
    if (index.days.length === 0) await bootstrapIfEmpty(env, ctx, deps.startRun, Date.now());
    const days = index.days.map(({ date, count }) => ({ date, count }));
    return toResponse({
      body: JSON.stringify({ count: days.length, days }),
      type: JSON_TYPE,
      lastModified: index.updated_at,
      tags: [cacheTags.days],
    });
  });
  getRoute("/api/status", async (request, env) => {
    await limitBeforeReading(env, request);
    const now = Date.now();
    const staleAfter = configOf(env).STALE_AFTER_MINUTES;
    const index = servedIndex(await readIndex(env.PAPERS), now);
    const report = await readLastReport(env.PAPERS, index);
    const status = statusAnswer(index, report, now, staleAfter);
    // Short-lived: clients poll it to see how scraping goes.
    return toResponse({
      body: JSON.stringify(status),
      type: JSON_TYPE,
      lastModified: statusChangedAt(index, now, staleAfter),
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
      const report = await deps.startRun(env, {
        now: Date.now(),
        trigger: "admin",
        targets,
        cache: ctx.cache,
      });
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
  return router;
}
