// Requests to the upstream, within one run's budget: a timeout per attempt, retries with
// backoff and jitter for transient failures (network error, 5xx, 429) honouring
// Retry-After and RateLimit, a bound on the run's total time, and a cap on requests per
// invocation (the free plan allows 50 subrequests: developers.cloudflare.com/workers/platform/limits).
import { PROJECT_HOME } from "../core/config";
import type { RunReport } from "../core/runReport";
import { UpstreamError } from "./errors";
import { parseRateLimitPolicy, spentQuota } from "./rateLimitHeaders";

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface UpstreamOptions {
  fetch: FetchFn;
  /** Most requests (attempts included) this run may make. */
  maxRequests?: number;
  /** Attempts per request: 1 + retries. */
  attempts?: number;
  timeoutMs?: number;
  /** Total wall time the run may spend on upstream requests and waits. */
  runBudgetMs?: number;
  baseDelayMs?: number;
  /** Injected for tests: waiting, the wall clock and jitter. */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  random?: () => number;
  /** Sent with every request; see userAgent(). */
  userAgent?: string;
  /**
   * A token sent as `Authorization: Bearer` with reads from `origin` (scheme, host and port
   * alike) and with nothing else: not a redirect elsewhere, not a hub ping.
   */
  auth?: { origin: string; token: string };
}

/** The runtime's fetch, looked up at call time so tests can spy on globalThis.fetch. */
export const globalFetch: FetchFn = (input, init) => fetch(input, init);

/** A scraper names itself and a way to reach whoever runs it (the CONTACT var). */
export const userAgent = (contact: string) => `daily-papers-feed/0.1 (+${contact})`;
export const MAX_REQUESTS_PER_RUN = 45;
/** Redirects followed per request, each counted as a request. */
export const MAX_REDIRECTS = 3;
/** Largest answer read: real pages are under 1 MB (SOURCE-NOTES.md), an isolate has 128 MB. */
export const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

const transient = (status: number) => status === 429 || status >= 500;
const utf8 = new TextDecoder();

/** Seconds or an HTTP date (RFC 9110 section 10.2.3), as milliseconds from now. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Which of an upstream's quotas a URL spends: Hugging Face counts its API (/api/…) apart
 * from its pages (huggingface.co/docs/hub/rate-limits, "Hub APIs" and "Pages"), per host.
 */
const quotaOf = (url: URL) => `${url.host} ${url.pathname.startsWith("/api/") ? "api" : "pages"}`;

export class Upstream {
  requests = 0;
  private readonly options: Required<Omit<UpstreamOptions, "auth">> & Pick<UpstreamOptions, "auth">;
  private readonly deadline: number;
  /** When each quota (quotaOf) said it was spent, the time it resets. */
  private readonly spentUntil = new Map<string, number>();
  private limited: NonNullable<RunReport["rate_limited"]> | undefined;

  constructor(options: UpstreamOptions) {
    this.options = {
      maxRequests: MAX_REQUESTS_PER_RUN,
      attempts: 3,
      timeoutMs: 15_000,
      runBudgetMs: 90_000,
      baseDelayMs: 500,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      clock: () => Date.now(),
      random: Math.random,
      userAgent: userAgent(PROJECT_HOME),
      ...options,
    };
    this.deadline = this.options.clock() + this.options.runBudgetMs;
  }

  get remaining(): number {
    return this.options.maxRequests - this.requests;
  }

  /** Whether an upstream answered 429 or said a quota was spent this run, and what it cost. */
  get rateLimited(): RunReport["rate_limited"] {
    return this.limited && { ...this.limited };
  }

  /** GETs a URL and returns the response text; throws UpstreamError after the last attempt. */
  async get(url: string, accept: string, attempts?: number): Promise<string> {
    return utf8.decode(await this.getBytes(url, accept, attempts));
  }

  /** The same, as bytes: a page's embedded data can be cut out before decoding the rest. */
  async getBytes(url: string, accept: string, attempts = this.options.attempts): Promise<Uint8Array> {
    return this.withRetries(
      url,
      attempts,
      "upstream",
      () => this.fetchFollowing(url, { headers: { accept } }, { authorize: true }),
      (res) => readCapped(res, url),
    );
  }

  /**
   * POSTs a form to a URL (a WebSub hub), within the run's request and time budgets and with
   * the same retries as a read; throws UpstreamError when it does not succeed. A redirect is
   * not followed: it answers as a refusal.
   */
  async postForm(url: string, form: Record<string, string>, attempts = 2): Promise<void> {
    const body = new URLSearchParams(form).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    await this.withRetries(
      url,
      attempts,
      "hub",
      () => this.fetchFollowing(url, { method: "POST", headers, body }, { follow: false }),
      async (res) => void (await res.body?.cancel()),
    );
  }

