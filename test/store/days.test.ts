// Day records: the stored text reads back through the schema, and saving never loses papers.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { type DayMeta, encodeDay, getDay, mergePaper, saveDay } from "../../src/store/days";
import { keys } from "../../src/store/keys";
import { DayRecord } from "../../src/store/records";

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

describe("the stored day", () => {
  it("round-trips through the schema, every field kept", () => {
    const record: DayRecord = {
      date: "2026-05-15",
      via: "page",
      updated_at: T1.toISOString(),
      papers: [
        paper("2605.00001", 3, {
          ai_keywords: ["a & b"],
          organization: { name: "hf", fullname: "Hugging Face" },
        }),
      ],
    };
    expect(DayRecord.parse(JSON.parse(encodeDay(record)))).toEqual(record);
  });

  it("saving writes a record the schema reads back, and metadata that describes it", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3), paper("2605.00002", 5)]), T1);
    const { value, metadata } = await env.PAPERS.getWithMetadata<DayMeta>(keys.day("2026-05-15"), "json");
    expect(DayRecord.parse(value).papers.map((p) => p.id)).toEqual(["2605.00001", "2605.00002"]);
    expect(metadata).toMatchObject({
      count: 2,
      ids: expect.any(String),
      papers: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });
});

describe("saveDay", () => {
  it("an unchanged re-read writes nothing; a changed upvote rewrites the day", async () => {
    const papers = [paper("2605.00001", 3), paper("2605.00002", 5)];
    expect(await saveDay(env.PAPERS, full(papers), T1)).toEqual({ outcome: "stored", count: 2 });
    expect(await saveDay(env.PAPERS, full(papers), T2)).toEqual({ outcome: "unchanged", count: 2 });
    expect((await getDay(env.PAPERS, "2026-05-15"))?.updated_at).toBe(T1.toISOString());
    expect(await saveDay(env.PAPERS, full([paper("2605.00001", 4), paper("2605.00002", 5)]), T2)).toEqual({
      outcome: "stored",
      count: 2,
    });
    expect((await getDay(env.PAPERS, "2026-05-15"))?.updated_at).toBe(T2.toISOString());
  });

  it("notices a change in any field, not only the ones it knows about", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3)]), T1);
    const outcome = await saveDay(env.PAPERS, full([paper("2605.00001", 3, { github_stars: 12 })]), T2);
    expect(outcome.outcome).toBe("stored");
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers[0]?.github_stars).toBe(12);
  });

  it("a record written without a content hash (an older release) is compared by its content", async () => {
    const papers = [paper("2605.00001", 3)];
    const record: DayRecord = { date: "2026-05-15", via: "page", updated_at: T1.toISOString(), papers };
    await env.PAPERS.put(keys.day("2026-05-15"), encodeDay(record), { metadata: { ids: "old", count: 1 } });
    expect((await saveDay(env.PAPERS, full(papers), T2)).outcome).toBe("unchanged");
    expect((await saveDay(env.PAPERS, full([paper("2605.00001", 9)]), T2)).outcome).toBe("stored");
  });

  it("a partial read keeps what it does not carry, and keeps papers it lacks", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3), paper("2605.00002", 5)]), T1);
    const card = paper("2605.00001", 7, { title: "New title", summary: "", authors: [] });
    const outcome = await saveDay(env.PAPERS, { ...full([card]), via: "cards", partial: true }, T2);
    expect(outcome).toEqual({ outcome: "merged", count: 2 });
    const day = await getDay(env.PAPERS, "2026-05-15");
    expect(day?.papers.find((p) => p.id === "2605.00001")).toMatchObject({
      title: "New title",
      upvotes: 7,
      summary: "Abstract of 2605.00001",
      authors: ["Ada Lovelace", "Alan Turing"],
    });
    expect(day?.papers.map((p) => p.id).sort()).toEqual(["2605.00001", "2605.00002"]);
  });

  it("an empty read writes nothing and reports what is stored", async () => {
    await saveDay(env.PAPERS, full([paper("2605.00001", 3)]), T1);
    expect(await saveDay(env.PAPERS, full([]), T2)).toEqual({ outcome: "empty", count: 1 });
  });
});

describe("mergePaper", () => {
  it("takes the fresh read whole unless the read is partial", () => {
    const old = paper("2605.00001", 3);
    const fresh = paper("2605.00001", 4, { summary: "" });
    expect(mergePaper(old, fresh, false)).toBe(fresh);
    expect(mergePaper(old, fresh, true)).toEqual({ ...old, upvotes: 4 });
    expect(mergePaper(undefined, fresh, true)).toBe(fresh);
  });
});
