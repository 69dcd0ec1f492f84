// Each test starts from nothing: empty storage (the plugin's reset), no index or answers
// remembered by the isolate, no recorded waits, no network. A test in a block that shares
// its storage (shareStorage in test/helpers.ts) starts from that block's storage instead.
import { afterEach, beforeEach, vi } from "vitest";
import { forgetStored, sharesStorage, sleeps, startEmpty } from "./helpers";

beforeEach(async ({ task }) => {
  if (sharesStorage(task)) forgetStored();
  else await startEmpty();
  sleeps.length = 0;
  // Tests never touch the network: a Worker's own fetch fails unless a test routes it.
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    throw new TypeError(`no network in tests (${input instanceof Request ? input.url : String(input)})`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});