  /**
   * Sends until an answer is ok, then reads it. Network errors, timeouts, 5xx and 429 are
   * tried again after a backoff (or the server's Retry-After, or for a 429 the reset of the
   * quota its RateLimit field says is spent, whichever is later) while the run's time budget
   * allows; any other answer fails at once. A request to a quota an earlier answer said was
   * spent (RateLimit r=0, even on a success) first waits for its reset, rather than spend a
   * request on a sure 429. `who` names the other side in errors.
   */
  private async withRetries<T>(
    url: string,
    attempts: number,
    who: string,
    send: () => Promise<Response>,
    read: (res: Response) => Promise<T>,
  ): Promise<T> {
    let last: UpstreamError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let wait: number | undefined;
      try {
        // A retry has waited already: the quota's reset set its wait.
        if (attempt === 1) await this.awaitQuota(url);
        const res = await send();
        const reset = this.noteRateLimit(url, res);
        if (res.ok) return await read(res);
        await res.body?.cancel();
        last = new UpstreamError(url, `${who} answered ${res.status}`, res.status);
        if (!transient(res.status)) throw new UpstreamRefusedError(last);
        wait = retryAfterMs(res.headers.get("retry-after"), this.options.clock());
        if (res.status === 429 && reset !== undefined) wait = Math.max(wait ?? 0, reset);
      } catch (e) {
        if (e instanceof UpstreamRefusedError) throw e.refusal;
        const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
        const why = timedOut
          ? `no answer within ${this.options.timeoutMs} ms`
          : `request failed: ${e instanceof Error ? e.message : String(e)}`;
        last = new UpstreamError(url, why, undefined, { cause: e });
      }
      if (attempt === attempts) break;
      // Full jitter on an exponential backoff, unless the server said how long to wait.
      const delay = wait ?? this.options.random() * this.options.baseDelayMs * 2 ** (attempt - 1);
      if (this.options.clock() + delay >= this.deadline) {
        throw new UpstreamError(
          url,
          `${last.message.replace(/ \(.*\)$/, "")}; waiting ${Math.ceil(delay / 1000)} s would pass the run's time budget`,
          last.status,
          { cause: last },
        );
      }
      if (last.status === 429) this.noteWait(delay);
      await this.options.sleep(delay);
    }
    throw last!;
  }

  /** Waits for the reset of the quota `url` spends if an answer said it was spent; fails if that passes the budget. */
  private async awaitQuota(url: string): Promise<void> {
    const quota = quotaOf(new URL(url));
    const until = this.spentUntil.get(quota);
    if (until === undefined) return;
    const delay = until - this.options.clock();
    if (delay <= 0) return void this.spentUntil.delete(quota);
    if (this.options.clock() + delay >= this.deadline) {
      const name = quota.split(" ")[1];
      throw new UpstreamRefusedError(
        new UpstreamError(
          url,
          `the upstream's quota "${name}" is spent for ${Math.ceil(delay / 1000)} s more; ` +
            "waiting would pass the run's time budget",
          429,
        ),
      );
    }
    this.noteWait(delay);
    await this.options.sleep(delay);
    this.spentUntil.delete(quota);
  }

  /**
   * Reads an answer's RateLimit fields: remembers when a spent quota resets, counts a 429
   * and the announced quota (RateLimit-Policy). Returns the milliseconds to that reset.
   */
  private noteRateLimit(url: string, res: Response): number | undefined {
    const spent = spentQuota(res.headers.get("ratelimit"));
    if (!spent && res.status !== 429) return undefined;
    const limited = this.limitRecord();
    if (res.status === 429) limited.refusals++;
    const policies = parseRateLimitPolicy(res.headers.get("ratelimit-policy"));
    const policy = policies.find((p) => p.name === spent?.name) ?? policies[0];
    if (policy) limited.policy = { name: policy.name, quota: policy.quota, window_s: policy.windowSeconds };
    if (!spent) return undefined;
    const reset = spent.resetSeconds * 1000;
    this.spentUntil.set(quotaOf(new URL(url)), this.options.clock() + reset);
    return reset;
  }

  private noteWait(ms: number): void {
    this.limitRecord().waited_ms += Math.round(ms);
  }

  /** What this run's rate limiting cost, begun at the first 429 or spent quota. */
  private limitRecord(): NonNullable<RunReport["rate_limited"]> {
    this.limited ??= { refusals: 0, waited_ms: 0 };
    return this.limited;
  }

  /**
   * One request, following at most MAX_REDIRECTS redirects on the same host (unless `follow`
   * is false). Every hop is a request: it counts against the run's budget, which is checked
   * before each.
   */
  private async fetchFollowing(
    first: string,
    init: { method?: string; headers: Record<string, string>; body?: string },
    { follow = true, authorize = false } = {},
  ): Promise<Response> {
    let url = first;
    for (let hop = 0; ; hop++) {
      if (this.requests >= this.options.maxRequests) {
        throw new UpstreamRefusedError(
          new UpstreamError(url, `request budget of ${this.options.maxRequests} per run used up`),
        );
      }
      if (this.options.clock() >= this.deadline) {
        throw new UpstreamRefusedError(
          new UpstreamError(url, `run time budget of ${this.options.runBudgetMs} ms used up`),
        );
      }
      this.requests++;
      // Checked at every hop: a redirect may lead off the token's origin.
      const auth = this.options.auth;
      const token = authorize && auth && new URL(url).origin === new URL(auth.origin).origin;
      const res = await this.options.fetch(url, {
        ...init,
        headers: {
          "user-agent": this.options.userAgent,
          ...init.headers,
          ...(token ? { authorization: `Bearer ${auth.token}` } : {}),
        },
        // No attempt outlasts the run's budget: started near its end, it gets what is left.
        signal: AbortSignal.timeout(
          Math.max(1, Math.min(this.options.timeoutMs, this.deadline - this.options.clock())),
        ),
        redirect: "manual",
      });
      const location = follow && res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
      if (!location) return res;
      await res.body?.cancel();
      const next = new URL(location, url);
      if (next.host !== new URL(first).host) {
        throw new UpstreamRefusedError(
          new UpstreamError(url, `redirect to another host (${next.host}) not followed`, res.status),
        );
      }
      if (hop >= MAX_REDIRECTS) {
        throw new UpstreamRefusedError(
          new UpstreamError(first, `more than ${MAX_REDIRECTS} redirects`, res.status),
        );
      }
      url = next.href;
    }
  }
}

