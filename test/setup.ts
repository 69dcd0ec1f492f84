// Each test starts from nothing: empty storage (the plugin's reset), no index or answers
// remembered by the isolate, no recorded waits, and a host of its own for the edge cache.
import { reset } from "cloudflare:test";
import { afterEach, beforeEach, vi } from "vitest";
import { forgetAnswers } from "../src/serve/httpCache";
import { forgetIndex } from "../src/store/days";
import { nextTestHost, sleeps } from "./helpers";

let n = 0;
beforeEach(async () => {
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
