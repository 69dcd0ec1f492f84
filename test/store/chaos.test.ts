// Every kind of stored value, planted in every bad shape: not JSON, cut short, of the wrong
// types, with absurd numbers, missing, of an older or retired version, and (for the values
// made from the content) naming the right content hash over the wrong content. Each time:
// every route answers, no answer is invalid JSON or XML, a scheduled run succeeds and its
// repair pass restores the value, and once that run has gone by no paper is hidden.
import { env } from "cloudflare:workers";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { Paper } from "../../src/core/paper";
import { DaysAnswer, PaperAnswer, PapersAnswer, StatusAnswer } from "../../src/serve/answers";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { BOOTSTRAP_KEY } from "../../src/store/values/bootstrap";
import { DAY_INDEX_KEY } from "../../src/store/values/dayIndex";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { decodeHistory, HISTORY_VERSION } from "../../src/store/values/history";
import { REPAIR_QUEUE_KEY } from "../../src/store/values/repairQueue";
import { decodeSummary } from "../../src/store/values/summary";
import { decodeWordIndex } from "../../src/store/values/wordIndex";
import { COUNTS, fakeOrigin, version4DayRecord } from "../fixtures";
import { call, LATER, runScrape } from "../helpers";
import { dayKeys, storedDay, storedIndex, wordIndexBuilt } from "../stored";

/** A settled day (older than the window), so it has a word index too. */
const DAY = "2024-10-25";
const K = dayKeys(DAY);
const PAPERS = COUNTS[DAY];

type Plant = (original: string, key: string) => string | null;
const json =
  // biome-ignore lint/suspicious/noExplicitAny: a planted value is any JSON, reshaped by hand
    (f: (v: any) => unknown): Plant =>
    (original) => {
      const v = JSON.parse(original);
      const out = f(v);
      return JSON.stringify(out === undefined ? v : out);
    };
/** A sectioned value's sections replaced, the head's lengths made to fit (so only the content is wrong). */
const sections =
  (f: (s: string[]) => string[]): Plant =>
  (original) => {
    const [head, ...rest] = original.split("\f");
    const next = f(rest);
    const words = head!.split(" ");
    const fixed = words.slice(0, words.length - rest.length);
    return [[...fixed, ...next.map((s) => s.length)].join(" "), ...next].join("\f");
  };
const shuffleLines = (s: string) => s.split("\n").reverse().join("\n");

const GENERIC: Record<string, Plant> = {
  "not JSON": () => '{"v":',
  "cut short": (o) => o.slice(0, Math.floor(o.length / 2)),
  missing: () => null,
};

/** A day record with `member` put in its head, before its version stamp. */
const withHead = (record: string, member: string) => {
  if (!record.includes('"updated_at":'))
    throw new Error("the day record has no version stamp to plant beside");
  return record.replace('"updated_at":', `${member}"updated_at":`);
};

/** The id of a day record's first line. */
const firstLineId = (record: string) => {
  const id = /\n\{"id":"([^"]+)"/.exec(record)?.[1];
  if (!id) throw new Error("the day record has no line to plant a read time for");
  return id;
};

