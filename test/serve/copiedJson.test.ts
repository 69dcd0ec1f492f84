// The JSON API's copied lines (dayLines, listedPaperJson), attacked: a planted day record line
// that passes JSON.parse and the schema check but writes more than was checked is never
// copied into /api/papers; the paper is written again from what was checked.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIMITS, Paper } from "../../src/core/paper";
import { PapersAnswer } from "../../src/serve/answers";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { REPAIR_QUEUE_KEY } from "../../src/store/values/repairQueue";
import { fakeOrigin, version4DayRecord } from "../fixtures";
import { call, runScrape } from "../helpers";
import { dayKeys, storedDay } from "../stored";
import { strictParse } from "../strictJson";

const DAY = "2026-05-15";
const K = dayKeys(DAY);
const PAPER_KEYS = Object.keys(Paper.shape);

/** Scrapes DAY, then rewrites the stored line of the paper `id` (the first with an organization when not given). */
async function plantLine(
  change: (line: string) => string,
  pick = (l: string) => l.includes('"organization"'),
) {
  await runScrape(fakeOrigin(), { targets: [DAY] });
  const text = (await env.PAPERS.get(K.day))!;
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith('{"id":') && pick(l));
  const comma = lines[at]!.endsWith(",");
  const body = comma ? lines[at]!.slice(0, -1) : lines[at]!;
  lines[at] = `${change(body)}${comma ? "," : ""}`;
  await env.PAPERS.put(K.day, lines.join("\n"));
  forgetAnswers();
  forgetIndex();
  return /^\{"id":"([^"]+)"/.exec(body)![1]!;
}

const papersOf = async (path = `/api/papers?date=${DAY}`) => {
  const res = await call(path);
  expect(res.status).toBe(200);
  return res.text();
};

describe("a stored line that writes a member twice", () => {
  it("is written again, not copied: the answer names each member once, and only the checked value", async () => {
    // JSON.parse keeps the last of each name: the checked value is sound and has no extra key,
    // so the line is copied as it is, the shadowed members with it.
    const id = await plantLine((l) =>
      l.replace(
        '"title":',
        '"organization":{"name":"x","injected":true},"title":12,"authors":"not a list","title":',
      ),
    );
    const body = await papersOf();
    const paper = (JSON.parse(body) as { papers: Record<string, unknown>[] }).papers.find(
      (p) => p.id === id,
    )!;
    expect(typeof paper.title).toBe("string"); // JSON.parse's reading is sound…
    // …but the text says more: a reader that keeps the first of a name, or refuses duplicates, does not get it.
    expect(body.includes('"injected"'), "an undeclared key in the answer's text").toBe(false);
    expect(body.includes('"title":12'), "a title that is not a string in the answer's text").toBe(false);
    expect(() => strictParse(body)).not.toThrow();
  });

  it("a repeated id is not copied either", async () => {
    const id = await plantLine((l) =>
      l.replace('"title":', `"id":"${/"id":"([^"]+)"/.exec(l)![1]}","title":`),
    );
    const body = await papersOf();
    expect(body.includes(id)).toBe(true);
    expect(() => strictParse(body)).not.toThrow();
  });

  it("nor a nested member written twice (a null fullname before the real one)", async () => {
    await plantLine((l) => l.replace('"organization":{', '"organization":{"fullname":null,'));
    const body = await papersOf();
    expect(body.includes('"fullname":null'), "a fullname that is not a string in the answer's text").toBe(
      false,
    );
  });
});

describe("a day record that is not JSON as a whole, the wanted lines sound", () => {
  it("notes the day as damaged for the repair pass", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const text = (await env.PAPERS.get(K.day))!;
    const lines = text.split("\n");
    await env.PAPERS.put(K.day, [lines[0], "garbage,", ...lines.slice(1)].join("\n"));
    await env.PAPERS.delete(REPAIR_QUEUE_KEY);
    forgetAnswers();
    forgetIndex();
    expect((await call(`/api/papers?date=${DAY}`)).status).toBe(200);
    expect((await env.PAPERS.get(REPAIR_QUEUE_KEY)) ?? "(no repair queue)").toContain(DAY);
  });
});

describe("a stored line with its members in another order", () => {
  it("is written again: the answer's keys come in Paper's order", async () => {
    const id = await plantLine((l) => {
      // The title moved to the end.
      const title = /"title":"(?:[^"\\]|\\.)*",/.exec(l)![0];
      return `${l.replace(title, "").slice(0, -1)},${title.slice(0, -1)}}`;
    });
    const body = await papersOf();
    const paper = (JSON.parse(body) as { papers: Record<string, unknown>[] }).papers.find(
      (p) => p.id === id,
    )!;
    const keys = Object.keys(paper);
    expect(keys).toEqual(PAPER_KEYS.filter((k) => k in paper));
  });
});

describe("counters a day record's line carries", () => {
  it("a version 5 record's line with counters beyond LIMITS.count: they are not read, the answer keeps its schema once the summary is gone", async () => {
    const id = await plantLine((l) =>
      l.replace('"title":', '"upvotes":900000000000,"github_stars":9007199254740991,"title":'),
    );
    await env.PAPERS.delete(K.summary);
    await env.PAPERS.delete(K.history);
    const body = await papersOf();
    const answer = JSON.parse(body) as { papers: { id: string; upvotes: number }[] };
    const paper = answer.papers.find((p) => p.id === id)!;
    expect(paper.upvotes).toBeLessThanOrEqual(LIMITS.count);
    expect(PapersAnswer.safeParse(answer).success).toBe(true);
  });

  it("a version 4 record with counters beyond LIMITS.count: they are not taken, the answer keeps its schema once the summary is gone", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const papers = (await storedDay(DAY))!.papers;
    await env.PAPERS.put(
      K.day,
      version4DayRecord(
        DAY,
        papers.map((p, i) => ({ ...p, upvotes: i ? p.upvotes : 2 ** 40 })),
      ),
    );
    await env.PAPERS.delete(K.summary);
    await env.PAPERS.delete(K.history);
    forgetAnswers();
    forgetIndex();
    const answer = JSON.parse(await papersOf());
    expect(PapersAnswer.safeParse(answer).success).toBe(true);
  });
});
