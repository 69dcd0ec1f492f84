// An in-memory stand-in for a KV namespace: what the Worker asks of one (get one key or up
// to 100 as text or JSON, with metadata, put, delete, list by prefix), with the same parse
// and stringify work the runtime does. Values are kept as strings, as KV keeps them.
export class MemoryKv {
  readonly data = new Map<string, string>();
  readonly meta = new Map<string, unknown>();
  puts = 0;
  reads = 0;
  private one(key: string, type?: "text" | "json"): unknown {
    this.reads++;
    const v = this.data.get(key);
    if (v === undefined) return null;
    return type === "json" ? JSON.parse(v) : v;
  }
  async get(key: string | string[], type?: "text" | "json"): Promise<unknown> {
    if (Array.isArray(key)) return new Map(key.map((k) => [k, this.one(k, type)]));
    return this.one(key, type);
  }
  async getWithMetadata(key: string, type?: "text" | "json"): Promise<{ value: unknown; metadata: unknown }> {
    return { value: this.one(key, type), metadata: this.meta.get(key) ?? null };
  }
  async put(key: string, value: string, options?: { metadata?: unknown }): Promise<void> {
    this.puts++;
    this.data.set(key, value);
    this.meta.set(key, options?.metadata);
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  async list(options: { prefix?: string; cursor?: string }): Promise<unknown> {
    const names = [...this.data.keys()].filter((k) => k.startsWith(options.prefix ?? "")).sort();
    return {
      keys: names.map((name) => ({ name, metadata: this.meta.get(name) })),
      list_complete: true,
      cacheStatus: null,
    };
  }
  asKv(): KVNamespace {
    return this as unknown as KVNamespace;
  }
}
