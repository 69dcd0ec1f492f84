// What hostile or damaged values cannot make the store do: a bulk read past KV's 25 MB,
// and a search whose cost grows faster than the text it scans.
import { env } from "cloudflare:workers";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it, vi } from "vitest";
import { toAscii } from "../../src/store/ascii";
import { eachMatch, linesContaining } from "../../src/store/find";
import { BULK_READ_MAX_BYTES, readTexts } from "../../src/store/kv";
import { briefKey, encodeBrief } from "../../src/store/values/brief";
import { DAY_INDEX_KEY, encodeDayIndex } from "../../src/store/values/dayIndex";
import { encodeSearchText, searchTextKey } from "../../src/store/values/searchText";
import { encodeSummary, summaryKey } from "../../src/store/values/summary";
import { call } from "../helpers";
import { memoryKv } from "../memoryKv";

/** 25 MB: what one bulk read may answer (developers.cloudflare.com/kv/api/read-key-value-pairs). */
const KV_BULK_LIMIT = 25 * 1024 * 1024;

/** KV as production answers a bulk read: past 25 MB of values, it fails with a 413. */
function limitedKv(kv: KVNamespace): KVNamespace & { bulkReads: number[] } {
  const bulkReads: number[] = [];
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "bulkReads") return bulkReads;
      const v = Reflect.get(target, prop);
      if (prop !== "get") return typeof v === "function" ? v.bind(target) : v;
      return async (key: string | string[], type?: unknown) => {
        const answer = await (v as (...a: unknown[]) => Promise<unknown>).call(target, key, type);
        if (!Array.isArray(key)) return answer;
        const bytes = [...(answer as Map<string, string | null>).values()].reduce(
          (n, s) => n + (s?.length ?? 0),
          0,
        );
        bulkReads.push(bytes);
        if (bytes > KV_BULK_LIMIT)
          throw new Error(`KV GET_BULK failed: 413 ${bytes} bytes exceeds the limit of 25MB`);
        return answer;
      };
    },
  }) as KVNamespace & { bulkReads: number[] };
}

/** A summary of `ids` for a planted day, stamped `at`, naming content `hash`; paper i has i upvotes. */
const plantSummary = (date: string, at: string, hash: string, ids: string[]) =>
  env.PAPERS.put(
    summaryKey(date),
    encodeSummary({
      date,
      updated_at: at,
      observed_at: at,
      added_at: at,
      content: hash,
      runs: [],
      ids,
      counters: ids.map((_, i) => ({ upvotes: i })),
    }),
  );

describe("bulk reads stay under 25 MB", () => {
  it("are batched by the values' largest size, and a batch that fails anyway is split, hiding no key", async () => {
    const kv = limitedKv(memoryKv());
    const big = "x".repeat(4.8 * 1024 * 1024);
    const keys = Array.from({ length: 10 }, (_, i) => `brief:2026-05-${String(i + 1).padStart(2, "0")}`);
    for (const k of keys) await kv.put(k, big);
    // Declared as at most 6 MB each: four a read.
    const read = await readTexts(kv, keys, 6 * 1024 * 1024);
    expect([...read.values()].every((v) => v === big)).toBe(true);
    expect(kv.bulkReads.every((b) => b <= BULK_READ_MAX_BYTES)).toBe(true);
    // Declared far too small (a value bigger than its kind allows): the failing reads are split.
    kv.bulkReads.length = 0;
    const split = await readTexts(kv, keys, 1024);
    expect([...split.values()].every((v) => v === big)).toBe(true);
    expect(kv.bulkReads.some((b) => b > KV_BULK_LIMIT)).toBe(true);
  });

  it("digests and author searches over ten days of 4.8 MB briefs answer", { timeout: 60_000 }, async () => {
    const days = Array.from({ length: 10 }, (_, i) => `2026-05-${String(i + 4).padStart(2, "0")}`);
    const hash = "ab".repeat(16);
    // 300 papers of some 16 KB of authors each: a brief of about 4.8 MB a day.
    const papers = Array.from({ length: 300 }, (_, i) => ({
      id: `2605.${String(10000 + i)}`,
      title: `Paper ${i}`,
      authors: Array.from({ length: 400 }, (_, j) => `Author ${j} Quite-Long-Surname${i}`),
    }));
    const brief = encodeBrief(papers, hash);
    expect(brief.length).toBeGreaterThan(4.5 * 1024 * 1024);
    for (const date of days) {
      await env.PAPERS.put(briefKey(date), brief);
      await plantSummary(
        date,
        `${date}T06:00:00.000Z`,
        hash,
        papers.map((p) => p.id),
      );
    }
    const index = {
      updated_at: "2026-05-19T06:00:00.000Z",
      days: days.map((date) => ({ date, count: 300 })).reverse(),
    };
    await env.PAPERS.put(DAY_INDEX_KEY, encodeDayIndex(index));
    const limited = limitedKv(env.PAPERS);
    for (const path of [
      "/feed.atom?digest=day&from=2026-05-04&to=2026-05-13",
      "/feed.atom?author=nobody-at-all&from=2026-05-04&to=2026-05-13",
    ]) {
      const res = await call(path, undefined, { ...env, PAPERS: limited });
      expect(res.status, path).toBe(200);
      expect(XMLValidator.validate(await res.text()), path).toBe(true);
    }
    expect(limited.bulkReads.every((b) => b <= KV_BULK_LIMIT)).toBe(true);
  });
});

describe("search is linear in the text, whatever the needle", () => {
  it("a needle that repeats what the text repeats compares at most about the text's length", () => {
    const text = "x".repeat(4 * 1024 * 1024);
    const needle = `${"x".repeat(199)}b`;
    const startsWith = vi.spyOn(String.prototype, "startsWith");
    expect(linesContaining(text, needle)).toEqual([]);
    // Each check compares at most the needle; the checks together at most about the text.
    expect(startsWith.mock.calls.length * needle.length).toBeLessThanOrEqual(2 * text.length + needle.length);
    startsWith.mockRestore();
  });

  it("finds every match still, after the anchored search gives way to the whole needle", () => {
    const text = `${"xxxxxxxx".repeat(1000)}xxxxb\nxb ${"x".repeat(50)}b`;
    const found: number[] = [];
    eachMatch(text, "xxxxb", (at) => {
      found.push(at);
      return at + 1;
    });
    let expected = text.indexOf("xxxxb");
    const all: number[] = [];
    while (expected >= 0) {
      all.push(expected);
      expected = text.indexOf("xxxxb", expected + 1);
    }
    expect(found).toEqual(all);
  });

  it("q= over a stored 4 MB abstract answers, comparing no more than the text's length", async () => {
    const date = "2026-05-13";
    const hash = "cd".repeat(16);
    const paper = { id: "2605.10001", title: "t", summary: "x".repeat(4 * 1024 * 1024) };
    await env.PAPERS.put(searchTextKey(date), encodeSearchText([paper], hash));
    const at = "2026-05-19T06:00:00.000Z";
    await plantSummary(date, at, hash, [paper.id]);
    await env.PAPERS.put(DAY_INDEX_KEY, encodeDayIndex({ updated_at: at, days: [{ date, count: 1 }] }));
    const needle = `${"x".repeat(199)}b`;
    const startsWith = vi.spyOn(String.prototype, "startsWith");
    const res = await call(`/api/papers?date=${date}&q=${needle}`);
    const calls = startsWith.mock.calls.length;
    startsWith.mockRestore();
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(0);
    expect(calls * needle.length).toBeLessThanOrEqual(3 * toAscii(paper.summary).length);
  });
});