/** An answer that no retry can change (a 4xx, a redirect elsewhere, too big): it fails the read at once. */
class UpstreamRefusedError extends Error {
  constructor(readonly refusal: UpstreamError) {
    super(refusal.message, { cause: refusal });
    this.name = "UpstreamRefusedError";
  }
}

/** The body, read no further than MAX_ANSWER_BYTES: an isolate has 128 MB in all. */
async function readCapped(res: Response, url: string): Promise<Uint8Array> {
  const tooLarge = () =>
    new UpstreamRefusedError(
      new UpstreamError(url, `answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`),
    );
  if (Number(res.headers.get("content-length")) > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  // An answer that says its length, and is not compressed (so the length is the body's), is
  // read whole: the stream's chunks cost a promise each and a copy at the end.
  const length = res.headers.get("content-length");
  if (!res.body || (length !== null && !res.headers.has("content-encoding")))
    return new Uint8Array(await res.arrayBuffer());
  let reader: ReadableStreamBYOBReader;
  try {
    reader = res.body.getReader({ mode: "byob" });
  } catch {
    return readChunks(res.body.getReader(), tooLarge);
  }
  return readFilling(reader, tooLarge);
}

/** The first buffer a body of unknown length is read into: a page is about 500 KB (SOURCE-NOTES.md). */
const FIRST_BUFFER_BYTES = 1024 * 1024;

/**
 * A byte stream read into one buffer, each read asked to fill what is left of it
 * (workerd's readAtLeast), so a page takes a few reads rather than one per network chunk,
 * each a promise and a copy: read chunk by chunk, a page cost more in workerd than its
 * JSON.parse (bench/FINDINGS.md, "Reading the page").
 * The buffer doubles when full, to one byte over the cap: filling that byte means too large.
 */
async function readFilling(reader: ReadableStreamBYOBReader, tooLarge: () => Error): Promise<Uint8Array> {
  let buffer = new Uint8Array(FIRST_BUFFER_BYTES);
  let at = 0;
  for (;;) {
    // The view is transferred: what comes back is a view over the same memory.
    const { done, value } = await reader.readAtLeast(buffer.length - at, buffer.subarray(at));
    if (!value) throw new TypeError("a byte stream's read gave no buffer back");
    buffer = new Uint8Array(value.buffer);
    at += value.byteLength;
    if (done) return buffer.subarray(0, at);
    if (at < buffer.length) continue;
    if (buffer.length > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    const grown = new Uint8Array(Math.min(buffer.length * 2, MAX_ANSWER_BYTES + 1));
    grown.set(buffer);
    buffer = grown;
  }
}

/** A stream of chunks (not a byte stream: a test's, say) read whole, up to the cap. */
async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
