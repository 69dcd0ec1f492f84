// The Worker as the workerd benchmark runs it: src/index.ts unchanged, with its KV binding
// counted. wrangler's local KV simulator runs in the Worker's own workerd process, so its CPU
// would be counted as the Worker's; Workers KV in a deployment runs elsewhere and hands the
// Worker UTF-8 bytes. So a MemoryKv kept inside the isolate stands in, decoding every read as
// the runtime does. With `--kv=service` (runtime.ts) PAPERS is instead workerd's own KV
// binding, answered by a service in the harness's process (kvService.ts), which BENCH_KV also
// reaches: the isolate then holds none of the archive, but each KV call is an HTTP request
// workerd's process handles. Each answer says how many KV keys it read (x-bench-kv-keys).
//
// Bench-only routes, under /__bench/ (the Worker has none there):
//   GET  /__bench/kv                 counts: keys stored, keys read, values written
//   GET  /__bench/kv/dump            every key, value and metadata (the Node floor loads it)
//   GET  /__bench/staged?at=         the read a scheduled run at that time staged, as its report would say (404: none)
//   POST /__bench/kv/load            stores a dump (another run's archive, the same bytes)
//   POST /__bench/kv/delete?prefix=  deletes the keys with that prefix (a word index to rebuild)
//   POST /__bench/mature-histories?now=  grows every day's upvote history to what weeks of runs leave
//   GET  /__bench/scheduled?time=    runs the cron handler at that time (for `workerd serve`)
//   GET  /__bench/calibrate?n=       a fixed piece of work, n times (calibration.ts)
//   GET  /__bench/burn?n=            spins n iterations: tells the harness which process runs the isolate
import { TASKS } from "../../src/core/schedule";
import worker from "../../src/index";
import {
  DENSE_FOR_S,
  decodeHistory,
  encodeHistory,
  historyKey,
  listedAtOf,
  MAX_POINTS,
  SPARSE_EVERY_S,
} from "../../src/store/values/history";
import { stagedReadKey } from "../../src/store/values/stagedRead";
import { MemoryKv } from "../memoryKv";
import { calibrationWork } from "./calibration";
import { kvCountsOf } from "./kvCounts";

type BenchEnv = Env & { BENCH_KV?: Fetcher };

const kv = new MemoryKv();
const envs = new WeakMap<Env, Env>();
/** Keys read and values written through the Worker's KV, whichever stands behind it. */
const counted = { reads: 0, puts: 0 };

/** The runtime's KV binding, counting keys read (a bulk read counts each, as KV bills it) and puts. */
function countedKv(binding: KVNamespace): KVNamespace {
  return {
    get: (key: string | string[], options?: never) => {
      counted.reads += Array.isArray(key) ? key.length : 1;
      return binding.get(key as string, options);
    },
    getWithMetadata: (key: string, options?: never) => {
      counted.reads++;
      return binding.getWithMetadata(key, options);
    },
    put: (key: string, value: string, options?: KVNamespacePutOptions) => {
      counted.puts++;
      return binding.put(key, value, options);
    },
    delete: (key: string) => binding.delete(key),
    list: (options?: KVNamespaceListOptions) => binding.list(options),
  } as unknown as KVNamespace;
}

/** The runtime's env with PAPERS counted; one per env object, as the Worker's config cache expects. */
function benchEnv(env: BenchEnv): Env {
  let out = envs.get(env);
  if (!out) {
    // `workerd serve` (runtime.ts) has no rate-limit binding: one that always allows stands in.
    const limiter = env.RENDER_LIMITER ?? { limit: async () => ({ success: true }) };
    out = { ...env, PAPERS: countedKv(env.BENCH_KV ? env.PAPERS : kv.asKv()), RENDER_LIMITER: limiter };
    envs.set(env, out);
  }
  return out;
}

/**
 * The points a paper listed on `date` would have by `now` (unix seconds), ending at `final`
 * upvotes, by the store's rules (store/values/history.ts): a point every 30 minutes (the
 * newest-list task's turn) for DENSE_FOR_S after the listing, then one every SPARSE_EVERY_S while
 * the window re-reads the day (7 days), a point only where the count changed, the first and the
 * newest kept up to MAX_POINTS. Empty when `now` is before the day's listing.
 */
function maturePoints(date: string, final: number, now: number): [number, number][] {
  const listed = listedAtOf(date);
  const times: number[] = [];
  for (let t = listed; t < listed + DENSE_FOR_S && t <= now; t += 1800) times.push(t);
  for (let t = listed + DENSE_FOR_S; t <= Math.min(now, listed + 7 * 86_400); t += SPARSE_EVERY_S)
    times.push(t);
  const points: [number, number][] = [];
  for (const [k, t] of times.entries()) {
    const n = Math.round((final * (k + 1)) / times.length);
    if (points.at(-1)?.[1] !== n) points.push([t, n]);
  }
  return points.length > MAX_POINTS ? [points[0]!, ...points.slice(1 - MAX_POINTS)] : points;
}

