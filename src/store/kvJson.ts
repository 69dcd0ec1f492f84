// Reading stored values so that a value that is not what it should be (not JSON, cut
// short, another shape) reads as absent and is logged, instead of throwing at the reader.
import { BULK_READ_MAX } from "./keys";

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_G = /[\u0080-\uffff]/g;

/**
 * A value as JSON that is all ASCII: every other character is written as a \uXXXX escape
 * (RFC 8259 section 7), which JSON.parse reads back unchanged. KV hands a value to the
 * Worker as UTF-8 bytes to decode, and a single character beyond Latin-1 (a dash, a quote
 * mark) makes decoding it some 20 times slower (npm run bench, "Reading stored values").
 */
export const asciiJson = (value: unknown): string => escapeNonAscii(JSON.stringify(value));

/** JSON text with its characters beyond ASCII (which JSON puts only inside strings) escaped. */
const escapeNonAscii = (json: string): string =>
  NON_ASCII.test(json)
    ? json.replace(NON_ASCII_G, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    : json;

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false } };

const logInvalid = (key: string, why: string) =>
  console.error(JSON.stringify({ event: "kv-invalid", key, why }));

/** The JSON value of stored text, or undefined (logged) when it is not JSON. */
export function parseStored(text: string | null, key: string): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    logInvalid(key, "not JSON");
    return undefined;
  }
}

/** Validates a stored JSON value; a value that no longer fits reads as absent, and is logged. */
export function validated<T>(schema: Schema<T>, raw: unknown, key: string): T | null {
  if (raw === undefined || raw === null) return null;
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  logInvalid(key, "does not fit its schema");
  return null;
}

/** The value under `key`, parsed; undefined when absent or not JSON. */
export const readJson = async (kv: KVNamespace, key: string): Promise<unknown> =>
  parseStored(await kv.get(key, "text"), key);

/** The value under `key`, validated; null when absent or invalid. */
export const getJson = async <T>(kv: KVNamespace, key: string, schema: Schema<T>): Promise<T | null> =>
  validated(schema, await readJson(kv, key), key);

/** Many values at once, in bulk reads of at most 100 keys; absent keys map to null. */
export async function getTexts(kv: KVNamespace, keyList: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(keyList)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += BULK_READ_MAX) batches.push(unique.slice(i, i + BULK_READ_MAX));
  for (const answer of await Promise.all(batches.map((b) => kv.get(b, "text")))) {
    for (const [k, v] of answer) out.set(k, v);
  }
  return out;
}
