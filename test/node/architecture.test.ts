// The architecture, checked: two pipelines (scrape -> store, store -> serve) that meet only
// in KV. Every relative import in src/ is read and held to the rules below.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

/** Rules: a file under `from` may not import a file under `to`, except `allow`. */
const RULES: { from: string; to: string; allow?: string; why: string }[] = [
  { from: "core/", to: "scrape/", why: "core is shared by both pipelines" },
  { from: "core/", to: "store/", why: "core is shared by both pipelines" },
  { from: "core/", to: "serve/", why: "core is shared by both pipelines" },
  { from: "store/", to: "scrape/", why: "the store knows nothing of how days are read" },
  { from: "store/", to: "serve/", why: "the store knows nothing of how days are served" },
  { from: "scrape/", to: "serve/", why: "scrape writes KV; it never answers requests" },
  { from: "serve/", to: "scrape/", why: "serve starts runs only through the function src/index.ts hands it" },
  {
    from: "serve/",
    to: "store/",
    allow: "store/archive.ts",
    why: "serve reads the store only through its archive (store/archive.ts)",
  },
  { from: "serve/render/", to: "store/", why: "renderers are pure functions of a ListView" },
  { from: "serve/render/", to: "scrape/", why: "renderers are pure functions of a ListView" },
];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

/** The src-relative files a source file imports (relative imports only; packages are free). */
function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)].map((m) => m[1]!);
  return specs.map((s) => {
    const target = relative(SRC, resolve(dirname(file), s));
    return target.endsWith(".ts")
      ? target
      : files(SRC).some((f) => f === join(SRC, `${target}.ts`))
        ? `${target}.ts`
        : `${target}/index.ts`;
  });
}

function violations(graph: Record<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of Object.entries(graph)) {
    for (const to of targets) {
      for (const rule of RULES) {
        if (from.startsWith(rule.from) && to.startsWith(rule.to) && to !== rule.allow) {
          out.push(`${from} imports ${to}: ${rule.why}`);
        }
      }
    }
  }
  return out;
}

describe("the dependency rules", () => {
  it("hold for every file in src/", () => {
    const graph = Object.fromEntries(
      files(SRC).map((f) => [relative(SRC, f), importsOf(f, readFileSync(f, "utf8"))]),
    );
    expect(Object.keys(graph).length).toBeGreaterThan(20);
    expect(violations(graph)).toEqual([]);
  });

  it("catch a renderer that reads the store, a route that reaches into scrape, and one that reads a value's bytes", () => {
    expect(
      violations({
        "serve/render/atom.ts": ["store/archive.ts", "serve/render/view.ts"],
        "serve/router.ts": ["scrape/index.ts", "store/values/summary.ts", "store/archive.ts"],
      }),
    ).toEqual([
      "serve/render/atom.ts imports store/archive.ts: renderers are pure functions of a ListView",
      "serve/router.ts imports scrape/index.ts: serve starts runs only through the function src/index.ts hands it",
      "serve/router.ts imports store/values/summary.ts: serve reads the store only through its archive (store/archive.ts)",
    ]);
  });

  it("reads imports the way TypeScript resolves them", () => {
    const file = join(SRC, "serve/bootstrap.ts");
    expect(
      importsOf(file, 'import { runScrape } from "../scrape";\nimport type { X } from "./render/view";'),
    ).toEqual(["scrape/index.ts", "serve/render/view.ts"]);
  });
});

/** Biome's formatter leaves template strings and comments as written, so their width is checked here. */
const MAX_LINE = 140;

describe("lines in src/", () => {
  it(`are at most ${MAX_LINE} characters`, () => {
    const long = files(SRC).flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          line.length > MAX_LINE ? [`${relative(SRC, f)}:${i + 1} (${line.length})`] : [],
        ),
    );
    expect(long).toEqual([]);
  });
});
