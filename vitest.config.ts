import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    silent: "passed-only",
    projects: [
      {
        // The Worker, its modules and its routes, inside the Workers runtime.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Tests never reach the network: the upstream is an injected fetch or a spy.
            miniflare: { bindings: { HF_ORIGIN: "http://hf.test" } },
          }),
        ],
        test: {
          name: "workers",
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
