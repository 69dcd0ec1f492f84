// A fast check derived from a zod schema, for values read on every request (a page of 200
// papers, a 92-day range of summaries). By hand because zod without its JIT (Workers forbid
// `new Function`) spends some 25 µs a paper in safeParse (npm run bench, "Reading stored
// values"); this walks the same declaration once and checks in a few typeof tests. It
// supports the kinds of schema this project declares and refuses any other at load time,
// so a check can never be silently weaker than its schema (test/core/check.test.ts holds
// the two to the same answers for every schema compiled here, valid and damaged values).
import type * as z from "zod";

/** The value, copied to its declared keys in their declared order, or undefined when it does not fit. */
export type Check<T> = (value: unknown) => T | undefined;

type Test = (v: unknown) => boolean;
type Def = { type: string; checks?: { _zod: { def: CheckDef } }[]; check?: string } & Record<string, unknown>;
type CheckDef = {
  check: string;
  format?: string;
  pattern?: RegExp;
  maximum?: number;
  minimum?: number;
  value?: number;
  inclusive?: boolean;
  fn?: (v: unknown) => unknown;
};

const MISSING = Symbol("missing");

export function compileCheck<S extends z.ZodType>(schema: S): Check<z.infer<S>> {
  const run = compile(schema);
  return (value) => {
    const out = run(value);
    return out === MISSING ? undefined : (out as z.infer<S>);
  };
}

/** A function giving the checked (and for objects, copied) value, or MISSING. */
function compile(schema: z.ZodType): (v: unknown) => unknown {
  const def = (schema as unknown as { def: Def }).def;
  // A string format (z.iso.datetime(), z.email()) carries its own check on the schema's def,
  // not in `checks`: refused with the rest of what is not supported, never skipped.
  const own = def.check ? [refinement(def as unknown as CheckDef)] : [];
  const tests = [...own, ...(def.checks ?? []).map((c) => refinement(c._zod.def))];
  // No closure made per value checked: a page checks some 30 strings a paper.
  const refined = (base: Test): Test =>
    tests.length === 0
      ? base
      : (v) => {
          if (!base(v)) return false;
          for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false;
          return true;
        };
  switch (def.type) {
    case "string":
      return keep(refined((v) => typeof v === "string"));
    case "number":
      return keep(refined((v) => typeof v === "number" && Number.isFinite(v)));
    case "boolean":
      return keep((v) => typeof v === "boolean");
    case "literal": {
      const values = def.values as unknown[];
      return keep((v) => values.includes(v));
    }
    case "enum": {
      const values = Object.values(def.entries as Record<string, unknown>);
      return keep((v) => values.includes(v));
    }
    case "array": {
      const element = compile(def.element as z.ZodType);
      const ok = refined(Array.isArray);
      return (v) => {
        if (!ok(v)) return MISSING;
        const items = v as unknown[];
        const out = new Array(items.length);
        for (let i = 0; i < items.length; i++) {
          const item = element(items[i]);
          if (item === MISSING) return MISSING;
          out[i] = item;
        }
        return out;
      };
    }
    case "object": {
      const fields = Object.entries((schema as unknown as z.ZodObject).shape).map(
        ([k, s]) => [k, compile(s as z.ZodType), (s as z.ZodType).def.type === "optional"] as const,
      );
      return (v) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return MISSING;
        const from = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [k, check, optional] of fields) {
          const given = from[k];
          if (given === undefined) {
            if (optional) continue;
            return MISSING;
          }
          const value = check(given);
          if (value === MISSING) return MISSING;
          out[k] = value;
        }
        return out;
      };
    }
    case "optional": {
      const inner = compile(def.innerType as z.ZodType);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    default:
      throw new TypeError(`compileCheck: a ${def.type} schema is not supported`);
  }
}

const keep =
  (test: Test) =>
  (v: unknown): unknown =>
    test(v) ? v : MISSING;

/** One zod check (a length, a pattern, a bound, a refinement) as a test. */
function refinement(c: CheckDef): Test {
  switch (c.check) {
    case "max_length":
      return (v) => (v as { length: number }).length <= c.maximum!;
    case "min_length":
      return (v) => (v as { length: number }).length >= c.minimum!;
    case "string_format":
      if (c.format !== "regex") break;
      return (v) => c.pattern!.test(v as string);
    case "number_format":
      if (c.format !== "safeint") break;
      return (v) => Number.isSafeInteger(v);
    case "greater_than":
      return c.inclusive ? (v) => (v as number) >= c.value! : (v) => (v as number) > c.value!;
    case "less_than":
      return c.inclusive ? (v) => (v as number) <= c.value! : (v) => (v as number) < c.value!;
    case "custom":
      return (v) => c.fn!(v) === true;
  }
  throw new TypeError(`compileCheck: the check ${c.check} ${c.format ?? ""} is not supported`);
}