/** Every stored history rewritten with mature points, each paper ending at its newest count. */
async function matureHistories(kv: KVNamespace, now: number): Promise<number> {
  let days = 0;
  const prefix = historyKey("");
  const listed = (await kv.list({ prefix })) as { keys: { name: string }[] };
  for (const { name } of listed.keys) {
    const date = name.slice(prefix.length);
    const text = await kv.get(name, "text");
    const history = text === null ? null : decodeHistory(text, date);
    if (!history) continue;
    for (const p of history.papers.values()) {
      const grown = maturePoints(date, p.points.at(-1)?.[1] ?? 0, now);
      // A day listed after `now` keeps what it has.
      if (grown.length) p.points = grown;
    }
    await kv.put(historyKey(date), encodeHistory(history));
    days++;
  }
  return days;
}

const json = (data: unknown) => Response.json(data, { headers: { "cache-control": "no-store" } });

async function control(
  url: URL,
  request: Request,
  env: BenchEnv,
  ctx: ExecutionContext,
): Promise<Response | undefined> {
  // The KV service keeps the archive, and answers for it.
  if (env.BENCH_KV && url.pathname.startsWith("/__bench/kv")) return env.BENCH_KV.fetch(request);
  switch (url.pathname) {
    case "/__bench/kv":
      return json(kvCountsOf(kv.data, kv.reads, kv.puts));
    case "/__bench/staged": {
      // A run that stages a read writes no record of its own: the read says what it read.
      const at = url.searchParams.get("at");
      for (const task of TASKS) {
        const text = await benchEnv(env).PAPERS.get(stagedReadKey(task), "text");
        const v =
          text === null ? undefined : (JSON.parse(text) as Record<string, unknown> & { papers: unknown[] });
        if (v?.read_at !== at) continue;
        const day = {
          asked: v!.asked,
          date: v!.date,
          via: v!.via,
          outcome: "staged",
          count: v!.papers.length,
        };
        return json({ ok: true, task, started_at: at, days: [day] });
      }
      return new Response("none", { status: 404 });
    }
    case "/__bench/kv/dump": {
      const text = new TextDecoder();
      return json([...kv.data].map(([k, v]) => [k, text.decode(v), kv.meta.get(k) ?? null]));
    }
    case "/__bench/kv/load": {
      if (request.method !== "POST") return new Response(null, { status: 405 });
      const entries = (await request.json()) as [string, string, unknown][];
      for (const [k, v, meta] of entries) await kv.put(k, v, meta === null ? {} : { metadata: meta });
      kv.puts = 0;
      return json({ loaded: entries.length });
    }
    case "/__bench/kv/delete": {
      if (request.method !== "POST") return new Response(null, { status: 405 });
      const prefix = url.searchParams.get("prefix") ?? "\u0000";
      const gone = [...kv.data.keys()].filter((k) => k.startsWith(prefix));
      for (const k of gone) kv.data.delete(k);
      return json({ deleted: gone });
    }
    case "/__bench/mature-histories": {
      if (request.method !== "POST") return new Response(null, { status: 405 });
      const now = Math.floor(Number(url.searchParams.get("now") ?? Date.now()) / 1000);
      return json({ days: await matureHistories(benchEnv(env).PAPERS, now) });
    }
    case "/__bench/scheduled": {
      // For `workerd serve`, which has no trigger of its own: the cron handler, as the runtime calls it.
      const scheduledTime = Number(url.searchParams.get("time") ?? Date.now());
      const controller = { scheduledTime, cron: url.searchParams.get("cron") ?? "", noRetry() {} };
      try {
        await worker.scheduled(controller, benchEnv(env), ctx);
        return new Response("ok");
      } catch (e) {
        return new Response(String(e), { status: 500 });
      }
    }
    case "/__bench/calibrate": {
      let length = 0;
      for (let i = Number(url.searchParams.get("n") ?? 1); i > 0; i--) length += calibrationWork();
      return json({ length });
    }
    case "/__bench/burn": {
      let x = 0;
      const n = Number(url.searchParams.get("n") ?? 1e7);
      for (let i = 0; i < n; i++) x = (x * 31 + i) % 1_000_003;
      return json({ x });
    }
  }
  return undefined;
}

export default {
  async fetch(request, env, ctx) {
    let url = new URL(request.url);
    const own = url.pathname.startsWith("/__bench/") ? await control(url, request, env, ctx) : undefined;
    if (own) return own;
    // Another host for each measured request: the isolate keys its answer copy by origin
    // (through the ETag), so the same query misses it every time.
    const host = request.headers.get("x-bench-host");
    if (host) {
      url = new URL(url);
      url.host = host;
      request = new Request(url, request);
    }
    const before = counted.reads;
    const putsBefore = counted.puts;
    const response = await worker.fetch(request, benchEnv(env), ctx);
    const out = new Response(response.body, response);
    out.headers.set("x-bench-kv-keys", String(counted.reads - before));
    out.headers.set("x-bench-kv-puts", String(counted.puts - putsBefore));
    return out;
  },
  scheduled(controller, env, ctx) {
    return worker.scheduled(controller, benchEnv(env), ctx);
  },
} satisfies ExportedHandler<BenchEnv>;
