// runScrape, the scrape pipeline's one way in: a run with the deployment's settings and secrets.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { runScrape } from "../../src/scrape";
import { fakeOrigin } from "../fixtures";
import { LATER } from "../helpers";

describe("runScrape", () => {
  it("sends the HF_TOKEN secret to HF_ORIGIN as a bearer token, and without it no Authorization at all", async () => {
    const sent: [string, string | null][] = [];
    const origin = fakeOrigin();
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      sent.push([String(input), new Headers(init?.headers).get("authorization")]);
      return origin.fetch(input as string, init);
    });
    const withToken = { ...env, HF_TOKEN: "hf_abc" } as Env; // HF_ORIGIN is http://hf.test in tests
    await runScrape(withToken, { now: LATER, trigger: "admin", targets: ["2026-05-15"] });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every(([url, auth]) => url.startsWith("http://hf.test/") && auth === "Bearer hf_abc")).toBe(
      true,
    );
    sent.length = 0;
    await runScrape({ ...withToken, HF_TOKEN: "" } as Env, {
      now: LATER,
      trigger: "admin",
      targets: ["2026-05-15"],
    });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter(([, auth]) => auth !== null)).toEqual([]);
  });
});