/** Each kind, its key in the day, and its bad shapes beyond the generic ones. */
const KINDS: { kind: string; key: (ids: string[]) => string; shapes: Record<string, Plant> }[] = [
  {
    kind: "day record",
    key: () => K.day,
    shapes: {
      "wrong types": (o) => o.replace(/"title":"[^"]*"/, '"title":12'),
      "keys it does not declare": (o) =>
        o.replaceAll('"title":', '"upvotes":"1,\\"injected\\":true","injected":true,"title":'),
      "absurd numbers": (o) => o.replace(/"v":5/, '"v":1e20'),
      // In the head, each line kept as written.
      "a read time of the wrong type": (o) => withHead(o, '"read_at":[1],'),
      "a read time a year ahead": (o) => withHead(o, '"read_at":"9999-12-31T23:59:59Z",'),
      "a line's read time of the wrong type": (o) =>
        withHead(o, `"lines_read_at":{"${firstLineId(o)}":[1],"__proto__":"x"},`),
      "a line's read time a year ahead": (o) =>
        withHead(o, `"lines_read_at":{"${firstLineId(o)}":"9999-12-31T23:59:59Z"},`),
      "line read times of the wrong type": (o) => withHead(o, '"lines_read_at":[1],'),
      "carried lines of the wrong type": (o) => withHead(o, '"lines_carried":{"__proto__":[1]},'),
      "carried lines naming ids it lacks, or no id": (o) =>
        withHead(o, `"lines_carried":["2699.99999",null,{"id":"${firstLineId(o)}"},"${firstLineId(o)}"],`),
      "older version (4)": (o) =>
        version4DayRecord(
          DAY,
          JSON.parse(o).papers.map((p: object) => ({ ...p, upvotes: 1, date: DAY })),
        ),
      "retired version (first format)": json((v) => ({ date: v.date, via: v.via, papers: v.papers })),
    },
  },
  {
    kind: "summary",
    key: () => K.summary,
    shapes: {
      "wrong types": json((v) => {
        v.upvotes[2] = '1,"injected":true';
        v.ids = v.ids.replace(/^\S+/, '"x"');
      }),
      "absurd numbers": json((v) => {
        v.upvotes[3] = 1e20;
        v.updated_at = '<bad>&"';
        v.added_at = "9999-99-99";
      }),
      // A content time that is no time, or later than its counters' (none is written so): absent.
      "a content time of the wrong type": json((v) => {
        v.content_at = [1];
      }),
      "a content time past its counters'": json((v) => {
        v.content_at = "9999-12-31T23:59:59Z";
      }),
      // Per-paper counter times that are no times, past the summary's, or of another length: each such
      // entry reads as the summary's own time, as written before they were kept.
      "per-paper counter times damaged": json((v) => {
        v.counted_at = ["x", -1, 1e20, null, 2.5, Date.parse(v.observed_at) / 1000 + 86_400];
      }),
      "older version (2)": json((v) => ({
        v: 2,
        date: v.date,
        updated_at: v.updated_at,
        content: v.content,
        ids: v.ids,
        upvotes: v.upvotes,
      })),
      "retired version (1)": json((v) => ({ ...v, v: 1, ids: v.ids.split(" ") })),
    },
  },
  {
    kind: "search text",
    key: () => K.text,
    shapes: {
      "wrong types": (o) => o.replace(/^search-text 3 (\S+) (\S+) \d+/, "search-text 3 $1 $2 x"),
      "absurd numbers": (o) =>
        o.replace(/^search-text 3 (\S+) (\S+) \d+/, "search-text 3 $1 $2 99999999999999999999"),
      "older version (2)": (o) => o.replace(/^search-text 3 \S+ \S+ /, "search-text 2 "),
      "retired version (1)": () => "2605.00001\tsome text\tsome author\t",
      "the right hash over the wrong content": sections(([ids, text]) => [ids!, shuffleLines(text!)]),
    },
  },
  {
    kind: "brief",
    key: () => K.brief,
    shapes: {
      "wrong types": (o) => o.replace(/^brief 2 (\S+) (\S+) \d+/, "brief 2 $1 $2 x"),
      "absurd numbers": (o) => o.replace(/^brief 2 (\S+) (\S+) \d+/, "brief 2 $1 $2 -5"),
      "older version (1)": (o) => o.replace(/^brief 2 \S+ \S+ /, "brief 1 ").replaceAll("\t", " | "),
      "the right hash over the wrong content": sections(([ids, authors, ...rest]) => [
        ids!,
        shuffleLines(authors!),
        ...rest,
      ]),
    },
  },
  {
    kind: "word index",
    key: () => K.words,
    shapes: {
      "wrong types": (o) => o.replace(/^search-words 2 (\S+) (\S+) \d+/, "search-words 2 $1 $2 x"),
      "absurd numbers": sections(([ids, words]) => [ids!, words!.replace(/\n(\w+)[A-Z]/g, "\n$1~~~")]),
      "older version (1)": (o) => {
        const [head, ids, words] = o.split("\f");
        const content = head!.split(" ")[2]!;
        return [`search-words 1 ${content.length} ${ids!.length} ${words!.length}`, content, ids, words].join(
          "\f",
        );
      },
      "the right hash over the wrong content": sections(([ids, words]) => [
        ids!,
        words!.replace(/[A-Z!-/]+(\n|$)/g, "A$1"),
      ]),
    },
  },
  {
    kind: "history",
    key: () => K.history,
    shapes: {
      "wrong types": json((v) => {
        const [a, b, c] = Object.keys(v.papers);
        v.papers[a!].u = "3";
        v.papers[b!].u = { t: 1 };
        v.papers[c!].u = [null];
      }),
      "absurd numbers": json((v) => {
        const [a, b] = Object.keys(v.papers);
        v.papers[a!].u = [[1e20, 3]];
        v.papers[b!].u = [[Date.parse("2024-10-26T00:00:00Z") / 1000, -7]];
      }),
      "numbers written with leading zeros": json((v) => {
        for (const p of Object.values(v.papers) as { u: string }[])
          p.u = p.u.replace(/(^|[:,])(\d)/g, "$100$2");
      }),
      "a bad point inside a series": json((v) => {
        for (const p of Object.values(v.papers) as { u: string }[]) p.u = p.u.replace(",", ",x:1,");
      }),
      "older version (1)": json((v) => ({
        v: 1,
        date: v.date,
        papers: Object.fromEntries(Object.entries(v.papers).map(([id, p]) => [id, (p as { u: unknown }).u])),
      })),
      "older version (2)": json((v) => {
        v.v = 2;
        for (const p of Object.values(v.papers) as { u: string }[])
          p.u = p.u.split(",").map((point) => point.split(":").map(Number)) as never;
      }),
    },
  },
  {
    kind: "paper record",
    key: (ids) => `paper:${ids[4]}`,
    shapes: {
      "wrong types": json((v) => {
        v.paper.title = 12;
        v.listed_on = [DAY, 7];
        v.updated_at = { at: 1 };
        v.read_at = [1];
      }),
      "absurd numbers": json((v) => {
        v.listed_on = ["2024-02-30", DAY];
        v.paper.summary = "x".repeat(200_000);
        v.updated_at = '<bad>&"';
        v.read_at = "9999-12-31T23:59:59Z";
      }),
      "a page's day that is none": json((v) => {
        v.read_on = "2024-02-30";
      }),
      "a page's day of the wrong type": json((v) => {
        v.read_on = { date: DAY };
      }),
      "older version (2)": json((v) => ({ ...v, v: 2, paper: { ...v.paper, github_stars: 3 } })),
      "retired version (1)": json((v) => v.listed_on),
    },
  },
  {
    kind: "index",
    key: () => DAY_INDEX_KEY,
    shapes: {
      "wrong types": json((v) => {
        v.days[0].count = "many";
        v.updated_at = 12;
        for (const e of v.days) e.words = e.date === DAY ? 12 : ["x"];
      }),
      "a word index named for other content": json((v) => {
        for (const e of v.days) if (e.date === DAY) e.words = "ffffffff";
      }),
      "absurd numbers": json((v) => {
        v.updated_at = '<bad>&"';
        v.days[0].updated_at = "9999-99-99T00:00:00Z";
        v.days.push({ date: "2024-02-30", count: 1e20 });
      }),
      "older version (1)": json((v) => ({ updated_at: v.updated_at, days: v.days })),
      "retired version (a bare array)": json((v) => v.days),
    },
  },
  {
    kind: "run record",
    key: () => "", // the newest, found from the index
    shapes: {
      "wrong types": json((v) => {
        v.report.started_at = '<bad>&"';
        v.observed = "all";
        v.word_indexes = [[DAY, 12], "all", [DAY]];
        v.listings = [["not an id", [DAY]], [12, "all"], "x", ["2605.13301", ["2099-01-01", 7]]];
      }),
      // An observation naming content no value holds (a hash of the right shape) or no hash at all.
      "observations' content": json((v) => {
        if (!v.observed?.length) throw new Error("the run record holds no observation to damage");
        for (const [i, o] of v.observed.entries()) o.content = i % 2 ? 12 : "0".repeat(32);
      }),
      // A content time that is no time, or not before the counters' (none is written so): absent.
      "observations' content time": json((v) => {
        if (!v.observed?.length) throw new Error("the run record holds no observation to damage");
        for (const [i, o] of v.observed.entries()) o.content_at = i % 2 ? [1] : o.at + 86_400 * 365;
      }),
      // Per-paper counter times that are no times, or past the observation's: each reads as its time.
      "observations' per-paper counter times": json((v) => {
        if (!v.observed?.length) throw new Error("the run record holds no observation to damage");
        for (const [i, o] of v.observed.entries()) o.counted_at = i % 2 ? "x" : [o.at + 60, "y", -5, 1.5];
      }),
    },
  },
  {
    kind: "repair queue",
    key: () => REPAIR_QUEUE_KEY,
    shapes: { "wrong types": () => '{"v":1,"days":[1,2]}' },
  },
  { kind: "bootstrap marker", key: () => BOOTSTRAP_KEY, shapes: { "wrong types": () => "{}" } },
];

