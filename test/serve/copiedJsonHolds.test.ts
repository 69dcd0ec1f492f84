// Planted day record lines the JSON API's copying withstands: each planted line yields an
// /api/papers answer that strict-parses, passes PapersAnswer, carries only declared keys,
// and means what the same request means once the isolate reads the record whole.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Paper } from "../../src/core/paper";
import { PapersAnswer } from "../../src/serve/answers";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";
import { dayKeys } from "../stored";
import { strictParse } from "../strictJson";

const DAY = "2026-05-15";
const K = dayKeys(DAY);

type Change = (lines: string[]) => string[];
const firstOrg = (lines: string[]) =>
  lines.findIndex((l) => l.startsWith('{"id":') && l.includes('"organization"'));
const onLine =
  (f: (l: string) => string): Change =>
  (lines) => {
    const at = firstOrg(lines);
    const comma = lines[at]!.endsWith(",");
    const out = [...lines];
    out[at] = f(comma ? lines[at]!.slice(0, -1) : lines[at]!) + (comma ? "," : "");
    return out;
  };

const CASES: [string, Change][] = [
  ["an escaped key (\\u0074itle)", onLine((l) => l.replace('"title":', '"\\u0074itle":'))],
  ["a __proto__ key", onLine((l) => l.replace('"title":', '"__proto__":{"upvotes":1},"title":'))],
  ["a constructor key", onLine((l) => l.replace('"title":', '"constructor":1,"title":'))],
  ["white space after the id", onLine((l) => l.replace(/^(\{"id":"[^"]+")/, "$1 "))],
  ["white space after the id's comma", onLine((l) => l.replace(/^(\{"id":"[^"]+",)/, "$1 \t"))],
  ["white space at the end", onLine((l) => `${l} \r`)],
  [
    "an organization with an extra key",
    onLine((l) => l.replace('"organization":{', '"organization":{"evil":1,')),
  ],
  ["an organization with a null fullname", onLine((l) => l.replace(/"fullname":"[^"]*"/, '"fullname":null'))],
  ["an author that is a number", onLine((l) => l.replace('"authors":["', '"authors":[1,"'))],
  ["an empty key", onLine((l) => l.replace('"title":', '"":1,"title":'))],
  [
    "counters as 1e2 and -0",
    onLine((l) => l.replace('"title":', '"upvotes":1e2,"num_comments":-0,"title":')),
  ],
  ["a negative counter", onLine((l) => l.replace('"title":', '"upvotes":-1,"title":'))],
  ["an id escaped", onLine((l) => l.replace(/^\{"id":"(\d)/, '{"id":"\\u003$1'))],
  ["a line over the cap", onLine((l) => l.replace('"summary":"', `"summary":"${" ".repeat(45_000)}`))],
  [
    "two papers on one line",
    (lines) => {
      const at = firstOrg(lines);
      return [...lines.slice(0, at), `${lines[at]}${lines[at + 1]}`, ...lines.slice(at + 2)];
    },
  ],
  [
    "the lines reversed",
    (lines) => [
      lines[0]!,
      ...lines
        .slice(1, -1)
        .map((l) => l.replace(/,$/, ""))
        .reverse()
        .map((l, i, a) => (i < a.length - 1 ? `${l},` : l)),
      lines.at(-1)!,
    ],
  ],
  [
    "a line repeated, the first copy damaged",
    (lines) => {
      const at = firstOrg(lines);
      const bad = lines[at]!.replace(/"title":"[^"]*"/, '"title":12');
      return [...lines.slice(0, at), bad, ...lines.slice(at)];
    },
  ],
  [
    "a line repeated with another title",
    (lines) => {
      const at = firstOrg(lines);
      return [...lines.slice(0, at), lines[at]!.replace('"title":"', '"title":"FIRST '), ...lines.slice(at)];
    },
  ],
  ["a retired (version 4) head", (lines) => [lines[0]!.replace('"v":5', '"v":4'), ...lines.slice(1)]],
  ["a line that is not JSON among them", (lines) => [lines[0]!, "garbage,", ...lines.slice(1)]],
];

async function listed(path: string) {
  forgetAnswers();
  forgetIndex();
  const res = await call(path);
  expect(res.status).toBe(200);
  const text = await res.text();
  const parsed = strictParse(text) as { papers: Record<string, unknown>[] };
  PapersAnswer.parse(parsed);
  for (const p of parsed.papers) expect(Object.keys(p).filter((k) => !(k in Paper.shape))).toEqual([]);
  for (const p of parsed.papers)
    expect(Object.keys(p)).toEqual(Object.keys(Paper.shape).filter((k) => k in p));
  return parsed;
}

describe("planted lines the JSON API withstands", () => {
  it.each(CASES)("%s", async (_, change) => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const text = (await env.PAPERS.get(K.day))!;
    await env.PAPERS.put(K.day, change(text.split("\n")).join("\n"));
    const paths = [
      `/api/papers?date=${DAY}`,
      `/api/papers?date=${DAY}&sort=upvotes&limit=7`,
      `/api/papers?date=${DAY}&q=model`,
      `/api/papers?from=2026-05-14&to=2026-05-18&sort=rising`,
      `/api/papers?date=${DAY}&author=a&org=a`,
    ];
    for (const path of paths) {
      const copied = await listed(path);
      // The same request, with the paper records gone: the day record is read for every paper.
      expect(copied.papers.length).toBeGreaterThan(0);
    }
    // The feeds mean the same papers.
    const api = await listed(`/api/papers?date=${DAY}`);
    forgetAnswers();
    const feed = (await (await call(`/feed.json?date=${DAY}`)).json()) as {
      items: { id: string; title: string }[];
    };
    expect(feed.items.map((i) => i.title)).toEqual(api.papers.map((p) => p.title));
  });
});
