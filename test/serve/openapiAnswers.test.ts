// /openapi.json says every route's answers: a client generated from it must know each status a
// route can give. Checked against real answers, not against the code that writes the document.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

it('declares the 429 that the rate-limited routes answer (README, "Rate limiting")', async () => {
  await runScrape(fakeOrigin());
  const doc = (await (await call("/openapi.json")).json()) as Doc;
  const refusing = { ...env, RENDER_LIMITER: { limit: async () => ({ success: false }) } };
  const routes: [string, string][] = [
    ["/", "/"],
    ["/api/papers", "/api/papers"],
    ["/feed.atom", "/feed.atom"],
    ["/api/papers/{id}", "/api/papers/2605.15256"],
    ["/papers/{id}", "/papers/2605.15256"],
    ["/api/days", "/api/days"],
    ["/api/status", "/api/status"],
  ];
  for (const [path, url] of routes) {
    const res = await call(url, undefined, refusing);
    expect(res.status, url).toBe(429);
    expect(Object.keys(doc.paths[path]!.get!.responses), path).toContain("429");
  }
});
