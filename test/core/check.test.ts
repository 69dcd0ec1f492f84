// compileCheck against zod itself: for every schema the project compiles, the same verdict
// and the same value, on real values and on each of them damaged one field at a time.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import api from "../../fixtures/api/2026-05-18.json";
import { compileCheck } from "../../src/core/check";
import { Counters, contentOf, PaperContent } from "../../src/core/paper";
import { toPaper, UpstreamItem } from "../../src/scrape/upstreamSchema";
import { SAMPLE } from "../serve/render/sample";

/** Values a damaged store or a hostile upstream could put where any field is. */
const ODD: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "x".repeat(5_000),
  "2026-05-18T06:00:00.000Z",
  "2026-02-30T06:00:00Z",
  "2026-05-18",
  "2026-05-18T25:00:00Z",
  "2026-05-18T06:00:00+02:00",
  "https://example.org/a",
  "javascript:alert(1)",
  "2605.00001",
  0,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  true,
  [],
  ["a"],
  [{ name: "A" }],
  {},
  { name: "A", fullname: "B" },
];

/** Every path to a value in `v` (objects and arrays, up to `depth` deep). */
function paths(v: unknown, depth = 4, at: (string | number)[] = []): (string | number)[][] {
  if (depth === 0 || typeof v !== "object" || v === null) return [];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i).slice(0, 2) : Object.keys(v);
  return keys.flatMap((k) => [
    [...at, k],
    ...paths((v as Record<string | number, unknown>)[k], depth - 1, [...at, k]),
  ]);
}

/** A copy of `v` with the value at `path` replaced (or the key removed, for `REMOVE`). */
const REMOVE = Symbol("remove");
function withValue(v: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Asserts compileCheck and zod agree on each value; returns how many of them validated. */
function agree(schema: z.ZodType, values: unknown[]): number {
  const check = compileCheck(schema);
  let valid = 0;
  for (const value of values) {
    const zod = schema.safeParse(value);
    const ours = check(value);
    expect(ours !== undefined, JSON.stringify(value)?.slice(0, 300)).toBe(zod.success);
    if (zod.success) {
      valid++;
      expect(ours).toEqual(zod.data);
    }
  }
  return valid;
}

/** Each base value, then each with one field damaged in every odd way. */
const damaged = (bases: unknown[]) =>
  bases.flatMap((base) => [
    base,
    ...paths(base).flatMap((path) => [REMOVE, ...ODD].map((odd) => withValue(base, path, odd))),
  ]);

describe("compileCheck", () => {
  it("agrees with zod on stored paper content and counters, real and damaged", () => {
    const contents = [
      contentOf(SAMPLE),
      ...(api as unknown[])
        .slice(0, 3)
        .map((item) => contentOf(toPaper(UpstreamItem.parse(item), "2026-05-18"))),
    ];
    const values = damaged(contents);
    const valid = agree(PaperContent, values);
    expect(valid).toBeGreaterThan(contents.length);
    expect(valid).toBeLessThan(values.length);
    agree(Counters, damaged([{ upvotes: 3, num_comments: 1, github_stars: 10 }, { upvotes: 0 }]));
  });

  it("refuses at load time what it cannot check as zod does", () => {
    expect(() => compileCheck(z.string().url())).toThrow(/not supported/);
    expect(() => compileCheck(z.email())).toThrow(/not supported/);
    expect(() => compileCheck(z.map(z.string(), z.string()))).toThrow(/not supported/);
    expect(() => compileCheck(z.iso.datetime())).toThrow(/not supported/);
    expect(() => compileCheck(z.object({ at: z.iso.datetime().optional() }))).toThrow(/not supported/);
    expect(() => compileCheck(z.string().nullable())).toThrow(/not supported/);
    expect(() => compileCheck(z.string().transform((s) => s.length))).toThrow(/not supported/);
  });
});
