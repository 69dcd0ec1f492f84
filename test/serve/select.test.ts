// What a selection reads for the page it returns: a whole day record only when the page
// takes most of that day, the papers' own records otherwise; the same papers either way.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { selectPapers } from "../../src/serve/select";
import { Archive } from "../../src/store/archive";
import { COUNTS, countingKv, fakeOrigin, version4DayRecord } from "../fixtures";
import { runScrape } from "../helpers";
import { planFor, wordIndexBuilt } from "../stored";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

const select = async (qs: string) => {
  const kv = countingKv(env.PAPERS);
  const plan = await planFor("/api/papers", qs);
  const selection = await selectPapers(new Archive(kv, plan.covered), plan);
  return { ...selection, read: (prefix: string) => kv.gets.filter((k) => k.startsWith(prefix)) };
};
const WHOLE_DAY = "date=2026-05-15";
const FROM_RECORDS = "date=2026-05-15&sort=upvotes&limit=25";

describe("reading the page's papers", () => {
  it("the JSON API's page copies its papers' stored lines; a feed's, which renders them, does not look for copies", async () => {
    const json = await selectPapers(new Archive(env.PAPERS), await planFor("/api/papers", WHOLE_DAY));
    expect(json.papersJson).toHaveLength(json.papers.length);
    expect(json.papersJson!.every((j, i) => JSON.parse(j!).id === json.papers[i]!.id)).toBe(true);
    const archive = new Archive(env.PAPERS);
    const atom = await selectPapers(archive, await planFor("/feed.atom", WHOLE_DAY));
    expect(atom.papersJson).toBeUndefined();
    expect(atom.papers.map((p) => p.id)).toEqual(json.papers.map((p) => p.id));
    expect(atom.papers.map(archive.jsonOf)).toEqual(atom.papers.map(() => undefined));
  });

  it("a page that takes a whole day reads the day's record, not its papers' records", async () => {
    const { papers, read } = await select("date=2026-05-15");
    expect(papers).toHaveLength(COUNTS["2026-05-15"]);
    expect(read("day:")).toEqual(["day:2026-05-15"]);
    expect(read("paper:")).toEqual([]);
  });

  it("a page that takes less than four in five of a day's papers reads their records, and no day", async () => {
    const { papers, read } = await select("date=2026-05-15&sort=upvotes&limit=25"); // 25 of 40
    expect(papers).toHaveLength(25);
    expect(read("day:")).toEqual([]);
    expect(read("paper:").sort()).toEqual(papers.map((p) => `paper:${p.id}`).sort());
    // ...and one that takes four in five or more reads the day.
    expect((await select("date=2026-05-15&sort=upvotes&limit=32")).read("paper:")).toEqual([]);
  });

  it("both give the same papers", async () => {
    const some = (await select("date=2026-05-15&sort=upvotes&limit=5")).papers;
    const all = (await select("date=2026-05-15&sort=upvotes")).papers;
    expect(some).toEqual(all.slice(0, 5));
  });
});

describe("papers from either source", () => {
  it("carry the summary's counters, which the day record does not hold", async () => {
    const summary = JSON.parse((await env.PAPERS.get("list:2026-05-15"))!) as {
      upvotes: number[];
      ids: string;
    };
    const first = summary.ids.split(" ")[0]!;
    for (const qs of [WHOLE_DAY, FROM_RECORDS]) {
      const paper = (await select(qs)).papers.find((p) => p.id === first);
      if (paper) expect(paper.upvotes).toBe(summary.upvotes[0]);
    }
  });

  it("a paper record cut short: the paper comes from its day record", async () => {
    const { papers } = await select(FROM_RECORDS);
    const id = papers[0]!.id;
    const text = (await env.PAPERS.get(`paper:${id}`))!;
    await env.PAPERS.put(`paper:${id}`, text.slice(0, text.length - 10));
    expect((await select(FROM_RECORDS)).papers).toEqual(papers);
  });

  it("a day record of version 4 (counters in its lines) gives the same papers", async () => {
    const before = (await select(WHOLE_DAY)).papers;
    await env.PAPERS.put("day:2026-05-15", version4DayRecord("2026-05-15", before));
    expect((await select(WHOLE_DAY)).papers).toEqual(before);
  });
});

describe("q= and the word index", () => {
  const DAY = "date=2026-05-15";
  const searched = async (needle: string) => {
    const { papers, total, read } = await select(`${DAY}&q=${encodeURIComponent(needle)}`);
    return { ids: papers.map((p) => p.id), total, words: read("words:"), text: read("text:") };
  };

  it("a needle within a word is looked up in the day's current index, not its text, with the same answer", async () => {
    const scanned = await searched("diffusion");
    expect(scanned.total).toBeGreaterThan(0);
    expect(scanned.text).toEqual(["text:2026-05-15"]); // no index yet
    expect(await wordIndexBuilt("2026-05-15")).toBe("indexed");
    const looked = await searched("diffusion");
    expect(looked.words).toEqual(["words:2026-05-15"]);
    expect(looked.text).toEqual([]);
    expect(looked).toMatchObject({ ids: scanned.ids, total: scanned.total });
  });

  it("an index of other content than the summary says is not used: the text is scanned", async () => {
    await wordIndexBuilt("2026-05-15");
    const right = await searched("diffusion");
    const summary = (await env.PAPERS.get("list:2026-05-15", "json")) as { content: string };
    await env.PAPERS.put("list:2026-05-15", JSON.stringify({ ...summary, content: "0".repeat(32) }));
    const scanned = await searched("diffusion");
    expect(scanned.text).toEqual(["text:2026-05-15"]);
    expect(scanned).toMatchObject({ ids: right.ids, total: right.total });
  });

  it("a needle across words is scanned for in the text", async () => {
    await wordIndexBuilt("2026-05-15");
    const { words, text } = await searched("diffusion model");
    expect(words).toEqual([]);
    expect(text).toEqual(["text:2026-05-15"]);
  });
});
