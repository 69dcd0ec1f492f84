// Requests to the upstream, within one run's budget: a timeout per attempt, retries with
// backoff and jitter for transient failures (network error, 5xx, 429) honouring
// Retry-After, a bound on the run's total time, and a cap on requests per invocation
// (the free plan allows 50 subrequests: developers.cloudflare.com/workers/platform/limits).
import { PROJECT_HOME } from "../core/config";
import { UpstreamError } from "./errors";

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

export class Upstream {
  requests = 0;
  private readonly o: Required<UpstreamOptions>;
  private readonly deadline: number;

  constructor(options: UpstreamOptions) {
    this.o = {
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
    this.deadline = this.o.clock() + this.o.runBudgetMs;
  }

  get remaining(): number {
    return this.o.maxRequests - this.requests;
  }

  /** GETs a URL and returns the response text; throws UpstreamError after the last attempt. */
  async get(url: string, accept: string, attempts?: number): Promise<string> {
    return utf8.decode(await this.getBytes(url, accept, attempts));
  }

  /** The same, as bytes: a page's embedded data can be cut out before decoding the rest. */
  async getBytes(url: string, accept: string, attempts = this.o.attempts): Promise<Uint8Array> {
    return this.withRetries(
      url,
      attempts,
      "upstream",
      () => this.fetchFollowing(url, { headers: { accept } }),
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
      () => this.fetchFollowing(url, { method: "POST", headers, body }, false),
      async (res) => void (await res.body?.cancel()),
    );
  }

  /**
   * Sends until an answer is ok, then reads it. Network errors, timeouts, 5xx and 429 are
   * tried again after a backoff (or the server's Retry-After) while the run's time budget
   * allows; any other answer fails at once. `who` names the other side in errors.
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
        const res = await send();
        if (res.ok) return await read(res);
        await res.body?.cancel();
        last = new UpstreamError(url, `${who} answered ${res.status}`, res.status);
        if (!transient(res.status)) throw new UpstreamRefusedError(last);
        wait = retryAfterMs(res.headers.get("retry-after"), this.o.clock());
      } catch (e) {
        if (e instanceof UpstreamRefusedError) throw e.refusal;
        const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
        const why = timedOut
          ? `no answer within ${this.o.timeoutMs} ms`
          : `request failed: ${e instanceof Error ? e.message : String(e)}`;
        last = new UpstreamError(url, why, undefined, { cause: e });
      }
      if (attempt === attempts) break;
      // Full jitter on an exponential backoff, unless the server said how long to wait.
      const delay = wait ?? this.o.random() * this.o.baseDelayMs * 2 ** (attempt - 1);
      if (this.o.clock() + delay >= this.deadline) {
        throw new UpstreamError(
          url,
          `${last.message.replace(/ \(.*\)$/, "")}; waiting ${Math.ceil(delay / 1000)} s would pass the run's time budget`,
          last.status,
          { cause: last },
        );
      }
      await this.o.sleep(delay);
    }
    throw last!;
  }

  /**
   * One request, following at most MAX_REDIRECTS redirects on the same host (unless `follow`
   * is false). Every hop is a request: it counts against the run's budget, which is checked
   * before each.
   */
  private async fetchFollowing(
    first: string,
    init: { method?: string; headers: Record<string, string>; body?: string },
    follow = true,
  ): Promise<Response> {
    let url = first;
    for (let hop = 0; ; hop++) {
      if (this.requests >= this.o.maxRequests) {
        throw new UpstreamRefusedError(
          new UpstreamError(url, `request budget of ${this.o.maxRequests} per run used up`),
        );
      }
      if (this.o.clock() >= this.deadline) {
        throw new UpstreamRefusedError(
          new UpstreamError(url, `run time budget of ${this.o.runBudgetMs} ms used up`),
        );
      }
      this.requests++;
      const res = await this.o.fetch(url, {
        ...init,
        headers: { "user-agent": this.o.userAgent, ...init.headers },
        signal: AbortSignal.timeout(this.o.timeoutMs),
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
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
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
