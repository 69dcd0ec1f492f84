// The HTTP layer: routes, query parsing, and turning errors into answers in one place.
import { Router, type IRequest } from "itty-router";
import { authorize, scrapeTargets } from "./admin";
import { selectPapers } from "./archive";
import { maybeBootstrap } from "./bootstrap";
import { readConfig } from "./config";
import { BadRequestError, HttpError, NotFoundError } from "./errors";
import { ARXIV_ID_RE } from "./model";
import { parseListQuery, parseScrapeQuery, type ListQuery } from "./query";
import { renderAtom } from "./renderers/atom";
import { renderJsonFeed } from "./renderers/jsonFeed";
import { scrape } from "./scrape";
import { readStatus } from "./status";
import { getDays, getIndex, getPaperDates } from "./store";

type Args = [env: Env, ctx: ExecutionContext];

const respond = (body: string, type: string, status = 200) => new Response(body, { status, headers: { "content-type": type } });
const json = (data: unknown, status = 200) => respond(JSON.stringify(data), "application/json; charset=utf-8", status);
/** Looked up at call time so tests can spy on globalThis.fetch. */
const upstreamFetch = (input: string, init?: RequestInit) => fetch(input, init);

/** The request's URL with only the known list parameters, in a fixed order. */
export function canonicalUrl(url: URL, q: ListQuery): string {
  const out = new URL(url.pathname, url.origin);
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out.searchParams.set(k, String(v));
  return out.toString();
}

/** Selects papers for a list route; an empty archive starts a background scrape. */
async function select(request: IRequest, env: Env, ctx: ExecutionContext, defaultDays: number) {
  const url = new URL(request.url);
  const query = parseListQuery(url.searchParams);
  const selection = await selectPapers(env.PAPERS, query, defaultDays);
  if (selection.empty) await maybeBootstrap(env, ctx, Date.now());
  return { query, selection, ctx: { selfUrl: canonicalUrl(url, query), query, updated: selection.updated } };
}

export const router = Router<IRequest, Args>({
  catch: (err: unknown) => {
    if (err instanceof HttpError) return json({ error: err.message, status: err.status, ...err.details }, err.status);
    console.error(JSON.stringify({ event: "request-error", error: String(err), stack: err instanceof Error ? err.stack : undefined }));
    return json({ error: "Internal error", status: 500 }, 500);
  },
});

router
  .get("/api/papers", async (request, env, ctx) => {
    // Without a date the API answers the newest stored day.
    const { query, selection } = await select(request, env, ctx, 1);
    const { papers, total, days } = selection;
    return json({ count: papers.length, total, days, filters: query, papers });
  })
  .get("/api/papers/:id", async ({ params }, env) => {
    const id = decodeURIComponent(params.id ?? "");
    if (!ARXIV_ID_RE.test(id)) throw new BadRequestError("id", "must be an arXiv id such as 2605.13301");
    const dates = await getPaperDates(env.PAPERS, id);
    const listings = (await getDays(env.PAPERS, dates)).flatMap((d) => d?.papers.filter((p) => p.id === id) ?? []);
    const [paper] = listings;
    if (!paper) throw new NotFoundError(`Paper ${id}`);
    return json({ paper, listed_on: listings.map((p) => p.date) });
  })
  .get("/api/days", async (_request, env, ctx) => {
    const days = await getIndex(env.PAPERS);
    if (days.length === 0) await maybeBootstrap(env, ctx, Date.now());
    return json({ count: days.length, days });
  })
  .get("/api/status", async (_request, env) => json(await readStatus(env.PAPERS, Date.now(), readConfig(env).STALE_AFTER_MINUTES)))
  .post("/api/admin/scrape", async (request, env) => {
    const config = readConfig(env);
    await authorize(request, config);
    const targets = scrapeTargets(parseScrapeQuery(new URL(request.url).searchParams));
    const report = await scrape({ kv: env.PAPERS, config, fetch: upstreamFetch, now: Date.now(), trigger: "admin" }, targets);
    return json(report);
  })
  .get("/feed.json", async (request, env, ctx) => {
    const { selection, ctx: feed } = await select(request, env, ctx, readConfig(env).FEED_DAYS);
    return respond(renderJsonFeed(selection.papers, feed), "application/feed+json; charset=utf-8");
  })
  .get("/feed.atom", async (request, env, ctx) => {
    const { selection, ctx: feed } = await select(request, env, ctx, readConfig(env).FEED_DAYS);
    return respond(renderAtom(selection.papers, feed), "application/atom+xml; charset=utf-8");
  })
  .all("*", ({ method, url }) => {
    throw new NotFoundError(`Route ${method} ${new URL(url).pathname}`);
  });
