// List answers written as UTF-8 bytes (serve/body.ts) and kept as bytes in the
// isolate's answer cache (serve/httpCache.ts), attacked with hostile text and every route kind.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Paper } from "../../src/core/paper";
import { PapersAnswer } from "../../src/serve/answers";
import { utf8Body } from "../../src/serve/body";
import { forgetAnswers, memoryUse } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";
import { dayKeys } from "../stored";
import { strictParse } from "../strictJson";

const DAY = "2026-05-15";
const K = dayKeys(DAY);
const HOSTILE = "\\ud83d\\ude80 Zo\\u00eb \\u674e\\u96f7 \\ud800 lone \\udfff end \\u2028\\u2029 \\u0000";

async function plantTitles() {
  await runScrape(fakeOrigin(), { targets: [DAY] });
  const text = (await env.PAPERS.get(K.day))!;
  // Every paper's title made hostile, as stored escapes (ASCII), in its own line.
  await env.PAPERS.put(K.day, text.replace(/"title":"/g, `"title":"${HOSTILE} `));
  forgetAnswers();
  forgetIndex();
}

const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());

describe("byte bodies: a miss, then a hit, then HEAD, then a revalidation", () => {
  it.each([
    `/api/papers?date=${DAY}`,
    `/api/papers?date=${DAY}&sort=upvotes&q=model`,
    `/api/papers?date=${DAY}&sort=rising`,
    `/api/papers?date=${DAY}&q=nothing-matches-this`,
    `/feed.atom?date=${DAY}`,
    `/feed.rss?date=${DAY}`,
    `/feed.json?date=${DAY}`,
  ])("%s: the same bytes every time, HEAD's Content-Length their length", async (path) => {
    await plantTitles();
    const miss = await call(path);
    expect(miss.status).toBe(200);
    const first = await bytes(miss);
    const hit = await bytes(await call(path));
    expect(hit).toEqual(first);
    const head = await call(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(first.byteLength));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    forgetAnswers();
    const headMiss = await call(path, { method: "HEAD" });
    expect(headMiss.headers.get("content-length")).toBe(String(first.byteLength));
    const after = await bytes(await call(path));
    expect(after).toEqual(first);
    const etag = miss.headers.get("etag")!;
    const revalidated = await call(path, { headers: { "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
    expect((await revalidated.arrayBuffer()).byteLength).toBe(0);
    const text = new TextDecoder().decode(first);
    if (path.includes("json") || path.startsWith("/api")) {
      const parsed = strictParse(text) as Record<string, unknown>;
      if (path.startsWith("/api")) {
        const answer = PapersAnswer.parse(parsed);
        for (const p of parsed.papers as Record<string, unknown>[])
          expect(Object.keys(p).filter((k) => !(k in Paper.shape))).toEqual([]);
        for (const p of answer.papers)
          expect(p.title.startsWith("\u{1F680} Zoë 李雷 \ud800 lone \udfff end")).toBe(true);
      }
    }
  });
});

describe("what the isolate's answer cache counts for a byte body", () => {
  it("is the bytes the body keeps alive: an answer of a few hundred bytes holds no larger buffer", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    forgetAnswers();
    forgetIndex();
    const before = memoryUse().bytes;
    const res = await call(`/api/papers?date=${DAY}&q=nothing-matches-this`);
    const text = await res.text();
    expect(JSON.parse(text).count).toBe(0);
    const counted = memoryUse().bytes - before;
    // The body the cache keeps is utf8Body's subarray: it keeps its whole ArrayBuffer alive.
    const body = utf8Body([text]);
    expect(body.byteLength).toBe(text.length);
    expect(
      counted,
      `counted ${counted} bytes for a body whose buffer is ${body.buffer.byteLength} bytes`,
    ).toBeGreaterThanOrEqual(body.buffer.byteLength);
  });

  it("utf8Body keeps at most a third more buffer than it wrote (else it copies), which the cache counts", () => {
    for (const pieces of [
      ["{}"],
      ["a".repeat(1000)],
      ["€".repeat(20_000)],
      ["é".repeat(100_000)],
      ["a", "李".repeat(40_000), "b".repeat(200_000)],
    ]) {
      const body = utf8Body(pieces);
      expect(
        body.buffer.byteLength,
        `${body.byteLength} bytes in a buffer of ${body.buffer.byteLength}`,
      ).toBeLessThanOrEqual(Math.floor((4 * body.byteLength) / 3) + 64);
    }
  });
});
