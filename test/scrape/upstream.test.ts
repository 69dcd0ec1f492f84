// The upstream client against Hugging Face's rate limits (huggingface.co/docs/hub/rate-limits)
// and with its token: waits for a spent quota's reset within the run's time budget, says so
// in its state, and sends the token to HF_ORIGIN only.
import { describe, expect, it } from "vitest";
import { MAX_ANSWER_BYTES, Upstream, type UpstreamOptions } from "../../src/scrape/upstream";

const HF = "https://hf.test";

/** A fetch that answers each request with the next response `answer` gives, recording what it was sent. */
function origin(answer: (url: string, n: number) => Response) {
  const sent: { url: string; method: string; authorization: string | null }[] = [];
  const fetch: UpstreamOptions["fetch"] = async (url, init) => {
    const headers = new Headers(init?.headers);
    sent.push({ url, method: init?.method ?? "GET", authorization: headers.get("authorization") });
    return answer(url, sent.length);
  };
  return { fetch, sent };
}

/** An upstream on a clock that only sleeping moves. */
function upstreamOn(fetch: UpstreamOptions["fetch"], options: Partial<UpstreamOptions> = {}) {
  let now = 1_000_000;
  const slept: number[] = [];
  const upstream = new Upstream({
    fetch,
    clock: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
    ...options,
  });
  return { upstream, slept };
}

const ok = (headers: Record<string, string> = {}) => new Response("ok", { headers });
const tooMany = (headers: Record<string, string>) => new Response("slow down", { status: 429, headers });

describe("a 429 with RateLimit", () => {
  it("waits until the reset the RateLimit field gives (t=), as it would for Retry-After", async () => {
    const { fetch, sent } = origin((_, n) => (n === 1 ? tooMany({ ratelimit: '"pages";r=0;t=42' }) : ok()));
    const { upstream, slept } = upstreamOn(fetch);
    expect(await upstream.get(`${HF}/papers`, "text/html")).toBe("ok");
    expect(slept).toEqual([42_000]);
    expect(sent).toHaveLength(2);
    expect(upstream.rateLimited).toEqual({ refusals: 1, waited_ms: 42_000 });
  });

  it("with Retry-After too, waits the longer of the two", async () => {
    for (const [retryAfter, t, expected] of [
      ["10", "42", 42_000],
      ["50", "42", 50_000],
    ] as const) {
      const { fetch } = origin((_, n) =>
        n === 1 ? tooMany({ "retry-after": retryAfter, ratelimit: `"pages";r=0;t=${t}` }) : ok(),
      );
      const { upstream, slept } = upstreamOn(fetch);
      await upstream.get(`${HF}/papers`, "text/html");
      expect(slept).toEqual([expected]);
    }
  });

  it("gives up at once when the reset lies past the run's time budget, and says why", async () => {
    const { fetch, sent } = origin(() => tooMany({ ratelimit: '"pages";r=0;t=250' }));
    const { upstream, slept } = upstreamOn(fetch);
    await expect(upstream.get(`${HF}/papers`, "text/html")).rejects.toThrow(
      /upstream answered 429; waiting 250 s would pass the run's time budget/,
    );
    expect(sent).toHaveLength(1);
    expect(slept).toEqual([]);
    expect(upstream.rateLimited).toEqual({ refusals: 1, waited_ms: 0 });
  });

  it("reports the quota Hugging Face announced (RateLimit-Policy)", async () => {
    const { fetch } = origin((_, n) =>
      n === 1
        ? tooMany({ ratelimit: '"pages";r=0;t=5', "ratelimit-policy": '"fixed window";"pages";q=100;w=300' })
        : ok(),
    );
    const { upstream } = upstreamOn(fetch);
    await upstream.get(`${HF}/papers`, "text/html");
    expect(upstream.rateLimited).toEqual({
      refusals: 1,
      waited_ms: 5_000,
      policy: { name: "pages", quota: 100, window_s: 300 },
    });
  });

  it("with a RateLimit field it cannot read, backs off as for any 429", async () => {
    const { fetch } = origin((_, n) => (n === 1 ? tooMany({ ratelimit: 'r=0;t=<script>"' }) : ok()));
    const { upstream, slept } = upstreamOn(fetch);
    await upstream.get(`${HF}/papers`, "text/html");
    expect(slept).toEqual([250]); // full jitter on the first backoff: 0.5 × 500 ms
  });
});

