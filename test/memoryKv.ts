// An in-memory KV namespace for tests that make thousands of operations, where the runtime's
// local KV would take seconds: get (one key or a bulk read), getWithMetadata, put with
// metadata and expiration, delete, and list by prefix. Values are kept as given.
export function memoryKv(): KVNamespace {
  const values = new Map<string, { value: string; metadata?: unknown }>();
  const one = (key: string) => values.get(key)?.value ?? null;
  const kv = {
    async get(key: string | string[]) {
      if (Array.isArray(key)) return new Map(key.map((k) => [k, one(k)]));
      return one(key);
    },
    async getWithMetadata(key: string, type?: string) {
      const v = values.get(key);
      // A stream, as the runtime gives one, when asked for (store/values/dayRecord.ts recordedMeta).
      const value = v && type === "stream" ? new Blob([v.value]).stream() : (v?.value ?? null);
      return { value, metadata: v?.metadata ?? null, cacheStatus: null };
    },
    async put(key: string, value: string, options?: { metadata?: unknown }) {
      values.set(key, { value, metadata: options?.metadata });
    },
    async delete(key: string) {
      values.delete(key);
    },
    async list(options: { prefix?: string } = {}) {
      const keys = [...values.keys()]
        .filter((k) => k.startsWith(options.prefix ?? ""))
        .sort()
        .map((name) => ({ name, metadata: values.get(name)?.metadata }));
      return { keys, list_complete: true, cacheStatus: null };
    },
  };
  return kv as unknown as KVNamespace;
}
