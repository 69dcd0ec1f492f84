// Cheap polling. Workers Cache (wrangler.toml, [cache]) sits in front of the Worker and
// serves a cached answer without running it, on workers.dev too; it follows Cache-Control
// and drops answers by Cache-Tag when a scrape changes what they were built from
// (developers.cloudflare.com/workers/cache/). Behind it: ETag and Last-Modified with 304s
// (RFC 9110 section 13), and a small copy of recent answers in the isolate's memory.
//
// The Cache API (caches.default) is not used: it does nothing on workers.dev, and on a
// custom domain Workers Cache already answers before the Worker runs.

/** For readers and browsers: a few minutes, then served stale while revalidating. */
const CLIENT_CACHE = "public, max-age=300, stale-while-revalidate=600";

/**
 * How long an answer may be kept: `browser` goes out as Cache-Control, for every cache;
 * `edge`, when set, as Cloudflare-CDN-Cache-Control, which Workers Cache reads instead of
 * Cache-Control and does not pass on (developers.cloudflare.com/workers/cache/configuration/,
 * "Header precedence"; developers.cloudflare.com/cache/concepts/cdn-cache-control/).
 */
import { imfFixdate } from "../core/dates";
import { sha256Hex } from "../core/hash";
export interface CachePolicy {
  browser: string;
  edge?: string;
}
/** Read by Workers Cache only; Cloudflare strips it from what clients receive. */
export const EDGE_CACHE_CONTROL = "cloudflare-cdn-cache-control";

/**
 * List answers: readers keep them five minutes; Workers Cache for one run interval (a run
 * that changes their data invalidates them sooner), then serves them stale for ten minutes
 * while it revalidates, and for a day if the Worker fails (KV's daily reads spent, say).
 * Not s-maxage: Workers Cache turns stale-while-revalidate and stale-if-error off on an
 * answer that has it (RFC 9111 section 4.2.4; the configuration page above).
 */
export const LIST_CACHE_CONTROL: CachePolicy = {
  browser: CLIENT_CACHE,
  edge: "public, max-age=1800, stale-while-revalidate=600, stale-if-error=86400",
};
export const CACHE_CONTROL = CLIENT_CACHE;

export interface Rendered {
  /** Text, or UTF-8 bytes already written (serve/body.ts). */
  body: string | Uint8Array;
  type: string;
  /** When the data behind the answer last changed (ISO). */
  lastModified?: string | null;
  /** A string is Cache-Control for every cache, Workers Cache included. */
  cacheControl?: string | CachePolicy;
  status?: number;
  /** The validator; without one, a SHA-256 of the body. */
  etag?: string;
  /** Cache-Tag values: what a scrape purges to drop this answer. */
  tags?: string[];
  /** A Link header (RFC 8288), such as a WebSub hub and self link. */
  link?: string;
}

/** A strong ETag from the body's SHA-256: the same content gives the same tag anywhere. */
export const etagOf = async (body: string | Uint8Array): Promise<string> => `"${await sha256Hex(body)}"`;

/** What a 304 repeats of the answer it stands for: its validators and cache headers. */
const CACHE_HEADERS = [
  "etag",
  "last-modified",
  "cache-control",
  EDGE_CACHE_CONTROL,
  "cache-tag",
  "vary",
  "link",
];

/**
 * A data version as a Last-Modified value, never later than now: RFC 9110 section 8.8.2.1
 * forbids an origin to send one later than its Date, and a stored version may claim any time.
 */
export function lastModifiedHeader(version: string | null | undefined, now = Date.now()): string | null {
  const t = version ? Date.parse(version) : Number.NaN;
  return Number.isNaN(t) ? null : imfFixdate(Math.min(t, now));
}

/** The headers every cacheable answer carries, 200 or 304 alike. */
export function cacheHeaders(r: Omit<Rendered, "body" | "type">, etag: string): Headers {
  const policy = typeof r.cacheControl === "string" ? { browser: r.cacheControl } : r.cacheControl;
  const headers = new Headers({ etag, "cache-control": policy?.browser ?? CACHE_CONTROL });
  if (policy?.edge) headers.set(EDGE_CACHE_CONTROL, policy.edge);
  const lastModified = lastModifiedHeader(r.lastModified);
  if (lastModified) headers.set("last-modified", lastModified);
  if (r.tags?.length) headers.set("cache-tag", r.tags.join(","));
  if (r.link) headers.set("link", r.link);
  return headers;
}

export async function toResponse(r: Rendered): Promise<Response> {
  const headers = cacheHeaders(r, r.etag ?? (await etagOf(r.body)));
  headers.set("content-type", r.type);
  return new Response(r.body, { status: r.status ?? 200, headers });
}

/**
 * The isolate's own copy of recent answers: a hit costs no KV read and no rendering. Keys
 * are an answer's URL (path and canonical query) and its data version, so entries never go
 * stale; the oldest go when the copy passes its size, which counts keys, bodies and headers
 * (text at two bytes a character, UTF-8 bodies at their length).
 */
