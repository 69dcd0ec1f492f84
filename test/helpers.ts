// What every test of the Worker shares: the run's clock, the scrape settings, calling the
// Worker, parsing its answers with the answer schemas, standing in for the network, and
// the storage a test starts from.
import { createExecutionContext, reset, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, expect, type RunnerTestCase, vi } from "vitest";
import type * as z from "zod";
import worker from "../src/index";
import { type ScrapeOptions, scrape, type Target } from "../src/scrape/run";
import { forgetAnswers } from "../src/serve/httpCache";
import { forgetIndex } from "../src/store/days";
import { countingKv, type FakeOrigin } from "./fixtures";

/** A Tuesday morning: the scrape window reaches back over the weekend of 2026-05-16/17. */
export const NOW = Date.parse("2026-05-19T06:00:00Z");
/** An hour later: a later run. */
export const LATER = NOW + 3_600_000;
/** What a test scrape reads: the stand-in origin and the whole 7-day window in one run. */
export const SCRAPE_CONFIG = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7 };

/**
 * The origin tests call the Worker on: the absolute URLs in its answers start with it. One
 * serves every test: what the Worker keeps between requests, its copy of recent answers
 * (src/serve/httpCache.ts) and of the day index, test/setup.ts empties before each test.
 */
const HOST = "http://papers.test";
export const testHost = () => HOST;

/** Calls the Worker as the runtime would, and waits for its background work (a first scrape). */
export async function call(path: string, init?: RequestInit, bindings: object = env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${HOST}${path}`, init), bindings as Env, ctx);
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
    trigger?: ScrapeOptions["trigger"];
    /** A scheduled run's staging of page reads, for its task (ScrapeOptions.stage). */
    stage?: ScrapeOptions["task"];
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
      trigger: opts.trigger,
      ...(opts.stage ? { stage: true, task: opts.stage } : {}),
    },
    opts.targets,
  );
}

/** Forgets what the isolate remembers of storage: the day index and recent answers. */
export function forgetStored(): void {
  forgetIndex();
  forgetAnswers();
}

/** An uncached answer (nothing the isolate remembers of storage), which must be a 200: its body and the KV keys it read. */
export async function keysRead(path: string): Promise<{ gets: string[]; body: string }> {
  forgetStored();
  const kv = countingKv(env.PAPERS);
  const res = await call(path, undefined, { ...env, PAPERS: kv });
  expect(res.status, path).toBe(200);
  return { gets: kv.gets, body: await res.text() };
}

/** Empties storage (the plugin's reset) and forgets what the isolate remembers of it. */
export async function startEmpty(): Promise<void> {
  // reset() empties the Durable Objects that are in memory (workerd's deleteAllDurableObjects,
  // github.com/cloudflare/workerd/pull/6357). Local KV keeps a namespace in one, which leaves
  // memory after 10 s idle and then keeps its data through reset(): a read brings it back first.
  await env.PAPERS.get("wake");
  await reset();
  forgetStored();
}

/** Describe blocks whose tests share the storage `shareStorage` filled. */
const sharing = new WeakSet<object>();

/** Whether a test is in a block that shares its storage, which test/setup.ts then leaves as it is. */
export function sharesStorage(test: RunnerTestCase): boolean {
  for (let suite = test.suite; suite; suite = suite.suite) if (sharing.has(suite)) return true;
  return sharing.has(test.file); // shareStorage called at the top of a file
}

/** What a test in a block that shares its storage may not do. */
const WRITES = ["put", "delete"] as const;

/**
 * For a describe block whose tests only read: fills storage once, before its first test,
 * instead of before each (a scrape of the fixtures takes some 250 ms). A test in it that
 * writes to KV fails, since the tests after it would read what it left.
 */
export function shareStorage(fill: () => Promise<unknown>): void {
  // biome-ignore lint/correctness/noEmptyPattern: vitest takes fixtures from a destructured first parameter; the block is the second
  beforeAll(async ({}, suite) => {
    await startEmpty();
    await fill();
    sharing.add(suite);
  });
  beforeEach(() => {
    for (const write of WRITES)
      vi.spyOn(env.PAPERS, write).mockRejectedValue(
        new Error(`KV ${write} in a block that shares its storage`),
      );
  });
  afterEach(() => {
    for (const write of WRITES)
      expect(
        vi.mocked(env.PAPERS[write]),
        `KV ${write} in a block that shares its storage`,
      ).not.toHaveBeenCalled();
  });
}
