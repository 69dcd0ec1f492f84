// GET /openapi.json: an OpenAPI 3.1 description generated from the zod schemas that
// validate requests and shape answers (zod 4's toJSONSchema) and from the formats table.
import * as z from "zod";
import type { Config } from "../core/config";
import { RunReport } from "../core/runReport";
import { DaysAnswer, PaperAnswer, PapersAnswer, Problem, StatusAnswer } from "./answers";
import { FEEDS, FORMATS, type Format, OPML } from "./formats";
import { PROBLEM_TYPE } from "./problem";
import { ListQuery, ScrapeQuery } from "./query";

const schema = (s: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

const queryParams = (shape: Record<string, z.ZodType>) =>
  Object.entries(shape).map(([name, s]) => {
    const { description, ...json } = schema(s, "input");
    return { name, in: "query", required: false, description, schema: json };
  });

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ "application/json": { schema: ref(name) } });
const problem = (description: string) => ({
  description,
  content: { [PROBLEM_TYPE]: { schema: ref("Problem") } },
});
/** On a page a person reads, a browser that asks for HTML gets the problem as a page (serve/problem.ts). */
const pageProblem = (description: string) => ({
  description,
  content: {
    ...problem(description).content,
    ...text("text/html", "The same problem as a page, for a client whose Accept names text/html"),
  },
});
/**
 * The rate limit's refusal (README, "Rate limiting"; serve/router.ts, limitBeforeReading): on
 * every route that reads KV, with Retry-After (RFC 6585 section 4).
 */
const rateLimited = (page = false) => ({
  ...(page ? pageProblem : problem)(
    "Too many uncached requests from this client: try again after Retry-After",
  ),
  headers: { "Retry-After": { schema: { type: "string" } } },
});
const ok = (description: string, content: Record<string, unknown>) => ({
  description,
  headers: { ETag: { schema: { type: "string" } }, "Last-Modified": { schema: { type: "string" } } },
  content,
});
const notModified = { description: "Not Modified: the If-None-Match or If-Modified-Since validators match" };
const text = (type: string, description: string) => ({ [type]: { schema: { type: "string", description } } });
const names = (shape: object) =>
  Object.keys(shape)
    .map((k) => `\`${k}\``)
    .join(", ");

function listPath(format: Format, config: Config, params: unknown[]) {
  const days = format.defaultDays(config);
  const type = format.contentType.split(";")[0]!;
  const content = type === "application/json" ? jsonContent("PapersAnswer") : text(type, format.spec);
  const newest = days === 1 ? "stored day" : `${days} stored days`;
  const summary = format.archives
    ? `${format.summary}; without a date parameter, the subscription document: every stored day since the newest ` +
      `archived week, at least the newest ${newest}; \`week\` names an archive document once that week has settled`
    : `${format.summary}; without a date parameter, the newest ${newest}`;
  return {
    get: {
      summary,
      parameters: params,
      responses: {
        "200": ok(format.label, content),
        "304": notModified,
        "400": (type === "text/html" ? pageProblem : problem)(
          "A parameter broke a rule: the body names the parameter and the rule",
        ),
        "429": rateLimited(type === "text/html"),
      },
    },
  };
}

const built = new WeakMap<Config, object>();

export function openApiDocument(config: Config): object {
  const known = built.get(config);
  if (known) return known;
  const list = queryParams(ListQuery.shape);
  const doc = {
    openapi: "3.1.0",
    info: {
      title: "daily-papers-feed",
      version: "0.1.0",
      description:
        `An archive of Hugging Face Daily Papers, day by day, with upvotes, as ${FORMATS.map((f) => f.label).join(", ")}. ` +
        "Every GET answers HEAD too, carries an ETag and Last-Modified, and answers 304 to matching conditional requests. " +
        `The list routes take the parameters ${names(ListQuery.shape)}.`,
    },
    paths: {
      ...Object.fromEntries(FORMATS.map((f) => [f.path, listPath(f, config, list)])),
      [OPML.path]: {
        get: {
          summary:
            `The feeds (${FEEDS.map((f) => f.label).join(", ")}) as one OPML 2.0 subscription list; ` +
            "the parameters given are checked as on the list routes and carried into every feed URL",
          parameters: list.filter((p) => p.name !== "cursor"),
          responses: {
            "200": ok("OPML 2.0", text(OPML.contentType.split(";")[0]!, "http://opml.org/spec2.opml")),
            "304": notModified,
            "400": problem("A parameter broke a rule: the body names the parameter and the rule"),
          },
        },
      },
      "/api/papers/{id}": {
        get: {
          summary: "One paper by arXiv id",
          parameters: [
            {
              name: "id",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^\\d{4}\\.\\d{4,5}(v\\d+)?$" },
            },
          ],
          responses: {
            "200": ok(
              "The paper's newest listing and every day it was listed on",
              jsonContent("PaperAnswer"),
            ),
            "304": notModified,
            "400": problem("Not an arXiv id"),
            "404": problem("Unknown paper"),
            "429": rateLimited(),
          },
        },
      },
      "/papers/{id}": {
        get: {
          summary:
            "One paper as a page: its upvote curve, abstract, authors, links and the days it was listed on",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": ok("HTML", text("text/html", "The paper's page")),
            "400": pageProblem("Not an arXiv id"),
            "404": pageProblem("Unknown paper"),
            "429": rateLimited(true),
          },
        },
      },
      "/api/days": {
        get: {
          summary: "The stored days, newest first, with paper counts",
          responses: {
            "200": ok("Days", jsonContent("DaysAnswer")),
            "304": notModified,
            "429": rateLimited(),
          },
        },
      },
      "/api/status": {
        get: {
          summary: "How the last scrape went and whether the data is fresh",
          responses: {
            "200": ok("Status (200 even while scraping fails)", jsonContent("StatusAnswer")),
            "304": notModified,
            "429": rateLimited(),
          },
        },
      },
      "/problems/{name}": {
        get: {
          summary: "What a problem type means: the page each problem's `type` URI points to",
          parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": ok("HTML", text("text/html", "The problem type's page")),
            "404": problem("Unknown type"),
          },
        },
      },
      "/healthz": {
        get: {
          summary: "Liveness: answers ok without touching KV",
          responses: { "200": ok("ok", text("text/plain", "ok")) },
        },
      },
      "/openapi.json": {
        get: {
          summary: "This document",
          responses: {
            "200": ok("OpenAPI 3.1", { "application/json": { schema: { type: "object" } } }),
            "304": notModified,
          },
        },
      },
      "/api/admin/scrape": {
        post: {
          summary: "Scrape now (backfill); exists only when the ADMIN_TOKEN secret is set",
          security: [{ bearer: [] }],
          parameters: queryParams(ScrapeQuery.shape),
          responses: {
            "200": { description: "The run's per-day report", content: jsonContent("RunReport") },
            "400": problem("A parameter broke a rule"),
            "401": problem("Missing or wrong bearer token"),
            "404": problem("No ADMIN_TOKEN configured"),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        PapersAnswer: schema(PapersAnswer),
        PaperAnswer: schema(PaperAnswer),
        DaysAnswer: schema(DaysAnswer),
        StatusAnswer: schema(StatusAnswer),
        RunReport: schema(RunReport),
        Problem: schema(Problem),
      },
    },
  };
  built.set(config, doc);
  return doc;
}
