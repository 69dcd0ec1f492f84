// An in-memory stand-in for a KV namespace: what the benchmark needs of one (get as text
// or JSON, put), with the same parse and stringify work the runtime does.
export class MemoryKv {
  readonly data = new Map<string, string>();
  readonly meta = new Map<string, unknown>();
  puts = 0;
  async get(key: string, type?: "text" | "json"): Promise<unknown> {
    const v = this.data.get(key);
    if (v === undefined) return null;
    return type === "json" ? JSON.parse(v) : v;
  }
  async getWithMetadata(key: string, type?: "text" | "json"): Promise<{ value: unknown; metadata: unknown }> {
    return { value: await this.get(key, type), metadata: this.meta.get(key) ?? null };
  }
  async put(key: string, value: string, options?: { metadata?: unknown }): Promise<void> {
    this.puts++;
    this.data.set(key, value);
    this.meta.set(key, options?.metadata);
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  asKv(): KVNamespace {
    return this as unknown as KVNamespace;
  }
}
