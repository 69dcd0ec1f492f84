// The fixture pages and a fetch that serves them like huggingface.co would
// (fixtures/origin.js), for injecting into the source and the scrape.

import api20260518 from "../fixtures/api/2026-05-18.json?raw";
import older20241025 from "../fixtures/templates/2024-10-25-older-template.html?raw";

/** The older page template (fixtures/README.md). */
export const olderTemplate = older20241025;

import { createFixtureOrigin } from "../fixtures/origin.js";
import page20241025 from "../fixtures/pages/2024-10-25.html?raw";
import page20260514 from "../fixtures/pages/2026-05-14.html?raw";
import page20260515 from "../fixtures/pages/2026-05-15.html?raw";
import page20260518 from "../fixtures/pages/2026-05-18.html?raw";
import type { Paper } from "../src/core/paper";
import { asciiJson } from "../src/store/ascii";

export const pages: Record<string, string> = {
  "2024-10-25": page20241025,
  "2026-05-14": page20260514,
  "2026-05-15": page20260515,
  "2026-05-18": page20260518,
};
/** Papers each fixture day lists (its page's `dailyPapers` of that day, duplicates aside). */
export const COUNTS = { "2026-05-18": 10, "2026-05-15": 40, "2026-05-14": 4, "2024-10-25": 29 } as const;
/** The fixture days in May 2026: 10 + 40 + 4. */
export const MAY_2026_COUNT = COUNTS["2026-05-18"] + COUNTS["2026-05-15"] + COUNTS["2026-05-14"];
/** Every fixture day: all of them are among a default feed's newest 7 stored days. */
export const ALL_COUNT = MAY_2026_COUNT + COUNTS["2024-10-25"];

export const apiResponses: Record<string, string> = { "2026-05-18": api20260518 };

export interface FakeOrigin {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Every URL asked for, in order. */
  calls: string[];
  /** Request headers of the last call. */
  lastHeaders?: Headers;
}

/** A fetch answering from the fixtures; `override` may answer (or throw) first for a URL. */
export function fakeOrigin(
  override?: (url: string) => Response | Promise<Response> | undefined,
  files: Record<string, string> = pages,
): FakeOrigin {
  const resolve = createFixtureOrigin(files, apiResponses);
  const origin: FakeOrigin = {
    calls: [],
    async fetch(input, init) {
      const url = input instanceof Request ? input.url : String(input);
      origin.calls.push(url);
      origin.lastHeaders = new Headers(init?.headers);
      const o = (await override?.(url)) ?? (await mirroredApi(url, override));
      if (o) return o;
      const a = resolve(url);
      return new Response(a.body, { status: a.status, headers: { "content-type": a.contentType } });
    },
  };
  return origin;
}

/**
 * The JSON API as the real site answers it beside a page a test overrides: the items of that
 * day's page listed on that very day, or the page's failure. Undefined when the test does
 * not override that day's page.
 */
async function mirroredApi(
  url: string,
  override?: (url: string) => Response | Promise<Response> | undefined,
): Promise<Response | undefined> {
  const u = new URL(url);
  const date = u.searchParams.get("date");
  if (!override || u.pathname !== "/api/daily_papers" || !date) return undefined;
  const page = await override(`${u.origin}/papers/date/${date}`);
  if (!page) return undefined;
  if (!page.ok) return new Response(await page.text(), { status: page.status, headers: page.headers });
  const attr = (await page.text()).match(/data-props="([^"]*)"/)?.[1];
  if (!attr) return new Response("[]", { headers: { "content-type": "application/json" } });
  const props = JSON.parse(
    attr
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&"),
  ) as { dailyPapers?: RawItem[]; dateString?: string };
  const items = (props.dailyPapers ?? []).filter((i) =>
    i?.paper?.submittedOnDailyAt ? i.paper.submittedOnDailyAt.startsWith(date) : props.dateString === date,
  );
  // Paged as the real API pages: `p` from 0, `limit` items a page (SOURCE-NOTES.md, "JSON API").
  const limit = Number(u.searchParams.get("limit") ?? 50);
  const p = Number(u.searchParams.get("p") ?? 0);
  return new Response(JSON.stringify(items.slice(p * limit, (p + 1) * limit)), {
    headers: { "content-type": "application/json" },
  });
}

const escapeAttr = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** One upstream item as raw JSON, for tests that change it before a page embeds it. */
export interface RawItem {
  paper: { id: string; upvotes: number; submittedOnDailyAt?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** The props embedded in a fixture page. */
export function propsOf(date: string): { dailyPapers: RawItem[]; dateString: string; [k: string]: unknown } {
  const m = pages[date]!.match(/data-props="([^"]*)"/)!;
  const attr = m[1]!
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
  return JSON.parse(attr);
}

/** A minimal page embedding `props` the way the real one does. */
export function pageWith(props: unknown): string {
  return `<!doctype html><html><body><div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="${escapeAttr(JSON.stringify(props))}"></div></body></html>`;
}

/**
 * A KV binding that records the keys written and read, and counts its operations as
 * Workers counts them against an invocation's 1,000: a bulk read is one.
 */
export function countingKv(
  kv: KVNamespace,
): KVNamespace & { puts: string[]; gets: string[]; lists: () => number; operations: () => number } {
  const puts: string[] = [];
  const gets: string[] = [];
  let operations = 0;
  let lists = 0;
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "puts") return puts;
      if (prop === "lists") return () => lists;
      if (prop === "gets") return gets;
      if (prop === "operations") return () => operations;
      if (prop === "put") {
        return (...args: Parameters<KVNamespace["put"]>) => {
          operations++;
          puts.push(args[0]);
          return target.put(...args);
        };
      }
      if (prop === "get" || prop === "getWithMetadata") {
        return (key: string | string[], ...rest: unknown[]) => {
          operations++;
          gets.push(...(Array.isArray(key) ? key : [key]));
          return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).call(target, key, ...rest);
        };
      }
      const v = Reflect.get(target, prop);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        operations++;
        if (prop === "list") lists++;
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as KVNamespace & { puts: string[]; gets: string[]; lists: () => number; operations: () => number };
}

/**
 * A day record as version 4 wrote it: a paper a line, each with its counters and listing
 * right after its id (upvotes, date), and its comments and stars among its content.
 */
export function version4DayRecord(
  date: string,
  papers: Paper[],
  updatedAt = "2026-05-19T06:00:00.000Z",
): string {
  const head = asciiJson({ v: 4, date, via: "page", updated_at: updatedAt }).slice(0, -1);
  return `${head},"papers":[\n${papers.map((p) => asciiJson(p)).join(",\n")}\n]}`;
}
