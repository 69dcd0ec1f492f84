// GET /openapi.json: an OpenAPI 3.1 description generated from the zod schemas that
// validate requests and shape answers (zod 4's toJSONSchema), so it cannot drift.
import { z } from "zod";
import { DaysAnswer, PaperAnswer, PapersAnswer, Problem, StatusAnswer, RunReport } from "./model";
import { ListQuery, ScrapeQuery } from "./query";

const schema = (s: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const queryParams = (shape: Record<string, z.ZodType>) =>
  Object.entries(shape).map(([name, s]) => {
    const { description, ...json } = schema(s, "input");
    return { name, in: "query", required: false, description, schema: json };
  });

const jsonContent = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });
const ok = (description: string, content: Record<string, unknown>) => ({
  description,
  headers: { ETag: { schema: { type: "string" } }, "Last-Modified": { schema: { type: "string" } } },
  content,
});
const notModified = { description: "Not Modified: the If-None-Match or If-Modified-Since validators match" };
const text = (type: string, description: string) => ({ [type]: { schema: { type: "string", description } } });

let built: object | undefined;

export function openApiDocument(): object {
  if (built) return built;
  const list = queryParams(ListQuery.shape);
  const listErrors = { "304": notModified, "400": problem("A parameter broke a rule: the body names the parameter and the rule") };
  built = {
    openapi: "3.1.0",
    info: {
      title: "daily-papers-feed",
      version: "0.1.0",
      description:
        "An archive of Hugging Face Daily Papers, day by day, with upvotes, as JSON, JSON Feed 1.1, Atom 1.0 and RSS 2.0. " +
        "Every GET answers HEAD too, carries an ETag and Last-Modified, and answers 304 to matching conditional requests. " +
        "The list routes take `date`, or `from` and `to`, or `week`, or `month` (one of them), plus `min_upvotes`, `q`, `sort`, `limit` and `cursor`.",
    },
    paths: {
      "/api/papers": { get: { summary: "Papers, newest stored day by default", parameters: list, responses: { "200": ok("A page of papers", jsonContent("PapersAnswer")), ...listErrors } } },
      "/api/papers/{id}": {
        get: {
          summary: "One paper by arXiv id",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^\\d{4}\\.\\d{4,5}(v\\d+)?$" } }],
          responses: { "200": ok("The paper's newest listing and every day it was listed on", jsonContent("PaperAnswer")), "304": notModified, "400": problem("Not an arXiv id"), "404": problem("Unknown paper") },
        },
      },
      "/api/days": { get: { summary: "The stored days, newest first, with paper counts", responses: { "200": ok("Days", jsonContent("DaysAnswer")), "304": notModified } } },
      "/api/status": { get: { summary: "How the last scrape went and whether the data is fresh", responses: { "200": ok("Status (200 even while scraping fails)", jsonContent("StatusAnswer")), "304": notModified } } },
      "/feed.json": { get: { summary: "JSON Feed 1.1, newest 7 stored days by default", parameters: list, responses: { "200": ok("JSON Feed 1.1", text("application/feed+json", "https://www.jsonfeed.org/version/1.1/")), ...listErrors } } },
      "/feed.atom": { get: { summary: "Atom 1.0 (RFC 4287), paged per RFC 5005", parameters: list, responses: { "200": ok("Atom 1.0", text("application/atom+xml", "RFC 4287")), ...listErrors } } },
      "/feed.rss": { get: { summary: "RSS 2.0", parameters: list, responses: { "200": ok("RSS 2.0", text("application/rss+xml", "https://www.rssboard.org/rss-specification")), ...listErrors } } },
      "/": { get: { summary: "The front page (HTML)", parameters: list, responses: { "200": ok("HTML", text("text/html", "The front page")), ...listErrors } } },
      "/healthz": { get: { summary: "Liveness: answers ok without touching KV", responses: { "200": ok("ok", text("text/plain", "ok")) } } },
      "/openapi.json": { get: { summary: "This document", responses: { "200": ok("OpenAPI 3.1", { "application/json": { schema: { type: "object" } } }), "304": notModified } } },
      "/api/admin/scrape": {
        post: {
          summary: "Scrape now (backfill); exists only when the ADMIN_TOKEN secret is set",
          security: [{ bearer: [] }],
          parameters: queryParams(ScrapeQuery.shape),
          responses: { "200": { description: "The run's per-day report", content: jsonContent("RunReport") }, "400": problem("A parameter broke a rule"), "401": problem("Missing or wrong bearer token"), "404": problem("No ADMIN_TOKEN configured") },
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
  return built;
}
