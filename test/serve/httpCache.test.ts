// The isolate's copy of answers: its size accounting holds under concurrent misses and
// counts everything an entry holds.
import { describe, expect, it } from "vitest";
import { cached, forgetAnswers, holdsAnswer, memoryUse } from "../../src/serve/httpCache";

const render = (body: string) => async () => ({
  body,
  type: "text/plain",
  etag: '"x"',
  tags: ["d:2026-05-15"],
});

describe("the isolate's copy of answers", () => {
  it("two requests that miss the same key at once are counted once", async () => {
    forgetAnswers();
    await Promise.all([cached("k", "", render("a".repeat(1000))), cached("k", "", render("a".repeat(1000)))]);
    const one = memoryUse();
    expect(one.entries).toBe(1);
    forgetAnswers();
    await cached("k", "", render("a".repeat(1000)));
    expect(memoryUse()).toEqual(one);
  });

  it("counts the key and the headers, not only the body", async () => {
    forgetAnswers();
    const key = "/feed.atom?q=something-long".repeat(10);
    const response = await cached(key, "", render("body"));
    const headerChars = [...response.headers].reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(memoryUse().bytes).toBe(2 * (key.length + "body".length + headerChars));
  });

  it("counts a body written as a view of a larger buffer by the buffer it keeps alive", async () => {
    forgetAnswers();
    const body = new Uint8Array(10_000).subarray(0, 10);
    const response = await cached("view", "", async () => ({ body, type: "text/plain", etag: '"v"' }));
    const headerChars = [...response.headers].reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(memoryUse().bytes).toBe(2 * ("view".length + headerChars) + 10_000);
    expect((await response.arrayBuffer()).byteLength).toBe(10);
  });

  it("stays within its 16 MB, evicting the oldest", async () => {
    forgetAnswers();
    const big = "x".repeat(1_500_000); // 3 MB as UTF-16
    for (let i = 0; i < 8; i++) await cached(`k${i}`, "", render(big));
    expect(memoryUse().bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(memoryUse().entries).toBe(5);
    // The newest is still there: a second call does not render.
    let rendered = false;
    await cached("k7", "", async () => {
      rendered = true;
      return { body: "", type: "text/plain" };
    });
    expect(rendered).toBe(false);
  });

  it("knows which URLs it holds an answer for, whatever the version, until the last one is evicted", async () => {
    forgetAnswers();
    const big = "x".repeat(1_500_000);
    await cached("/feed.atom?", '"v1"', render(big));
    await cached("/feed.atom?", '"v2"', render(big));
    expect(holdsAnswer("/feed.atom?")).toBe(true);
    expect(holdsAnswer("/feed.rss?")).toBe(false);
    for (let i = 0; i < 4; i++) await cached(`/other${i}?`, "", render(big));
    // Six 3 MB answers do not fit in 16 MB: v1 went first, v2 stays.
    expect(holdsAnswer("/feed.atom?")).toBe(true);
    await cached("/other4?", "", render(big));
    expect(holdsAnswer("/feed.atom?")).toBe(false);
    forgetAnswers();
    expect(holdsAnswer("/other4?")).toBe(false);
  });
});