const CASES = KINDS.flatMap(({ kind, key, shapes }) =>
  Object.entries({ ...GENERIC, ...shapes }).map(([shape, plant]) => ({ kind, key, shape, plant })),
);

/** Every route a reader or a poller may ask, over the damaged day: each must answer, and well. */
async function everyRouteAnswers(ids: string[]): Promise<void> {
  const word = "model";
  const routes: [string, "json" | "xml" | "html"][] = [
    [`/api/papers?date=${DAY}`, "json"],
    [`/api/papers?date=${DAY}&sort=upvotes&q=${word}`, "json"],
    [`/api/papers?date=${DAY}&author=a`, "json"],
    [`/api/papers?from=2024-10-01&to=2024-10-31&sort=rising&org=a`, "json"],
    [`/feed.atom?date=${DAY}`, "xml"],
    [`/feed.rss?date=${DAY}&sort=upvotes`, "xml"],
    [`/feed.atom?digest=day&date=${DAY}`, "xml"],
    [`/feed.json?date=${DAY}&q=${word}`, "json"],
    [`/feed.atom`, "xml"],
    [`/?date=${DAY}`, "html"],
    [`/api/papers/${ids[4]}`, "json"],
    [`/papers/${ids[4]}`, "html"],
    ["/api/days", "json"],
    ["/api/status", "json"],
  ];
  for (const [route, kind] of routes) {
    forgetAnswers();
    forgetIndex();
    const res = await call(route);
    expect(res.status, route).toBeLessThan(500);
    const body = await res.text();
    if (res.status !== 200) continue;
    if (kind === "json") expect(() => JSON.parse(body), route).not.toThrow();
    if (kind === "xml") expect(XMLValidator.validate(body), route).toBe(true);
    const modified = res.headers.get("last-modified");
    if (modified) expect(Number.isNaN(Date.parse(modified)), `${route}: ${modified}`).toBe(false);
  }
  for (const [path, schema] of [
    [`/api/papers?date=${DAY}`, PapersAnswer],
    ["/api/days", DaysAnswer],
    ["/api/status", StatusAnswer],
  ] as const) {
    schema.parse(await (await call(path)).json());
  }
  // No key beyond a paper's declared ones, whatever a stored value held.
  const listed: { papers: Record<string, unknown>[] } = await (await call(`/api/papers?date=${DAY}`)).json();
  for (const p of listed.papers) expect(Object.keys(p).filter((k) => !(k in Paper.shape))).toEqual([]);
  const paper = await call(`/api/papers/${ids[4]}`);
  if (paper.status === 200) PaperAnswer.parse(await paper.json());
}

