// What every test of the Worker shares: the run's clock, the scrape settings, calling the
// Worker, parsing its answers with the answer schemas, and standing in for the network.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type * as z from "zod";
import worker from "../src/index";
import { type ScrapeOptions, scrape, type Target } from "../src/scrape/run";
import type { FakeOrigin } from "./fixtures";

/** A Tuesday morning: the scrape window reaches back over the weekend of 2026-05-16/17. */
export const NOW = Date.parse("2026-05-19T06:00:00Z");
/** An hour later: a later run. */
export const LATER = NOW + 3_600_000;
/** What a test scrape reads: the stand-in origin and the whole 7-day window in one run. */
export const SCRAPE_CONFIG = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7 };

/**
 * The edge cache (caches.default) outlives a test's storage, and its keys carry the host,
 * so each test calls the Worker under a host of its own (test/setup.ts moves it on).
 */
let host = "http://t0.test";
export const testHost = () => host;
export const nextTestHost = (n: number) => {
  host = `http://t${n}-${Date.now()}.test`;
};

/** Calls the Worker as the runtime would, and waits for its background work (cache writes). */
export async function call(path: string, init?: RequestInit, bindings: object = env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${host}${path}`, init), bindings as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The answer's body, parsed with the schema the route promises. */
export async function answer<S extends z.ZodType>(
  schema: S,
  path: string,
  init?: RequestInit,
): Promise<z.infer<S>> {
  const res = await call(path, init);
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return schema.parse(await res.json());
}

/** Makes the runtime's fetch (the Worker's own scrapes) answer from a fake origin. */
export const routeFetchTo = (origin: FakeOrigin) =>
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => origin.fetch(input as string, init));

/** Waits recorded by the last `runScrape`, instead of real sleeping. */
export const sleeps: number[] = [];

/** One scrape run against the test KV and a fake origin, with no real waiting. */
export function runScrape(
  origin: FakeOrigin,
  opts: {
    repair?: boolean;
    kv?: KVNamespace;
    now?: number;
    targets?: Target[];
    timeoutMs?: number;
    config?: Partial<ScrapeOptions["config"]>;
  } = {},
) {
  return scrape(
    {
      kv: opts.kv ?? env.PAPERS,
      config: { ...SCRAPE_CONFIG, ...opts.config },
      fetch: origin.fetch,
      now: opts.now ?? NOW,
      upstream: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, timeoutMs: opts.timeoutMs },
      repair: opts.repair,
    },
    opts.targets,
  );
}
