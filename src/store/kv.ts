// Talking to Workers KV, for every kind of value: many keys read in bulk, batched by count
// and by size; a read that fails hides only its own keys; damaged values logged one way;
// and a count of the operations an invocation makes, which Workers caps at 1,000
// (developers.cloudflare.com/kv/platform/limits: "Operations/Worker invocation").

/** A bulk read takes at most 100 keys (developers.cloudflare.com/kv/api/read-key-value-pairs). */
export const BULK_READ_MAX_KEYS = 100;
/**
 * And answers at most 25 MB (the same page: a larger answer fails with 413). Batches are
 * sized so that their values, each at its kind's largest, stay under this.
 */
export const BULK_READ_MAX_BYTES = 24 * 1024 * 1024;
/** The operations one invocation may make; a bulk read counts as one. */
export const KV_OPERATIONS_PER_INVOCATION = 1_000;

/** A value that did not read as what its key should hold: logged once, in one shape. */
export function logInvalid(key: string, why: string): void {
  console.error(JSON.stringify({ event: "kv-invalid", key, why }));
}

/** A stored value's JSON, parsed; undefined (logged) when it is not JSON. */
export function parseStored(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    logInvalid(key, "not JSON");
    return undefined;
  }
}

/**
 * Values as text, in bulk reads of at most 100 keys whose values, at `maxBytes` each, stay
 * under 25 MB. A bulk read that fails anyway (a value larger than its kind allows, a
 * transient error) is split in two and each half read again, so a key that cannot be read
 * on its own reads as absent (logged) and hides no other key.
 */
export async function readTexts(
  kv: KVNamespace,
  keys: Iterable<string>,
  maxBytes: number,
): Promise<Map<string, string | null>> {
  const unique = [...new Set(keys)];
  const perBatch = Math.max(1, Math.min(BULK_READ_MAX_KEYS, Math.floor(BULK_READ_MAX_BYTES / maxBytes)));
  const out = new Map<string, string | null>();
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += perBatch) batches.push(unique.slice(i, i + perBatch));
  await Promise.all(batches.map((b) => readBatch(kv, b, out)));
  return out;
}

async function readBatch(kv: KVNamespace, batch: string[], out: Map<string, string | null>): Promise<void> {
  try {
    if (batch.length === 1) out.set(batch[0]!, await kv.get(batch[0]!, "text"));
    else for (const [k, v] of await kv.get(batch, "text")) out.set(k, v);
  } catch (e) {
    if (e instanceof KvBudgetError) throw e;
    if (batch.length === 1) {
      logInvalid(batch[0]!, `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      out.set(batch[0]!, null);
      return;
    }
    const half = Math.ceil(batch.length / 2);
    await Promise.all([readBatch(kv, batch.slice(0, half), out), readBatch(kv, batch.slice(half), out)]);
  }
}

/** A run would pass the KV operations an invocation may make: what is left waits for the next run. */
export class KvBudgetError extends Error {
  constructor(
    readonly wanted: number,
    readonly left: number,
  ) {
    super(
      `${wanted} more KV operations would pass the ${KV_OPERATIONS_PER_INVOCATION} an invocation may make`,
    );
    this.name = "KvBudgetError";
  }
}

/** A KV binding that counts its operations and refuses those past a budget. */
export interface MeteredKv extends KVNamespace {
  readonly used: number;
  /** Operations still allowed. */
  readonly left: number;
  /** Throws KvBudgetError unless `n` more operations fit. */
  reserve(n: number): void;
}

/**
 * Counts every operation (a bulk read is one, as Workers counts it) and throws
 * KvBudgetError on the one that would pass `limit`, before it is made.
 */
export function meteredKv(kv: KVNamespace, limit = KV_OPERATIONS_PER_INVOCATION): MeteredKv {
  let used = 0;
  const count = () => {
    if (used >= limit) throw new KvBudgetError(1, 0);
    used++;
  };
  const metered = {
    get used() {
      return used;
    },
    get left() {
      return limit - used;
    },
    reserve(n: number) {
      if (used + n > limit) throw new KvBudgetError(n, limit - used);
    },
    get(...args: Parameters<KVNamespace["get"]>) {
      count();
      return (kv.get as (...a: unknown[]) => unknown)(...args);
    },
    getWithMetadata(...args: Parameters<KVNamespace["getWithMetadata"]>) {
      count();
      return (kv.getWithMetadata as (...a: unknown[]) => unknown)(...args);
    },
    put(...args: Parameters<KVNamespace["put"]>) {
      count();
      return kv.put(...args);
    },
    delete(key: string) {
      count();
      return kv.delete(key);
    },
    list(...args: Parameters<KVNamespace["list"]>) {
      count();
      return kv.list(...args);
    },
  };
  return metered as unknown as MeteredKv;
}
