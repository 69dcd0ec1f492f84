// What test/setup.ts promises every test of the Worker: it starts from empty storage.
import { abortAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("each test starts from empty storage", () => {
  it("(a test writes, then the object behind local KV leaves memory, as it does after 10 s idle)", async () => {
    await env.PAPERS.put("left-behind", "1");
    await abortAllDurableObjects();
  });

  it("(the next test finds nothing of it)", async () => {
    expect((await env.PAPERS.list()).keys).toEqual([]);
  });
});
