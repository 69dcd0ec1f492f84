// Each test starts from nothing: empty storage (the plugin's reset), no index or answers
// remembered by the isolate, no recorded waits, and a host of its own for the edge cache.
import { reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, vi } from "vitest";
import { forgetAnswers } from "../src/serve/httpCache";
import { forgetIndex } from "../src/store/dayIndex";
import { nextTestHost, sleeps } from "./helpers";

let n = 0;
beforeEach(async () => {
  // reset() empties the Durable Objects that are in memory (workerd's deleteAllDurableObjects,
  // github.com/cloudflare/workerd/pull/6357). Local KV keeps a namespace in one, which leaves
  // memory after 10 s idle and then keeps its data through reset(): a read brings it back first.
  await env.PAPERS.get("wake");
  await reset();
  forgetIndex();
  forgetAnswers();
  sleeps.length = 0;
  nextTestHost(++n);
  // Tests never touch the network: a Worker's own fetch fails unless a test routes it.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    throw new TypeError(`no network in tests (${input instanceof Request ? input.url : String(input)})`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});
