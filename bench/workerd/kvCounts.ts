// What GET /__bench/kv answers, for either store behind the bench's KV (entry.ts's in-isolate
// MemoryKv, kvService.ts's): keys stored, their bytes, keys by prefix, reads and writes.
export interface KvCounts {
  keys: number;
  bytes: number;
  prefixes: Record<string, number>;
  reads: number;
  puts: number;
}

export function kvCountsOf(data: Map<string, { byteLength: number }>, reads: number, puts: number): KvCounts {
  const prefixes: Record<string, number> = {};
  let bytes = 0;
  for (const [k, v] of data) {
    const p = k.includes(":") ? k.slice(0, k.indexOf(":") + 1) : k;
    prefixes[p] = (prefixes[p] ?? 0) + 1;
    bytes += v.byteLength;
  }
  return { keys: data.size, bytes, prefixes, reads, puts };
}
