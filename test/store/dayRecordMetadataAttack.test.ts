// The day record's KV metadata names its content's hash, and a read of the content the summary
// names takes the counters-only path only where it does. Metadata is a stored value like any
// other: of any shape, of other content, or not readable at all for a moment. Whatever it holds,
// no route fails, the next read puts the record right once, and the reads after write nothing
// but counters: a record rewritten on every read would spend the day's write budget.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contentHash } from "../../src/store/content";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { countingKv, propsOf } from "../fixtures";
import { call, forgetStored, NOW, runScrape } from "../helpers";
import { dayKeys, repairPass } from "../stored";
import { firstPaperAt } from "./attackShared";

const DAY = "2026-05-18";
const K = dayKeys(DAY);
const MIN = 60_000;
const first = propsOf(DAY).dailyPapers[0]!.paper.upvotes;

/** The day's keys a run wrote, other than the counters' (the summary, the history). */
const contentWrites = (puts: string[]) =>
  puts.filter(
    (k) => (Object.values(K).includes(k) && k !== K.summary && k !== K.history) || k.startsWith("paper:"),
  );

/** The day record's text, with `metadata` in place of its own. */
async function plantMetadata(metadata: unknown) {
  const text = (await env.PAPERS.get(K.day))!;
  await env.PAPERS.put(K.day, text, metadata === undefined ? {} : { metadata });
}

const served = async () => {
  forgetStored();
  const res = await call(`/api/papers?date=${DAY}`);
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as { total: number }) : null };
};

describe("a day record's metadata in any shape", () => {
  const otherHash = () =>
    contentHash([{ id: "2605.99999", title: "Other", summary: "x", authors: [] } as never]);
  const shapes: [string, () => Promise<unknown>][] = [
    ["none at all", async () => undefined],
    ["null", async () => null],
    ["a string", async () => "a3f1c2"],
    ["an array", async () => [1, 2, 3]],
    ["content not a hash", async () => ({ count: 10, content: "not a hash" })],
    ["content an object", async () => ({ count: 10, content: { hash: "x" } })],
    ["content a number, count a string", async () => ({ count: "ten", content: 42 })],
    ["content a long string", async () => ({ count: 10, content: "f".repeat(900) })],
    ["content the hash of other content", async () => ({ count: 10, content: await otherHash() })],
  ];
  it.each(shapes)(
    "%s: no route fails, the next read rewrites the record once, and the read after writes counters only",
    async (_, make) => {
      await runScrape(firstPaperAt(DAY, first), { targets: [DAY], now: NOW });
      await plantMetadata(await make());
      expect(await served()).toEqual({ status: 200, body: expect.objectContaining({ total: 10 }) });

      const kv = countingKv(env.PAPERS);
      const fix = await runScrape(firstPaperAt(DAY, first + 1), { kv, targets: [DAY], now: NOW + 30 * MIN });
      expect(fix.days[0]?.outcome).toBe("stored");
      expect(contentWrites(kv.puts)).toContain(K.day);
      kv.puts.length = 0;
      const next = await runScrape(firstPaperAt(DAY, first + 2), { kv, targets: [DAY], now: NOW + 60 * MIN });
      expect(next.days[0]?.outcome).toBe("stored");
      expect(contentWrites(kv.puts)).toEqual([]);
      kv.puts.length = 0;
      const unchanged = await runScrape(firstPaperAt(DAY, first + 2), {
        kv,
        targets: [DAY],
        now: NOW + 90 * MIN,
      });
      expect(unchanged.days[0]?.outcome).toBe("unchanged");
      expect(kv.puts.filter((k) => Object.values(K).includes(k) || k.startsWith("paper:"))).toEqual([]);
      expect(await served()).toEqual({ status: 200, body: expect.objectContaining({ total: 10 }) });
    },
  );
});

it("metadata naming the summary's content over a record damaged since: the repair pass restores it, and reads after write counters only", async () => {
  await runScrape(firstPaperAt(DAY, first), { targets: [DAY], now: NOW });
  const { value, metadata } = await env.PAPERS.getWithMetadata(K.day, "text");
  const text = value!;
  const title = propsOf(DAY).dailyPapers[0]!.paper.title;
  await env.PAPERS.put(K.day, text.replace(JSON.stringify(title).slice(1, -1), "A title no read saw"), {
    metadata,
  });
  // A read of the same content trusts the metadata: the repair pass is what compares the text.
  await runScrape(firstPaperAt(DAY, first + 1), { targets: [DAY], now: NOW + 30 * MIN });
  await repairPass({ date: DAY, now: NOW + 60 * MIN, settledBefore: "2026-05-01" });
  const repaired = decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!;
  expect(repaired.papers.map((p) => p.title)).toEqual(decodeDayRecord(text, DAY)!.papers.map((p) => p.title));
  const kv = countingKv(env.PAPERS);
  await runScrape(firstPaperAt(DAY, first + 2), { kv, targets: [DAY], now: NOW + 90 * MIN });
  expect(contentWrites(kv.puts)).toEqual([]);
});

// A metadata read that fails says nothing of the record: taken as "names other content", every
// read while it fails would rewrite the record, search text and brief (three writes a read day).
it("a day record whose metadata cannot be read for a moment: the runs go on, and write none of the day's content", async () => {
  await runScrape(firstPaperAt(DAY, first), { targets: [DAY], now: NOW });
  const failing = new Proxy(env.PAPERS, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "getWithMetadata") return typeof v === "function" ? v.bind(target) : v;
      return async (key: string, ...rest: unknown[]) => {
        if (key.startsWith("day:")) throw new Error("KV GET failed: 503 (planted)");
        return (v as (...a: unknown[]) => unknown).call(target, key, ...rest);
      };
    },
  });
  const kv = countingKv(failing);
  for (let run = 1; run <= 3; run++) {
    const report = await runScrape(firstPaperAt(DAY, first + run), {
      kv,
      targets: [DAY],
      now: NOW + run * 30 * MIN,
    });
    expect(report.ok).toBe(true);
    expect(report.days[0]?.outcome).toBe("stored");
  }
  expect(contentWrites(kv.puts)).toEqual([]);
  expect(await served()).toEqual({ status: 200, body: expect.objectContaining({ total: 10 }) });
});

// The record's value comes as a stream only to be cancelled: a stream that failed on its way
// (a connection reset) rejects that cancel, and what the metadata said still stands.
it("a day record whose value stream fails on its way: the read of the day goes on", async () => {
  await runScrape(firstPaperAt(DAY, first), { targets: [DAY], now: NOW });
  const failing = new Proxy(env.PAPERS, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "getWithMetadata") return typeof v === "function" ? v.bind(target) : v;
      return async (key: string, type: unknown) => {
        const read = await (v as (...a: unknown[]) => Promise<{ metadata: unknown }>).call(target, key, type);
        if (type !== "stream") return read;
        const value = new ReadableStream({
          start(c) {
            c.error(new Error("connection reset (planted)"));
          },
        });
        return { ...read, value };
      };
    },
  });
  const kv = countingKv(failing);
  const report = await runScrape(firstPaperAt(DAY, first + 1), { kv, targets: [DAY], now: NOW + 30 * MIN });
  expect(report.days[0]?.outcome).toBe("stored");
  expect(contentWrites(kv.puts)).toEqual([]);
});
