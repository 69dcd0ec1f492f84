// Settling a day (store/settle.ts): what each key holds, what a save writes, that content
// and counters stay apart, and that nothing stored is lost whatever state the values are in.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { contentHash, legacyContentHash } from "../../src/store/content";
import { newRunId } from "../../src/store/runs";
import { type FreshRead, settleDay } from "../../src/store/settle";
import { DAY_RECORD_VERSION, decodeDayRecord, MAX_PAPERS_PER_DAY } from "../../src/store/values/dayRecord";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { countingKv } from "../fixtures";
import { dayKeys, paperRecord, storedDay } from "../stored";

const DAY = "2026-05-15";
const K = dayKeys(DAY);
const paper = (id: string, upvotes: number, extra: Partial<Paper> = {}): Paper => ({
  id,
  upvotes,
  date: DAY,
  title: `Title ${id}`,
  summary: `Abstract of ${id}`,
  authors: ["Ada Lovelace", "Alan Turing"],
  url: `https://huggingface.co/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
  ...extra,
});
const T1 = Date.parse("2026-05-19T06:00:00Z");
const T2 = Date.parse("2026-05-19T06:30:00Z");
const full = (papers: Paper[]): FreshRead => ({ date: DAY, via: "page", papers, partial: false });
const save = (papers: Paper[] | FreshRead, now: number, kv: KVNamespace = env.PAPERS) =>
  settleDay({
    kv,
    date: DAY,
    runId: newRunId(new Date(now).toISOString()),
    now,
    fresh: Array.isArray(papers) ? full(papers) : papers,
  });
const summary = async () => decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;
const ids = (n: number, from = 10000) => Array.from({ length: n }, (_, i) => `2605.${from + i}`);

describe("what a save writes", () => {
  it("the day record (content only), its summary (counters), search text, brief, history and each paper's record", async () => {
    const first = paper("2605.00001", 3, {
      ai_keywords: ["R&D"],
      organization: { name: "hf", fullname: "Hugging Face" },
      github_stars: 7,
      num_comments: 2,
    });
    await save([first, paper("2605.00002", 5)], T1);
    const record = decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!;
    expect(record.version).toBe(DAY_RECORD_VERSION);
    expect(record.papers.map((p) => p.id)).toEqual(["2605.00001", "2605.00002"]);
    // The record holds no counter.
    expect(await env.PAPERS.get(K.day)).not.toMatch(/upvotes|github_stars|num_comments/);
    expect(await summary()).toMatchObject({
      ids: ["2605.00001", "2605.00002"],
      counters: [{ upvotes: 3, github_stars: 7, num_comments: 2 }, { upvotes: 5 }],
      updated_at: new Date(T1).toISOString(),
      content: await contentHash(record.papers),
    });
    // The search text and the brief: a head naming the content hash and each section's
    // length, then the sections (split by form feeds), a line per paper in each.
    const sections = async (key: string) => {
      const [head, ...rest] = (await env.PAPERS.get(key))!.split("\f");
      expect(head).toMatch(new RegExp(` [0-9a-f]{32} [0-9a-f]{8} ${rest.map((s) => s.length).join(" ")}$`));
      return rest;
    };
    expect(await sections(K.text)).toEqual([
      "2605.00001\n2605.00002",
      "title 2605.00001 r&d abstract of 2605.00001\ntitle 2605.00002 abstract of 2605.00002",
    ]);
    expect(await sections(K.brief)).toEqual([
      "2605.00001\n2605.00002",
      "ada lovelace\talan turing\nada lovelace\talan turing",
      "hf\thugging face\n",
      "Title 2605.00001\nTitle 2605.00002",
      "Ada Lovelace\tAlan Turing\nAda Lovelace\tAlan Turing",
    ]);
    // The day record: one JSON value, each paper on a line of its own, id first.
    const lines = (await env.PAPERS.get(K.day))!.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^\{"id":"2605\.00001",.*\},$/);
    const own = await paperRecord("2605.00001");
    expect(own?.listed_on).toEqual([DAY]);
    expect(own?.paper).toMatchObject({ id: "2605.00001", ai_keywords: ["R&D"] });
    expect(own?.paper).not.toHaveProperty("github_stars");
    const history = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!;
    expect(history.papers.get("2605.00001")).toEqual({
      points: [[T1 / 1000, 3]],
      github_stars: 7,
      num_comments: 2,
    });
  });

  it("counters alone (upvotes, stars, comments) write only the history and the summary; an unchanged re-read writes nothing", async () => {
    await save([paper("2605.00001", 3), paper("2605.00002", 5)], T1);
    const kv = countingKv(env.PAPERS);
    expect((await save([paper("2605.00002", 5), paper("2605.00001", 3)], T2, kv)).wrote).toEqual([]);
    expect(kv.puts).toEqual([]);
    for (const [i, moved] of [
      { upvotes: 4 },
      { upvotes: 4, github_stars: 100 },
      { upvotes: 4, github_stars: 100, num_comments: 9 },
    ].entries()) {
      const result = await save(
        [paper("2605.00001", 0, moved), paper("2605.00002", 5)],
        T2 + (i + 1) * 60_000,
        kv,
      );
      expect(result.contentWritten).toBe(false);
      expect(result.wrote).toEqual([K.history, K.summary]);
    }
    expect(kv.puts.every((k) => k === K.history || k === K.summary)).toBe(true);
    expect((await summary()).counters[0]).toEqual({ upvotes: 4, github_stars: 100, num_comments: 9 });
  });

  it("a change in the content rewrites the record, the text, the brief and that paper's record", async () => {
    await save([paper("2605.00001", 3)], T1);
    const kv = countingKv(env.PAPERS);
    await save([paper("2605.00001", 3, { title: "A new title" })], T2, kv);
    expect(kv.puts.sort()).toEqual([K.brief, K.day, K.summary, K.text, "paper:2605.00001"].sort());
    expect((await storedDay(DAY))?.papers[0]?.title).toBe("A new title");
    expect((await paperRecord("2605.00001"))?.paper?.title).toBe("A new title");
  });

  it("versions strictly grow, a second at least, so Last-Modified moves on every change", async () => {
    await save([paper("2605.00001", 3)], T1);
    const second = await save([paper("2605.00001", 4)], T1 + 200);
    expect(second.updated_at).toBe("2026-05-19T06:00:01.000Z");
    // A run stamped earlier than the last change (a cron after an admin run) still moves it
    // forward when it changes the day; its counters, observed earlier, do not replace newer ones.
    const third = await save([paper("2605.00001", 5), paper("2605.00002", 1)], T1 - 3_600_000);
    expect(third.updated_at).toBe("2026-05-19T06:00:02.000Z");
    expect((await summary()).counters.map((c) => c.upvotes)).toEqual([4, 1]);
  });

  it("a summary written by the previous release (version 2) is rewritten alone when the content is the same", async () => {
    const papers = [paper("2605.00001", 3, { github_stars: 4 }), paper("2605.00002", 5)];
    await save(papers, T1);
    const v2 = {
      v: 2,
      date: DAY,
      updated_at: new Date(T1).toISOString(),
      content: await legacyContentHash(papers),
      ids: "2605.00001 2605.00002",
      upvotes: [3, 5],
    };
    await env.PAPERS.put(K.summary, JSON.stringify(v2));
    const kv = countingKv(env.PAPERS);
    await save([paper("2605.00001", 4, { github_stars: 4 }), paper("2605.00002", 5)], T2, kv);
    expect(kv.puts).toEqual([K.history, K.summary]);
    expect((await summary()).version).toBe(3);
  });
});

describe("nothing stored is lost", () => {
  it("a partial read (the cards) keeps what it does not carry, stars and comments included, and keeps papers it lacks", async () => {
    await save([paper("2605.00001", 3, { github_stars: 9 }), paper("2605.00002", 5)], T1);
    const card = paper("2605.00001", 7, { title: "New title", summary: "", authors: [] });
    const result = await save({ ...full([card]), via: "cards", partial: true }, T2);
    expect(result).toMatchObject({ count: 2, kept: 1 });
    const day = await storedDay(DAY);
    expect(day?.papers.find((p) => p.id === "2605.00001")).toMatchObject({
      title: "New title",
      upvotes: 7,
      github_stars: 9,
      summary: "Abstract of 2605.00001",
      authors: ["Ada Lovelace", "Alan Turing"],
    });
    expect(day?.papers.map((p) => p.id).sort()).toEqual(["2605.00001", "2605.00002"]);
  });

  it("papers a re-read lacks keep their newest counters", async () => {
    await save([paper("2605.00001", 3), paper("2605.00002", 5)], T1);
    await save([paper("2605.00001", 3), paper("2605.00002", 9)], T2); // counters only
    await save([paper("2605.00001", 4)], T2 + 60_000); // lacks 00002
    expect((await summary()).counters.map((c) => c.upvotes)).toEqual([4, 9]);
  });

  it("an empty read writes nothing and reports what is stored", async () => {
    await save([paper("2605.00001", 3)], T1);
    const kv = countingKv(env.PAPERS);
    expect(await save([], T2, kv)).toMatchObject({ count: 1, wrote: [] });
    expect(kv.puts).toEqual([]);
  });

  it("one invalid paper in a stored record hides nothing else, and a save keeps it aside", async () => {
    await save(
      ids(39).map((id, i) => paper(id, i)),
      T1,
    );
    const text = (await env.PAPERS.get(K.day))!;
    const bad = { ...paper("2605.99999", 1), title: 12 };
    await env.PAPERS.put(K.day, text.replace('"papers":[\n', `"papers":[\n${JSON.stringify(bad)},\n`));
    expect((await storedDay(DAY))?.papers).toHaveLength(39);
    const result = await save(
      ids(14).map((id, i) => paper(id, i + 1)),
      T2,
    );
    expect(result).toMatchObject({ count: 39, kept: 25 });
    const stored = JSON.parse((await env.PAPERS.get(K.day))!);
    expect([...stored.papers, ...(stored.invalid ?? [])]).toContainEqual(bad);
    expect((await storedDay(DAY))?.papers).toHaveLength(39);
  });

  it("a day record cut short, or deleted, is put together again from the papers' own records", async () => {
    await save([paper("2605.00001", 3), paper("2605.00002", 5)], T1);
    await env.PAPERS.put(K.day, (await env.PAPERS.get(K.day))!.slice(0, 80));
    expect((await storedDay(DAY))?.papers.map((p) => p.id)).toEqual(["2605.00001", "2605.00002"]);
    await save([paper("2605.00001", 4)], T2); // a partial list
    expect((await storedDay(DAY))?.papers.map((p) => [p.id, p.upvotes])).toEqual([
      ["2605.00001", 4],
      ["2605.00002", 5],
    ]);
    expect(decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)?.papers).toHaveLength(2);
  });
});

describe("the cap of papers a day keeps applies after merging", () => {
  it("a day already holding papers keeps them, and new ones fill only the room left", async () => {
    await save(
      ids(250).map((id) => paper(id, 1)),
      T1,
    );
    // Every read shows 300 new ids for the same day.
    for (let run = 0; run < 3; run++) {
      const fresh = ids(300, 20000 + run * 300).map((id) => paper(id, 2));
      const result = await save(fresh, T2 + run * 60_000);
      expect(result.count).toBe(MAX_PAPERS_PER_DAY);
      expect(result.dropped).toBe(run === 0 ? 250 : 300);
    }
    const stored = (await summary()).ids;
    expect(stored).toHaveLength(MAX_PAPERS_PER_DAY);
    expect(ids(250).every((id) => stored.includes(id))).toBe(true);
  });
});
