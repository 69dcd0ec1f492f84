// Saving days: what each key holds, what a save writes, and that nothing stored is lost,
// whatever state the stored values are in.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { getDay, saveDay } from "../../src/store/days";
import { keys } from "../../src/store/keys";
import { getPaperRecord } from "../../src/store/paperRecords";
import { asSummary, DayRecord, readDayRecord, STORE_VERSION } from "../../src/store/records";
import { countingKv } from "../fixtures";

const paper = (id: string, upvotes: number, extra: Partial<Paper> = {}): Paper => ({
  id,
  title: `Title ${id}`,
  summary: `Abstract of ${id}`,
  authors: ["Ada Lovelace", "Alan Turing"],
  upvotes,
  date: "2026-05-15",
  url: `https://huggingface.co/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
  ...extra,
});
const T1 = new Date("2026-05-19T06:00:00Z");
const T2 = new Date("2026-05-19T06:30:00Z");
const full = (papers: Paper[]) => ({ date: "2026-05-15", via: "page" as const, papers, partial: false });
const summary = async () => asSummary(await env.PAPERS.get(keys.summary("2026-05-15"), "json"), "2026-05-15");

describe("what a save writes", () => {
  it("the day record (which reads back through the schema), its summary, its search text and brief and each paper's record", async () => {
    const papers = [
      paper("2605.00001", 3, {
        ai_keywords: ["R&D"],
        organization: { name: "hf", fullname: "Hugging Face" },
      }),
    ];
    await saveDay(env.PAPERS, full([...papers, paper("2605.00002", 5)]), T1);
    const stored = DayRecord.parse(await env.PAPERS.get(keys.day("2026-05-15"), "json"));
    expect(stored.v).toBe(STORE_VERSION);
    expect(readDayRecord(stored, "k")?.record.papers).toEqual([...papers, paper("2605.00002", 5)]);
    expect(await summary()).toMatchObject({
      ids: ["2605.00001", "2605.00002"],
      upvotes: [3, 5],
      updated_at: T1.toISOString(),
    });
    // The search text and the brief: a head giving each section's length, then the
    // sections (split by form feeds), a line per paper in each.
    const sections = async (key: string) => {
      const [head, ...rest] = (await env.PAPERS.get(key))!.split("\f");
      expect(head).toMatch(new RegExp(` ${rest.map((s) => s.length).join(" ")}$`));
      return rest;
    };
    expect(await sections(keys.text("2026-05-15"))).toEqual([
      "2605.00001\n2605.00002",
      "title 2605.00001 r&d abstract of 2605.00001\ntitle 2605.00002 abstract of 2605.00002",
    ]);
    expect(await sections(keys.brief("2026-05-15"))).toEqual([
      "2605.00001\n2605.00002",
      "ada lovelace | alan turing\nada lovelace | alan turing",
      "hf | hugging face\n",
      "Title 2605.00001\nTitle 2605.00002",
      "Ada Lovelace\tAlan Turing\nAda Lovelace\tAlan Turing",
    ]);
    // The day record: one JSON value, each paper on a line of its own, id first.
    const lines = (await env.PAPERS.get(keys.day("2026-05-15")))!.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^\{"id":"2605\.00001",.*\},$/);
    expect(lines[2]).toMatch(/^\{"id":"2605\.00002",.*\}$/);
    const record = await getPaperRecord(env.PAPERS, "2605.00001");
    expect(record?.listed_on).toEqual(["2026-05-15"]);
    expect(record?.paper).toMatchObject({
      id: "2605.00001",
      title: "Title 2605.00001",
      ai_keywords: ["R&D"],
    });
    expect(record?.paper).not.toHaveProperty("upvotes");
  });

  it("a re-read with new upvotes writes only the summary and the history; an unchanged re-read writes nothing", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3), paper("2605.00002", 5)]), T1);
    const kv = countingKv(env.PAPERS);
    expect(await saveDay(kv, full([paper("2605.00002", 5), paper("2605.00001", 3)]), T2)).toMatchObject({
      outcome: "unchanged",
    });
    expect(kv.puts).toEqual([]);
    const moved = await saveDay(kv, full([paper("2605.00001", 4), paper("2605.00002", 5)]), T2);
    expect(moved).toEqual({ outcome: "stored", count: 2, updated_at: T2.toISOString() });
    expect(kv.puts).toEqual([keys.summary("2026-05-15"), keys.history("2026-05-15")]);
    expect((await summary())?.upvotes).toEqual([4, 5]);
  });

  it("a change in any other field rewrites the record, the text, the brief and that paper's record", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3)]), T1);
    const kv = countingKv(env.PAPERS);
    await saveDay(kv, full([paper("2605.00001", 3, { github_stars: 12 })]), T2);
    expect(kv.puts.sort()).toEqual(
      [
        keys.day("2026-05-15"),
        keys.summary("2026-05-15"),
        keys.paper("2605.00001"),
        keys.text("2026-05-15"),
        keys.brief("2026-05-15"),
      ].sort(),
    );
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers[0]?.github_stars).toBe(12);
    expect((await getPaperRecord(env.PAPERS, "2605.00001"))?.paper?.github_stars).toBe(12);
  });

  it("versions strictly grow, a second at least, so Last-Modified moves on every change", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3)]), T1);
    const second = await saveDay(env.PAPERS, full([paper("2605.00001", 4)]), new Date(T1.getTime() + 200));
    expect(second.updated_at).toBe("2026-05-19T06:00:01.000Z");
  });
});

describe("nothing stored is lost", () => {
  it("a partial read keeps what it does not carry, and keeps papers it lacks", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3), paper("2605.00002", 5)]), T1);
    const card = paper("2605.00001", 7, { title: "New title", summary: "", authors: [] });
    const outcome = await saveDay(env.PAPERS, { ...full([card]), via: "cards", partial: true }, T2);
    expect(outcome).toMatchObject({ outcome: "merged", count: 2 });
    const day = await getDay(env.PAPERS, "2026-05-15");
    expect(day?.papers.find((p) => p.id === "2605.00001")).toMatchObject({
      title: "New title",
      upvotes: 7,
      summary: "Abstract of 2605.00001",
      authors: ["Ada Lovelace", "Alan Turing"],
    });
    expect(day?.papers.map((p) => p.id).sort()).toEqual(["2605.00001", "2605.00002"]);
  });

  it("papers a re-read lacks keep their newest upvotes, not the record's older ones", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3), paper("2605.00002", 5)]), T1);
    await saveDay(env.PAPERS, full([paper("2605.00001", 3), paper("2605.00002", 9)]), T2); // summary only
    await saveDay(env.PAPERS, full([paper("2605.00001", 4)]), new Date(T2.getTime() + 60_000)); // lacks 00002
    expect((await summary())?.upvotes).toEqual([4, 9]);
  });

  it("an empty read writes nothing and reports what is stored", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3)]), T1);
    const kv = countingKv(env.PAPERS);
    expect(await saveDay(kv, full([]), T2)).toEqual({ outcome: "empty", count: 1 });
    expect(kv.puts).toEqual([]);
  });

  it("one invalid paper in a stored record hides nothing else, and a save keeps it", async () => {
    const valid = Array.from({ length: 39 }, (_, i) => paper(`2605.${String(10000 + i)}`, i));
    const bad = { ...paper("2605.99999", 1), upvotes: -1 };
    const record = { date: "2026-05-15", via: "page", updated_at: T1.toISOString(), papers: [bad, ...valid] };
    await env.PAPERS.put(keys.day("2026-05-15"), JSON.stringify(record));
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers).toHaveLength(39);
    // A partial re-read of 14 papers: the other 25 valid ones stay, and so does the bad entry.
    const outcome = await saveDay(
      env.PAPERS,
      full(valid.slice(0, 14).map((p) => ({ ...p, upvotes: p.upvotes + 1 }))),
      T2,
    );
    expect(outcome).toMatchObject({ outcome: "merged", count: 39 });
    const stored = JSON.parse((await env.PAPERS.get(keys.day("2026-05-15")))!);
    expect(stored.papers).toHaveLength(39);
    expect(stored.invalid).toEqual([bad]);
  });

  it("a day record that is not JSON reads as absent, and a save rebuilds it from the summary and paper records", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3), paper("2605.00002", 5)]), T1);
    await env.PAPERS.put(
      keys.day("2026-05-15"),
      '{"date":"2026-05-15","via":"page","updated_at":"2026-05-19T06:00:00.000Z","pap',
    );
    expect(await getDay(env.PAPERS, "2026-05-15")).toBeNull();
    await saveDay(env.PAPERS, full([paper("2605.00001", 4)]), T2); // a partial list
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers.map((p) => [p.id, p.upvotes])).toEqual([
      ["2605.00001", 4],
      ["2605.00002", 5],
    ]);
  });

  it("a record from the first format (no version, no summary) is read, and migrated by the next save", async () => {
    const record = {
      date: "2026-05-15",
      via: "page",
      updated_at: T1.toISOString(),
      papers: [paper("2605.00001", 3)],
    };
    await env.PAPERS.put(keys.day("2026-05-15"), JSON.stringify(record), {
      metadata: { ids: "x", count: 1 },
    });
    await env.PAPERS.put(keys.paper("2605.00001"), JSON.stringify(["2026-05-15"]));
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers).toEqual(record.papers);
    expect(await saveDay(env.PAPERS, full([paper("2605.00001", 3)]), T2)).toMatchObject({
      outcome: "stored",
    });
    expect((await getDay(env.PAPERS, "2026-05-15"))?.v).toBe(STORE_VERSION);
    expect((await summary())?.ids).toEqual(["2605.00001"]);
    expect((await getPaperRecord(env.PAPERS, "2605.00001"))?.paper?.title).toBe("Title 2605.00001");
  });
});
