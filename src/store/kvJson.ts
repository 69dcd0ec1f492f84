// Reading a stored JSON value through its schema.

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false } };

/** Validates a stored JSON value; a value that no longer fits reads as absent, and is logged. */
export function validated<T>(schema: Schema<T>, raw: unknown, key: string): T | null {
  if (raw === null) return null;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  console.error(JSON.stringify({ event: "kv-invalid", key }));
  return null;
}

/** The value under `key`, validated; null when absent or invalid. */
export const getJson = async <T>(kv: KVNamespace, key: string, schema: Schema<T>): Promise<T | null> =>
  validated(schema, await kv.get(key, "json"), key);
