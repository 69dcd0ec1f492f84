// The floor beside each workerd figure: the same Worker (src/index.ts), the same archive (the
// isolate's KV, dumped byte for byte), the same requests, run in this Node process. What is
// left between the two is the runtime: V8's flags and JIT in workerd, its Request, Response
// and streams, its crypto, and what the bench can see of the process around the isolate.
//
// Zod runs without its JIT, as in Workers (which forbid `new Function`).
import * as z from "zod";

z.config({ jitless: true });

import worker from "../../src/index";
import { MemoryKv } from "../memoryKv";
import { type Stats, stats } from "./cpu";
import { CRON, earlier, freshHost, type Row } from "./harness";
import { type ArchiveOrigin, isoDate } from "./origin";

export interface NodeWorker {
  kv: MemoryKv;
  env: Env;
}

/** A Node-side copy of the Worker with the archive `dump` (GET /__bench/kv/dump) in its KV. */
export async function nodeWorker(
  dump: [string, string, unknown][],
  vars: Record<string, string>,
): Promise<NodeWorker> {
  const kv = new MemoryKv();
  for (const [k, v, meta] of dump) await kv.put(k, v, meta === null ? {} : { metadata: meta });
  const limiter = { limit: async () => ({ success: true }) };
  const env = { ...vars, PAPERS: kv.asKv(), RENDER_LIMITER: limiter } as unknown as Env;
  return { kv, env };
}

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function answer(w: NodeWorker, url: string): Promise<{ ms: number; keys: number }> {
  const reads = w.kv.reads;
  const t = process.cpuUsage();
  const res = await worker.fetch(new Request(url), w.env, ctx);
  await res.arrayBuffer();
  const ms = cpuMs(t);
  if (res.status !== 200) throw new Error(`bench (Node): ${url} answered ${res.status}`);
  return { ms, keys: w.kv.reads - reads };
}

/** Median CPU of `runs` uncached answers of one kind, less /healthz's. */
export async function nodeRow(w: NodeWorker, row: Row, path: string, runs: number): Promise<Stats> {
  const url = () => `http://${freshHost()}${path}${row.query ? `?${row.query}` : ""}`;
  const health: number[] = [];
  for (let i = 0; i < 10; i++) health.push((await answer(w, `http://${freshHost()}/healthz`)).ms);
  const base = stats(health).median;
  for (let i = 0; i < 3; i++) await answer(w, url());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await answer(w, url())).ms - base);
  return stats(samples);
}

/**
 * Scheduled runs in Node, with the pages the site shows already in memory as bytes (the
 * runtime's fetch and its streams are not what this floor measures).
 */
export async function nodeCron(
  w: NodeWorker,
  origin: ArchiveOrigin,
  start: number,
  runs: number,
  slotMs: number,
): Promise<{ read: Stats; settled: Stats }> {
  const realFetch = globalThis.fetch;
  // The runs alternate: one reads the page and stages the read, the next settles it.
  const samples: number[] = [];
  try {
    for (let j = 0; j < runs; j++) {
      const time = start + j * slotMs;
      origin.today = earlier(isoDate(time), origin.days[0]!);
      origin.bump += 1;
      const pages = new Map<string, Uint8Array>();
      const bytesOf = (path: string) => {
        const dated = path.match(/^\/papers\/date\/(\d{4}-\d{2}-\d{2})$/);
        const key = dated?.[1] ?? "latest";
        let b = pages.get(key);
        if (!b) {
          b = new TextEncoder().encode(origin.pageFor(dated?.[1]));
          pages.set(key, b);
        }
        return b;
      };
      // Every page a run may ask for, built before it starts.
      bytesOf("/papers");
      for (let d = 1; d <= 8; d++) bytesOf(`/papers/date/${isoDate(time - d * 86_400_000)}`);
      globalThis.fetch = (async (input: RequestInfo | URL) => {
        const bytes = bytesOf(new URL(String(input instanceof Request ? input.url : input)).pathname);
        return {
          ok: true,
          status: 200,
          url: String(input),
          redirected: false,
          headers: new Headers({ "content-type": "text/html; charset=utf-8" }),
          body: null,
          arrayBuffer: async () => bytes.buffer,
          text: async () => new TextDecoder().decode(bytes),
        } as unknown as Response;
      }) as typeof fetch;
      const t = process.cpuUsage();
      await worker.scheduled!(
        { scheduledTime: time, cron: CRON, noRetry() {} } as ScheduledController,
        w.env,
        ctx,
      );
      samples.push(cpuMs(t));
      globalThis.fetch = realFetch;
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  return {
    read: stats(samples.filter((_, j) => j % 2 === 0)),
    settled: stats(samples.filter((_, j) => j % 2 === 1)),
  };
}