describe("a success that says the quota is spent (r=0)", () => {
  it("makes the next request of the same kind wait for the reset instead of spending a request on a 429", async () => {
    const { fetch, sent } = origin((_, n) => (n === 1 ? ok({ ratelimit: '"pages";r=0;t=30' }) : ok()));
    const { upstream, slept } = upstreamOn(fetch);
    await upstream.get(`${HF}/papers`, "text/html");
    expect(slept).toEqual([]);
    // The JSON API is another of Hugging Face's quotas: it does not wait.
    await upstream.get(`${HF}/api/daily_papers?date=2026-05-15`, "application/json");
    expect(slept).toEqual([]);
    await upstream.get(`${HF}/papers/date/2026-05-15`, "text/html");
    expect(slept).toEqual([30_000]);
    expect(sent.map((s) => new URL(s.url).pathname)).toEqual([
      "/papers",
      "/api/daily_papers",
      "/papers/date/2026-05-15",
    ]);
    expect(upstream.rateLimited).toEqual({ refusals: 0, waited_ms: 30_000 });
  });

  it("fails the next request of that kind without sending it when the reset lies past the budget", async () => {
    const { fetch, sent } = origin(() => ok({ ratelimit: '"pages";r=0;t=600' }));
    const { upstream } = upstreamOn(fetch);
    await upstream.get(`${HF}/papers`, "text/html");
    await expect(upstream.get(`${HF}/papers/date/2026-05-15`, "text/html")).rejects.toThrow(
      /quota "pages" is spent for 600 s more; waiting would pass the run's time budget/,
    );
    expect(sent).toHaveLength(1);
    expect(upstream.requests).toBe(1);
  });

  it("with requests left (r>0), changes nothing", async () => {
    const { fetch } = origin(() => ok({ ratelimit: '"pages";r=3;t=30' }));
    const { upstream, slept } = upstreamOn(fetch);
    await upstream.get(`${HF}/papers`, "text/html");
    await upstream.get(`${HF}/papers/date/2026-05-15`, "text/html");
    expect(slept).toEqual([]);
    expect(upstream.rateLimited).toBeUndefined();
  });
});

describe("the Hugging Face token", () => {
  const auth = { origin: HF, token: "hf_secret" };

  it("goes as a bearer token with every request to HF_ORIGIN, redirects there included", async () => {
    const { fetch, sent } = origin((url) =>
      url.endsWith("/old") ? new Response(null, { status: 301, headers: { location: "/papers" } }) : ok(),
    );
    const { upstream } = upstreamOn(fetch, { auth });
    await upstream.get(`${HF}/old`, "text/html");
    await upstream.get(`${HF}/api/daily_papers`, "application/json");
    expect(sent.map((s) => s.authorization)).toEqual([
      "Bearer hf_secret",
      "Bearer hf_secret",
      "Bearer hf_secret",
    ]);
  });

  it("never leaves HF_ORIGIN: not on a redirect to another host or scheme, not to the WebSub hub", async () => {
    const { fetch, sent } = origin((url) => {
      if (url === `${HF}/to-elsewhere`)
        return new Response(null, { status: 302, headers: { location: "https://evil.test/steal" } });
      if (url === `${HF}/to-http`)
        return new Response(null, { status: 302, headers: { location: "http://hf.test/papers" } });
      return ok();
    });
    const { upstream } = upstreamOn(fetch, { auth });
    await expect(upstream.get(`${HF}/to-elsewhere`, "text/html")).rejects.toThrow(/another host/);
    await upstream.get(`${HF}/to-http`, "text/html");
    await upstream.get("https://mirror.test/papers", "text/html");
    await upstream.postForm("https://hub.test/", { "hub.mode": "publish", "hub.url": "https://x.test/feed" });
    // A hub on Hugging Face's own origin gets no token either: the token is for reading.
    await upstream.postForm(`${HF}/hub`, { "hub.mode": "publish", "hub.url": "https://x.test/feed" });
    const carried = sent.filter((s) => s.authorization !== null).map((s) => s.url);
    expect(carried).toEqual([`${HF}/to-elsewhere`, `${HF}/to-http`]);
    expect(sent.map((s) => s.url)).not.toContain("https://evil.test/steal");
  });

  it("is not sent at all without one", async () => {
    const { fetch, sent } = origin(() => ok());
    const { upstream } = upstreamOn(fetch);
    await upstream.get(`${HF}/papers`, "text/html");
    expect(sent[0]!.authorization).toBeNull();
  });
});

