import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    silent: "passed-only",
    // Vitest's default on a 2-core machine is one worker. Each pool worker of the Workers
    // project starts a Miniflare of its own (its own storage), so two run side by side
    // safely, and the suite takes about two thirds of the time.
    maxWorkers: 2,
    projects: [
      {
        // The Worker, its modules and its routes, inside the Workers runtime.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Tests never reach the network: the upstream is an injected fetch or a spy.
            miniflare: {
              // The secrets too: the plugin reads a developer's .dev.vars (the README's local
              // setup), and the suite must not depend on what is in it. Empty means not set.
              bindings: { HF_ORIGIN: "http://hf.test", ADMIN_TOKEN: "", HF_TOKEN: "" },
              // The suite renders far more than a client may a minute; the limit's own
              // behaviour is tested with a limiter of its own (test/serve/rateLimit.test.ts).
              ratelimits: {
                RENDER_LIMITER: { namespace_id: "1001", simple: { limit: 1_000_000, period: 60 } },
              },
            },
          }),
        ],
        test: {
          name: "workers",
          // Every file in one workerd, started once, instead of one started a file: test/setup.ts
          // resets before each test what a file could leave (storage, the isolate's memory, mocks).
          isolate: false,
          include: ["test/**/*.test.ts"],
          exclude: ["test/node/**"],
          setupFiles: ["test/setup.ts"],
        },
      },
      {
        // Third-party validators and a real browser, which need Node.
        test: {
          name: "node",
          include: ["test/node/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
