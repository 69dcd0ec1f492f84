import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * wrangler.toml copied into a folder of its own, `main` made absolute: the plugin reads the
 * `.dev.vars` beside the config it is given (a developer's local secrets and settings, README
 * "Secrets"), and the suite runs with wrangler.toml and the bindings below, whatever that holds.
 */
function configApartFromDevVars(): string {
  const root = import.meta.dirname;
  const dir = join(root, "node_modules/.cache/daily-papers-feed-tests");
  mkdirSync(dir, { recursive: true });
  let rewritten = false;
  const text = readFileSync(join(root, "wrangler.toml"), "utf8").replace(
    /^main = "(.+)"$/m,
    (_, main: string) => {
      rewritten = true;
      return `main = ${JSON.stringify(resolve(root, main))}`;
    },
  );
  if (!rewritten) throw new Error('wrangler.toml no longer has the `main = "…"` line this rewrites');
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, text);
  return path;
}

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
            wrangler: { configPath: configApartFromDevVars() },
            // Tests never reach the network: the upstream is an injected fetch or a spy.
            miniflare: {
              bindings: { HF_ORIGIN: "http://hf.test" },
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
