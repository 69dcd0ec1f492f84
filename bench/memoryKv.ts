// An in-memory stand-in for a KV namespace: what the Worker asks of one (get one key or up
// to 100 as text or JSON, with metadata, put, delete, list by prefix), with the same work
// the runtime does for the Worker: a value is kept as UTF-8 bytes, as KV keeps it, and
// every read decodes it into a string (and parses it, for "json"). Decoding is CPU the
// Worker pays for, and it is much dearer for text that is not all ASCII.
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export class MemoryKv {
  readonly data = new Map<string, Uint8Array>();
  readonly meta = new Map<string, unknown>();
  puts = 0;
  reads = 0;
  private one(key: string, type?: "text" | "json"): unknown {
    this.reads++;
    const v = this.data.get(key);
    if (v === undefined) return null;
    const text = fromUtf8.decode(v);
    return type === "json" ? JSON.parse(text) : text;
  }
  /** A stored value as text, without counting a read (for the benchmark's own use). */
  text(key: string): string | undefined {
    const v = this.data.get(key);
    return v && fromUtf8.decode(v);
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
    this.data.set(key, utf8.encode(value));
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
