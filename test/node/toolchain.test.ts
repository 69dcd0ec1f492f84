// One toolchain: the npm scripts run under the Node the project declares (the `node`
// package in devDependencies), and every package in the lockfile accepts that Node.
import { existsSync, readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
const pkg = read("../../package.json");
const lock = read("../../package-lock.json");

describe("the toolchain", () => {
  it("runs the tests under the Node that package.json declares and pins", () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    expect(process.version).toBe(`v${pkg.devDependencies.node}`);
    expect(readFileSync(new URL("../../.nvmrc", import.meta.url), "utf8").trim()).toBe(
      String(semver.major(process.version)),
    );
  });

  it("has no installed package that refuses that Node", () => {
    const refusing = Object.entries(
      lock.packages as Record<string, { engines?: { node?: string } | string[] }>,
    )
      // Packages for other platforms (sharp's Windows build, say) are in the lockfile, not on disk.
      .filter(([path]) => path === "" || existsSync(new URL(`../../${path}/package.json`, import.meta.url)))
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(process.version, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name} wants node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it("has one wrangler, one miniflare and one workerd: tests, wrangler dev and deploy share a runtime", () => {
    for (const name of ["wrangler", "miniflare", "workerd"]) {
      const versions = new Set(
        Object.entries(lock.packages as Record<string, { version: string }>)
          .filter(([path]) => path.endsWith(`node_modules/${name}`))
          .map(([, p]) => p.version),
      );
      expect([...versions], name).toHaveLength(1);
    }
  });
});
