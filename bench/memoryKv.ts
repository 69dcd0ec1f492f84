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
  /** The keys in order, kept until a key comes or goes: KV lists in its own service, so the
   * stand-in's listing should cost the isolate no more than reading the answer does. */
  private sorted: string[] | undefined;
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
  async getWithMetadata(
    key: string,
    type?: "text" | "json" | "stream",
  ): Promise<{ value: unknown; metadata: unknown }> {
    // A stream is handed over undecoded, as the runtime hands over a value's bytes.
    if (type === "stream") {
      this.reads++;
      const v = this.data.get(key);
      return { value: v ? new Blob([v]).stream() : null, metadata: this.meta.get(key) ?? null };
    }
    return { value: this.one(key, type), metadata: this.meta.get(key) ?? null };
  }
  async put(key: string, value: string, options?: { metadata?: unknown }): Promise<void> {
    this.puts++;
    if (this.sorted && !this.data.has(key)) this.sorted.splice(this.firstAtOrAfter(key), 0, key);
    this.data.set(key, utf8.encode(value));
    this.meta.set(key, options?.metadata);
  }
  async delete(key: string): Promise<void> {
    if (this.sorted && this.data.has(key)) this.sorted.splice(this.firstAtOrAfter(key), 1);
    this.data.delete(key);
    this.meta.delete(key);
  }
  async list(options: { prefix?: string; cursor?: string }): Promise<unknown> {
    const prefix = options.prefix ?? "";
    const keys = this.keysInOrder();
    // The prefix's keys follow the first key at or after it.
    const names: string[] = [];
    for (let i = this.firstAtOrAfter(prefix); i < keys.length && keys[i]!.startsWith(prefix); i++)
      names.push(keys[i]!);
    return {
      keys: names.map((name) => ({ name, metadata: this.meta.get(name) })),
      list_complete: true,
      cacheStatus: null,
    };
  }
  private keysInOrder(): string[] {
    this.sorted ??= [...this.data.keys()].sort();
    return this.sorted;
  }
  /** Where `key` is or would go in the keys in order, by bisection. */
  private firstAtOrAfter(key: string): number {
    const keys = this.keysInOrder();
    let lo = 0;
    for (let hi = keys.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  asKv(): KVNamespace {
    return this as unknown as KVNamespace;
  }
}
