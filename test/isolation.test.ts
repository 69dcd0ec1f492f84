// What test/setup.ts promises every test of the Worker: it starts from empty storage, or,
// in a block that shares its storage (shareStorage), from what that block filled once.
import { abortAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { shareStorage } from "./helpers";

const keysStored = async () => (await env.PAPERS.list()).keys.map((k) => k.name);

describe("each test starts from empty storage", () => {
  it("(a test writes, then the object behind local KV leaves memory, as it does after 10 s idle)", async () => {
    await env.PAPERS.put("left-behind", "1");
    await abortAllDurableObjects();
  });

  it("(the next test finds nothing of it)", async () => {
    expect(await keysStored()).toEqual([]);
  });
});

describe("a block that shares its storage", () => {
  let fills = 0;
  shareStorage(async () => {
    fills++;
    await env.PAPERS.put("filled", String(fills));
  });

  it("is filled before its first test", async () => {
    expect(await keysStored()).toEqual(["filled"]);
  });

  it("and not again before the next", async () => {
    expect(await env.PAPERS.get("filled")).toBe("1");
    expect(fills).toBe(1);
  });

  it("refuses a write, which would fail the test", async () => {
    await expect(env.PAPERS.put("more", "x")).rejects.toThrow("KV put in a block that shares its storage");
    await expect(env.PAPERS.delete("filled")).rejects.toThrow("KV delete");
    expect(await keysStored()).toEqual(["filled"]);
    // The block's check after each test fails one that wrote; this one was only showing it.
    vi.mocked(env.PAPERS.put).mockClear();
    vi.mocked(env.PAPERS.delete).mockClear();
  });
});

describe("after a block that shared its storage", () => {
  it("a test starts from empty storage again", async () => {
    expect(await keysStored()).toEqual([]);
  });
});
