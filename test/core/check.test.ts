// compileCheck against zod itself: for every schema the project compiles, the same verdict
// and the same value, on real items and on each of them damaged one field at a time.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import api from "../../fixtures/api/2026-05-18.json";
import { compileCheck } from "../../src/core/check";
import { Counters, contentOf, PaperContent } from "../../src/core/paper";
import { RunReport } from "../../src/core/runReport";
import { PageProps, toPaper, UpstreamItem } from "../../src/scrape/upstreamSchema";
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
  "repeat",
  "cron",
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
  it("agrees with zod on upstream items, real and damaged", () => {
    const items = (api as unknown[]).slice(0, 4);
    const values = damaged(items);
    const valid = agree(UpstreamItem, values);
    const props = { dailyPapers: items, dateString: "2026-05-18", prevDate: "2026-05-15", periodType: "day" };
    agree(PageProps, damaged([props, { dailyPapers: [] }]));
    // Both verdicts occur, so agreement is not by accident of one kind.
    expect(valid).toBeGreaterThan(items.length);
    expect(valid).toBeLessThan(values.length);
  });

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

  it("agrees with zod on run reports, full and damaged", () => {
    const full = {
      trigger: "cron",
      task: "newest",
      started_at: "2026-05-18T06:00:00.000Z",
      duration_ms: 12.5,
      ok: false,
      requests: 3,
      days: [
        {
          asked: "latest",
          date: "2026-05-18",
          outcome: "stored",
          count: 10,
          via: "api",
          fallbacks: ["api: x"],
          dropped: 1,
        },
        { asked: "2026-05-17", outcome: "failed", error: "HTTP 503" },
      ],
      repair: { date: "2026-05-11", outcome: "repaired" },
      words: { date: "2026-05-10", outcome: "indexed" },
      rate_limited: { refusals: 1, waited_ms: 200, policy: { name: "pages", quota: 100, window_s: 300 } },
      merged_days: ["2026-05-17"],
      cache_tags: ["day:2026-05-18"],
      cache_tags_pending: ["feed"],
      websub: {
        hub: "https://hub.example/",
        topics: ["https://feed.example/feed.atom"],
        failed: [{ topic: "t", error: "e" }],
        error: "x",
      },
      errors: ["index: failed"],
    };
    const values = damaged([
      full,
      { trigger: "admin", started_at: full.started_at, duration_ms: 1, ok: true, requests: 0, days: [] },
    ]);
    const valid = agree(RunReport, values);
    expect(valid).toBeGreaterThan(2);
    expect(valid).toBeLessThan(values.length);
  });

  it("gives a default afresh, a caught value, and null where the schema allows them", () => {
    const schema = z.object({
      list: z.array(z.string()).default([]),
      when: z.iso.datetime({ offset: true }).nullish().catch(undefined),
      maybe: z.string().nullable(),
    });
    const check = compileCheck(schema);
    const a = check({ maybe: null, when: "not a time" });
    const b = check({ maybe: null });
    expect(a).toEqual({ list: [], maybe: null });
    expect(a!.list).not.toBe(b!.list);
    expect(check({ maybe: "x", when: "2026-05-18T06:00:00+02:00" })?.when).toBe("2026-05-18T06:00:00+02:00");
    expect(check({ list: [1], maybe: null })).toBeUndefined();
    agree(schema, damaged([{ list: ["a"], when: "2026-05-18T06:00:00Z", maybe: "m" }]));
  });

  it("refuses at load time what it cannot check as zod does", () => {
    expect(() => compileCheck(z.string().url())).toThrow(/not supported/);
    expect(() => compileCheck(z.email())).toThrow(/not supported/);
    expect(() => compileCheck(z.map(z.string(), z.string()))).toThrow(/not supported/);
    expect(() => compileCheck(z.object({ any: z.unknown() }))).toThrow(/not supported/);
    expect(() => compileCheck(z.string().transform((s) => s.length))).toThrow(/not supported/);
  });
});
