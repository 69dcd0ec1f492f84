// Cheap polling: content-derived ETags, Last-Modified, 304s (RFC 9110 section 13), and
// rendered answers kept in the edge cache under a key made of the route, the normalised
// known parameters and the data version, so cache-busters cannot bypass it and a scrape
// that changes data is seen by the next request.

/** A few minutes, matching a 30-minute scrape; then served stale while revalidating. */
export const CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=600";

export interface Rendered {
  body: string;
  type: string;
  /** When the data behind the answer last changed (ISO). */
  lastModified?: string | null;
  cacheControl?: string;
  status?: number;
}

/** A strong ETag from the body's SHA-256: the same content gives the same tag anywhere. */
export async function etagOf(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  return `"${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

export async function toResponse(r: Rendered): Promise<Response> {
  const headers = new Headers({
    "content-type": r.type,
    etag: await etagOf(r.body),
    "cache-control": r.cacheControl ?? CACHE_CONTROL,
  });
  if (r.lastModified) headers.set("last-modified", new Date(r.lastModified).toUTCString());
  return new Response(r.body, { status: r.status ?? 200, headers });
}

/**
 * The isolate's own copy of recent answers, in front of the edge cache: a hit costs no
 * cache lookup at all (README, "Performance"). Keys carry the data version, so entries
 * never go stale; the oldest go when the copy passes its size.
 */
const MEMORY_MAX_BYTES = 16 * 1024 * 1024;
const memory = new Map<string, { body: string; init: ResponseInit; size: number }>();
let memoryBytes = 0;

/** Empties the isolate's copy (tests start each case from nothing). */
export function forgetAnswers(): void {
  memory.clear();
  memoryBytes = 0;
}

function remember(key: string, body: string, response: Response): void {
  const size = body.length * 2;
  if (size > MEMORY_MAX_BYTES / 4) return;
  memory.set(key, { body, init: { status: response.status, headers: [...response.headers] }, size });
  memoryBytes += size;
  for (const [k, v] of memory) {
    if (memoryBytes <= MEMORY_MAX_BYTES) break;
    memory.delete(k);
    memoryBytes -= v.size;
  }
}

/** Answers from memory or the edge cache, or renders, caches (in the background) and answers. */
export async function cached(
  key: string,
  ctx: ExecutionContext,
  render: () => Promise<Rendered>,
): Promise<Response> {
  const mine = memory.get(key);
  if (mine) return new Response(mine.body, mine.init);
  const cache = caches.default;
  const hit = await cache.match(key);
  if (hit) {
    const body = await hit.text();
    remember(key, body, hit);
    return new Response(body, hit);
  }
  const rendered = await render();
  const response = await toResponse(rendered);
  remember(key, rendered.body, response);
  ctx.waitUntil(cache.put(key, response.clone()));
  return response;
}

const tags = (header: string) => header.split(",").map((t) => t.trim().replace(/^W\//, ""));

/** 304 Not Modified when the client's validators match (If-None-Match wins over If-Modified-Since). */
export function conditional(request: Request, response: Response): Response {
  if (response.status !== 200 || (request.method !== "GET" && request.method !== "HEAD")) return response;
  const etag = response.headers.get("etag");
  const inm = request.headers.get("if-none-match");
  const lastModified = response.headers.get("last-modified");
  const ims = request.headers.get("if-modified-since");
  const fresh = inm
    ? !!etag && (inm.trim() === "*" || tags(inm).includes(etag.replace(/^W\//, "")))
    : !!ims && !!lastModified && Date.parse(lastModified) <= Date.parse(ims);
  if (!fresh) return response;
  const headers = new Headers();
  for (const h of ["etag", "last-modified", "cache-control", "vary"]) {
    const v = response.headers.get(h);
    if (v) headers.set(h, v);
  }
  return new Response(null, { status: 304, headers });
}
