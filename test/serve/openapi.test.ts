// GET /openapi.json: generated from the zod schemas and the formats table.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { FORMATS } from "../../src/serve/formats";
import { ListQuery } from "../../src/serve/query";
import { fakeOrigin } from "../fixtures";
import { call, runScrape, shareStorage } from "../helpers";

// Every test here only reads: the fixtures are scraped once.
shareStorage(() => runScrape(fakeOrigin()));

const Parameter = z.object({
  name: z.string(),
  description: z.string().optional(),
  schema: z.record(z.string(), z.unknown()),
});
const OpenApi = z.object({
  openapi: z.literal("3.1.0"),
  info: z.object({ description: z.string() }),
  paths: z.record(
    z.string(),
    z.record(z.string(), z.object({ summary: z.string(), parameters: z.array(Parameter).optional() })),
  ),
  components: z.object({ schemas: z.record(z.string(), z.record(z.string(), z.unknown())) }),
});

describe("GET /openapi.json", () => {
  it("describes every route, and every format from the formats table", async () => {
    const doc = OpenApi.parse(await (await call("/openapi.json")).json());
    const routes = [
      "/api/papers/{id}",
      "/api/days",
      "/api/status",
      "/openapi.json",
      "/healthz",
      "/problems/{name}",
      "/papers/{id}",
      "/api/admin/scrape",
      "/feeds.opml",
    ];
    expect(Object.keys(doc.paths).sort()).toEqual([...FORMATS.map((f) => f.path), ...routes].sort());
    expect(doc.paths["/feed.atom"]!.get!.summary).toBe(
      "Atom 1.0, paged and archived per RFC 5005; without a date parameter, the subscription document: " +
        "every stored day since the newest archived week, at least the newest 7 stored days; " +
        "`week` names an archive document once that week has settled",
    );
    expect(doc.paths["/api/papers"]!.get!.summary).toMatch(/the newest stored day$/);
    expect(doc.paths["/feeds.opml"]!.get!.summary).toMatch(
      /^The feeds \(Atom, JSON Feed, RSS\) as one OPML 2.0/,
    );
    expect(doc.paths["/feeds.opml"]!.get!.parameters!.map((p) => p.name)).toEqual(
      Object.keys(ListQuery.shape).filter((k) => k !== "cursor"),
    );
  });

  it("describes the list parameters from the same zod schema that validates them", async () => {
    const doc = OpenApi.parse(await (await call("/openapi.json")).json());
    for (const { path } of FORMATS) {
      expect(doc.paths[path]!.get!.parameters!.map((p) => p.name)).toEqual(Object.keys(ListQuery.shape));
    }
    const params = doc.paths["/api/papers"]!.get!.parameters!;
    const limit = params.find((p) => p.name === "limit")!;
    expect(limit.schema).toMatchObject({ type: "string", pattern: "^\\d+$" });
    expect(limit.description).toMatch(/1 to 200/);
    expect(params.find((p) => p.name === "sort")!.schema.enum).toEqual(["date", "upvotes", "rising"]);
    expect(doc.info.description).toContain(
      Object.keys(ListQuery.shape)
        .map((k) => `\`${k}\``)
        .join(", "),
    );
    const papers = doc.components.schemas.PapersAnswer as {
      properties: { papers: { items: { required: string[] } } };
    };
    expect(papers.properties.papers.items.required).toEqual(
      expect.arrayContaining(["id", "title", "upvotes", "date", "url"]),
    );
  });

  it("follows FEED_DAYS in what it says the feeds cover", async () => {
    const { env } = await import("cloudflare:workers");
    const res = await call("/openapi.json", undefined, { ...env, FEED_DAYS: "3" });
    const doc = OpenApi.parse(await res.json());
    expect(doc.paths["/feed.rss"]!.get!.summary).toMatch(/at least the newest 3 stored days; /);
  });
});