describe("an answer's body, when it does not say its length", () => {
  /** A byte stream (as a fetch's body is) giving `total` bytes in chunks of `chunk`, each byte its index mod 251. */
  function byteStream(total: number, chunk: number) {
    let sent = 0;
    return new ReadableStream({
      type: "bytes",
      pull(controller) {
        const n = Math.min(chunk, total - sent);
        if (n <= 0) return controller.close();
        controller.enqueue(Uint8Array.from({ length: n }, (_, i) => (sent + i) % 251));
        sent += n;
      },
    });
  }
  /** Where `bytes` first differs from what byteStream sent, or -1 (a diff of megabytes would not print). */
  const firstDifference = (bytes: Uint8Array) => bytes.findIndex((b, i) => b !== i % 251);

  it.each([
    ["empty", 0, 1024],
    ["in many small chunks", 300_000, 1_000],
    ["larger than the first buffer, so it grows", 2_500_000, 64 * 1024],
    ["exactly the cap", MAX_ANSWER_BYTES, 256 * 1024],
  ])("is read whole and in order: %s", async (_, total, chunk) => {
    const { upstream } = upstreamOn(origin(() => new Response(byteStream(total, chunk))).fetch);
    const bytes = await upstream.getBytes(`${HF}/papers`, "text/html");
    expect(bytes.byteLength).toBe(total);
    expect(firstDifference(bytes)).toBe(-1);
  });

  it.each([
    ["a byte stream", true],
    ["a stream of chunks", false],
  ])("is read no further than the cap, then refused: %s", async (_, bytes) => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let sent = 0;
    const pull = (controller: ReadableStreamDefaultController | ReadableByteStreamController) => {
      sent += chunk.length;
      if (sent > 4 * MAX_ANSWER_BYTES) controller.close();
      else controller.enqueue(chunk.slice());
    };
    const stream = bytes ? new ReadableStream({ type: "bytes", pull }) : new ReadableStream({ pull });
    const { upstream } = upstreamOn(origin(() => new Response(stream)).fetch);
    await expect(upstream.getBytes(`${HF}/papers`, "text/html", 1)).rejects.toThrow(
      /answer is larger than \d+ MB/,
    );
    expect(sent).toBeLessThan(MAX_ANSWER_BYTES + 2 * chunk.length);
  });
});

describe("the run's time budget", () => {
  it("gives a request no more time than the budget has left, however long a request may take", async () => {
    // An upstream that never answers: only the request's signal ends it.
    const signals: AbortSignal[] = [];
    const fetch: UpstreamOptions["fetch"] = (_url, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal as AbortSignal;
        signals.push(signal);
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    let now = 1_000_000;
    const upstream = new Upstream({
      fetch,
      clock: () => now,
      sleep: async () => {},
      attempts: 1,
      timeoutMs: 60_000,
      runBudgetMs: 90_000,
    });
    now += 90_000 - 50; // 50 ms of the run's budget left
    const started = Date.now();
    await expect(upstream.get(`${HF}/papers`, "text/html")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
