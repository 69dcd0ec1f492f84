// Workers KV for the bench, outside the Worker's process: workerd's own KV binding
// (`kvNamespace` in workerd.capnp) turns each call into an HTTP request to the service it
// names, and this Node server answers them from a MemoryKv. So the Worker runs the runtime's
// real binding code (its values arrive as bytes and are decoded by the runtime, as in a
// deployment), and its isolate holds none of the archive: its garbage collector meets only
// what the Worker itself allocates, as a deployed isolate's does. This process's CPU is not
// the Worker's and is not counted.
//
// The protocol is the one Miniflare's KV namespace answers (miniflare, src/workers/kv/
// namespace.worker.ts): GET /<key> (the value, metadata in CF-KV-Metadata, 404 when absent),
// POST /bulk/get ({keys, type, withMetadata} → an object of values), PUT /<key>, DELETE /<key>,
// GET /?prefix= (metadata as JSON text). Keys are URL-encoded when the query says
// `urlencoded=true`. Not kept: a listing's page size and cursor (every key of the prefix comes in
// one page), expirations (nothing expires), and Miniflare's 400s (a bad request answers 500). The bench's own routes (/__bench/kv…) count, dump, load
// and delete, as the in-isolate stand-in's do. Its own small store, not MemoryKv: that one is
// typed for the Worker, and this process's CPU is not measured.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { kvCountsOf } from "./kvCounts";

class Store {
  readonly data = new Map<string, Buffer>();
  readonly meta = new Map<string, unknown>();
  reads = 0;
  puts = 0;
  text = (key: string) => this.data.get(key)?.toString("utf8");
  put(key: string, value: string | Buffer, metadata?: unknown) {
    this.puts++;
    this.data.set(key, typeof value === "string" ? Buffer.from(value, "utf8") : value);
    this.meta.set(key, metadata);
  }
  delete(key: string) {
    this.data.delete(key);
    this.meta.delete(key);
  }
  list = (prefix = "") => [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
}

export interface KvService {
  port: number;
  close(): Promise<void>;
}

const bodyOf = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const sendJson = (res: ServerResponse, data: unknown) =>
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(data));

/** The bench's own routes: the same answers entry.ts gives for an in-isolate MemoryKv. */
async function control(kv: Store, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  switch (url.pathname) {
    case "/__bench/kv":
      return void sendJson(res, kvCountsOf(kv.data, kv.reads, kv.puts));
    case "/__bench/kv/dump":
      return void sendJson(
        res,
        [...kv.data.keys()].map((k) => [k, kv.text(k), kv.meta.get(k) ?? null]),
      );
    case "/__bench/kv/load": {
      const entries = JSON.parse((await bodyOf(req)).toString("utf8")) as [string, string, unknown][];
      for (const [k, v, meta] of entries) kv.put(k, v, meta === null ? undefined : meta);
      kv.puts = 0;
      return void sendJson(res, { loaded: entries.length });
    }
    case "/__bench/kv/delete": {
      const prefix = url.searchParams.get("prefix") ?? "\u0000";
      const gone = [...kv.data.keys()].filter((k) => k.startsWith(prefix));
      for (const k of gone) kv.delete(k);
      return void sendJson(res, { deleted: gone });
    }
  }
  res.writeHead(404).end();
}

async function answer(kv: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://kv");
  if (url.pathname.startsWith("/__bench/")) return control(kv, url, req, res);
  const raw = url.pathname.slice(1);
  const key = url.searchParams.get("urlencoded") === "true" ? decodeURIComponent(raw) : raw;
  if (req.method === "POST" && url.pathname === "/bulk/get") {
    const asked = JSON.parse((await bodyOf(req)).toString("utf8")) as {
      keys: string[];
      type?: "text" | "json";
      withMetadata?: boolean;
    };
    const out: Record<string, unknown> = {};
    for (const k of asked.keys) {
      kv.reads++;
      const value = kv.text(k) ?? null;
      const parsed = value !== null && asked.type === "json" ? JSON.parse(value) : value;
      out[k] =
        asked.withMetadata && value !== null ? { value: parsed, metadata: kv.meta.get(k) ?? null } : parsed;
    }
    return void sendJson(res, out);
  }
  if (req.method === "GET" && raw === "") {
    const keys = kv.list(url.searchParams.get("prefix") ?? undefined).map((name) => {
      const metadata = kv.meta.get(name);
      return { name, ...(metadata === undefined ? {} : { metadata: JSON.stringify(metadata) }) };
    });
    return void sendJson(res, { keys, list_complete: true, cacheStatus: null });
  }
  if (req.method === "GET") {
    kv.reads++;
    const value = kv.data.get(key);
    if (value === undefined) return void res.writeHead(404).end("Not Found");
    const meta = kv.meta.get(key);
    return void res
      .writeHead(200, meta === undefined ? {} : { "CF-KV-Metadata": JSON.stringify(meta) })
      .end(value);
  }
  if (req.method === "PUT") {
    const metadata = req.headers["cf-kv-metadata"];
    kv.put(key, await bodyOf(req), typeof metadata === "string" ? JSON.parse(metadata) : undefined);
    return void res.writeHead(200).end();
  }
  if (req.method === "DELETE") {
    kv.delete(key);
    return void res.writeHead(200).end();
  }
  res.writeHead(405).end();
}

/** Starts the KV service on a free loopback port. */
export async function startKvService(): Promise<KvService> {
  const kv = new Store();
  const server = createServer((req, res) => {
    answer(kv, req, res).catch((e) => res.writeHead(500).end(String(e)));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