const MEMORY_MAX_BYTES = 16 * 1024 * 1024;
interface Kept {
  answer: string;
  body: string | Uint8Array;
  init: ResponseInit;
  size: number;
}
const memory = new Map<string, Kept>();
/** How many versions of each URL's answer the copy holds. */
const held = new Map<string, number>();
let memoryBytes = 0;

/** Empties the isolate's copy (tests start each case from nothing). */
export function forgetAnswers(): void {
  memory.clear();
  held.clear();
  memoryBytes = 0;
}

/** What the copy holds, for tests of its accounting. */
export const memoryUse = () => ({ entries: memory.size, bytes: memoryBytes });

/** Whether the copy holds some version of the answer for this URL (path and canonical query). */
export const holdsAnswer = (answer: string) => held.has(answer);

function forget(key: string, kept: Kept): void {
  memory.delete(key);
  memoryBytes -= kept.size;
  const versions = held.get(kept.answer)! - 1;
  if (versions > 0) held.set(kept.answer, versions);
  else held.delete(kept.answer);
}

function remember(answer: string, key: string, body: string | Uint8Array, response: Response): void {
  const headers = [...response.headers];
  const text = key.length + headers.reduce((n, [k, v]) => n + k.length + v.length, 0);
  // A body written as bytes may be a view of a larger buffer (serve/body.ts): the buffer is what is kept.
  const size = 2 * text + (typeof body === "string" ? 2 * body.length : body.buffer.byteLength);
  if (size > MEMORY_MAX_BYTES / 4) return;
  // Two requests that missed the same key at once both store it: count it once.
  const before = memory.get(key);
  if (before) forget(key, before);
  memory.set(key, { answer, body, init: { status: response.status, headers }, size });
  held.set(answer, (held.get(answer) ?? 0) + 1);
  memoryBytes += size;
  for (const [k, v] of memory) {
    if (memoryBytes <= MEMORY_MAX_BYTES) break;
    forget(k, v);
  }
}

/**
 * The answer for a URL (`answer`: its path and canonical query) at a data version: from
 * the isolate's copy, or rendered, kept and answered.
 */
export async function cached(
  answer: string,
  version: string,
  render: () => Promise<Rendered>,
): Promise<Response> {
  const key = `${answer}${version}`;
  const mine = memory.get(key);
  if (mine) return new Response(mine.body, mine.init);
  const rendered = await render();
  const response = await toResponse(rendered);
  if (response.status === 200) remember(answer, key, rendered.body, response);
  return response;
}

/**
 * An HTTP-date in any of its three forms (RFC 9110 section 5.6.7: IMF-fixdate, and the
 * obsolete RFC 850 and asctime forms a recipient must still read), as a time; NaN for
 * anything else, which Date.parse would read too ("2099", ISO dates).
 */
const HTTP_DATE = new RegExp(
  [
    String.raw`[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT`, // IMF-fixdate
    String.raw`[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT`, // RFC 850
    String.raw`[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}`, // asctime
  ]
    .map((form) => `^${form}$`)
    .join("|"),
);
const httpDate = (value: string) => (HTTP_DATE.test(value.trim()) ? Date.parse(value) : Number.NaN);

const etags = (header: string) => header.split(",").map((t) => t.trim().replace(/^W\//, ""));

/** Whether the request's validators match (If-None-Match wins over If-Modified-Since, RFC 9110 13.2.2). */
export function matches(request: Request, etag: string | null, lastModified: string | null): boolean {
  const inm = request.headers.get("if-none-match");
  if (inm) return !!etag && (inm.trim() === "*" || etags(inm).includes(etag.replace(/^W\//, "")));
  const ims = request.headers.get("if-modified-since");
  // RFC 9110 section 13.1.3: one that is not a valid HTTP-date is ignored.
  return !!ims && !!lastModified && Date.parse(lastModified) <= httpDate(ims);
}

/** A 304 with the validators and cache headers of the answer it stands for. */
export function notModified(headers: Headers): Response {
  const out = new Headers();
  for (const h of CACHE_HEADERS) {
    const v = headers.get(h);
    if (v) out.set(h, v);
  }
  return new Response(null, { status: 304, headers: out });
}

/** 304 Not Modified for a 200 answer to GET or HEAD whose validators match. */
export function conditional(request: Request, response: Response): Response {
  if (response.status !== 200 || (request.method !== "GET" && request.method !== "HEAD")) return response;
  if (!matches(request, response.headers.get("etag"), response.headers.get("last-modified"))) return response;
  return notModified(response.headers);
}

/**
 * The answer to HEAD: the GET answer's status and headers without its body, and the
 * Content-Length that body has in bytes (RFC 9110 section 9.3.2: the same header fields as GET).
 */
export async function headAnswer(response: Response): Promise<Response> {
  const out = new Response(null, response);
  if (response.body) out.headers.set("content-length", String((await response.arrayBuffer()).byteLength));
  return out;
}