describe("chaos: every kind of value in every bad shape", () => {
  it.each(CASES)(
    "$kind, $shape: every route answers, a run repairs it, nothing is hidden",
    async ({ key, plant }) => {
      await runScrape(fakeOrigin(), { targets: [DAY] });
      await wordIndexBuilt(DAY);
      const ids = (await storedDay(DAY))!.papers.map((p) => p.id).sort();
      expect(ids).toHaveLength(PAPERS);
      const target = key(ids) || (await storedIndex()).last_run!.key;
      const original = (await env.PAPERS.get(target)) ?? "{}";
      const planted = plant(original, target);
      if (planted === null) await env.PAPERS.delete(target);
      else await env.PAPERS.put(target, planted);

      await everyRouteAnswers(ids);

      // A scheduled run whose own reads find nothing new: its repair pass takes the day.
      const report = await runScrape(
        fakeOrigin(() => new Response("down", { status: 503 })),
        {
          targets: [],
          repair: true,
          now: LATER,
        },
      );
      expect(report.errors).toBeUndefined();
      // Its repair pass checks the day, or (where a run's own write of it was lost) its merge of
      // the last run's observations rewrites it, or (the day being the settled one) its words
      // step rebuilds the word index, leaving the repair pass to the next upkeep run.
      const rebuilt = report.words?.outcome === "indexed" ? report.words.date : undefined;
      expect([report.repair?.date, rebuilt, ...(report.merged_days ?? [])]).toContain(DAY);
      expect(report.repair?.outcome).not.toBe("unreadable");

      forgetAnswers();
      forgetIndex();
      const shown = (await (await call(`/api/papers?date=${DAY}`)).json()) as { papers: { id: string }[] };
      expect(shown.papers.map((p) => p.id).sort()).toEqual(ids);
      const feed = (await (await call(`/feed.json?date=${DAY}`)).json()) as { items: unknown[] };
      expect(feed.items).toHaveLength(PAPERS);
      expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)?.papers).toHaveLength(PAPERS);
      expect(decodeSummary((await env.PAPERS.get(K.summary))!, DAY)).toMatchObject({
        damaged: 0,
        version: 3,
      });
      expect(decodeHistory((await env.PAPERS.get(K.history))!, DAY)).toMatchObject({
        damaged: 0,
        version: HISTORY_VERSION,
      });
      expect(decodeWordIndex((await env.PAPERS.get(K.words))!, DAY)?.intact).toBe(true);
    },
  );
});
