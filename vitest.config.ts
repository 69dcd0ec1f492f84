import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      // Tests never reach the network: the upstream is an injected fetch or a spy.
      miniflare: { bindings: { HF_ORIGIN: "http://hf.test" } },
    }),
  ],
  test: { include: ["test/**/*.test.ts"], setupFiles: ["test/setup.ts"], silent: "passed-only" },
});
