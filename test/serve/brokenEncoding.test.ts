// A search parameter whose percent-encoding is not UTF-8 (a lone surrogate encoded as
// %ED%A0%80, a stray %FF) is decoded by URLSearchParams into U+FFFD replacement characters.
// The path parameter `id` refuses such bytes with a 400; the search parameters must too,
// instead of silently searching for "���" and answering an empty 200.
import { beforeEach, describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

describe("search text that is not UTF-8", () => {
  it.each([
    ["q", "%ED%A0%80"],
    ["q", "diffusion%FF"],
    ["author", "%C3"],
    ["org", "nvidia%E2%82"],
  ])("%s=%s answers 400 naming the parameter", async (param, raw) => {
    for (const path of ["/api/papers", "/feed.atom", "/feed.json", "/feeds.opml"]) {
      const res = await call(`${path}?${param}=${raw}`);
      expect(res.status, path).toBe(400);
      expect(Problem.parse(await res.json()).parameter, path).toBe(param);
    }
  });
});
