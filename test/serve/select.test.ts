// What a selection reads for the page it returns: a whole day record only when the page
// takes most of that day, the papers' own records otherwise; the same papers either way.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { PaperJson } from "../../src/core/paper";
import { parseListQuery } from "../../src/serve/query";
import { selectPapers } from "../../src/serve/select";
import { getIndex } from "../../src/store/dayIndex";
import { getDay } from "../../src/store/days";
import { indexWords } from "../../src/store/wordIndex";
import { COUNTS, countingKv, fakeOrigin, version3DayRecord } from "../fixtures";
import { runScrape } from "../helpers";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

const select = async (qs: string) => {
  const kv = countingKv(env.PAPERS);
  const selection = await selectPapers(
    kv,
    await getIndex(env.PAPERS),
    parseListQuery(new URLSearchParams(qs)),
    {
      defaultDays: 7,
    },
  );
  return { ...selection, read: (prefix: string) => kv.gets.filter((k) => k.startsWith(prefix)) };
};
const selectJson = async (qs: string) =>
  selectPapers(env.PAPERS, await getIndex(env.PAPERS), parseListQuery(new URLSearchParams(qs)), {
    defaultDays: 7,
    asJson: true,
  });
const WHOLE_DAY = "date=2026-05-15";
const FROM_RECORDS = "date=2026-05-15&sort=upvotes&limit=25";

describe("reading the page's papers", () => {
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

describe("the papers as JSON text, for the JSON API", () => {
  it("are the same papers, whether from the day record or from the papers' records", async () => {
    for (const qs of [WHOLE_DAY, FROM_RECORDS]) {
      const json = (await selectJson(qs)).papers;
      expect(json.every((p) => p instanceof PaperJson)).toBe(true);
      expect(json.map((p) => JSON.parse(p.json))).toEqual((await select(qs)).papers);
    }
  });

  it("carry the summary's upvotes, which the day record's lines do not have yet", async () => {
    const summary = (await env.PAPERS.get("list:2026-05-15", "json")) as { upvotes: number[] };
    summary.upvotes = summary.upvotes.map((n) => n + 1000);
    await env.PAPERS.put("list:2026-05-15", JSON.stringify(summary));
    for (const qs of [WHOLE_DAY, FROM_RECORDS]) {
      const upvotes = (await selectJson(qs)).papers.map((p) => JSON.parse(p.json).upvotes as number);
      expect(upvotes.every((n) => n >= 1000)).toBe(true);
    }
  });

  it("a paper record cut short or in the older format: the paper comes from its day", async () => {
    const ids = (await select(FROM_RECORDS)).papers.map((p) => p.id);
    const text = (await env.PAPERS.get(`paper:${ids[0]}`))!;
    await env.PAPERS.put(`paper:${ids[0]}`, text.slice(0, -2));
    await env.PAPERS.put(`paper:${ids[1]}`, JSON.stringify(["2026-05-15"]));
    const json = (await selectJson(FROM_RECORDS)).papers;
    expect(json.map((p) => JSON.parse(p.json))).toEqual((await select(FROM_RECORDS)).papers);
    expect(json.map((p) => p.id)).toEqual(ids);
  });

  it("a day record of version 3 (its lines' listing further on) gives the same papers", async () => {
    const before = (await select(WHOLE_DAY)).papers;
    await env.PAPERS.put("day:2026-05-15", version3DayRecord((await getDay(env.PAPERS, "2026-05-15"))!));
    const json = (await selectJson(WHOLE_DAY)).papers;
    expect(json.map((p) => JSON.parse(p.json))).toEqual(before);
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
    expect(await indexWords(env.PAPERS, "2026-05-15")).toBe("indexed");
    const looked = await searched("diffusion");
    expect(looked.words).toEqual(["words:2026-05-15"]);
    expect(looked.text).toEqual([]);
    expect(looked).toMatchObject({ ids: scanned.ids, total: scanned.total });
  });

  it("an index of other content than the summary says is not used: the text is scanned", async () => {
    await indexWords(env.PAPERS, "2026-05-15");
    const summary = (await env.PAPERS.get("list:2026-05-15", "json")) as { content: string };
    await env.PAPERS.put("list:2026-05-15", JSON.stringify({ ...summary, content: "changed since" }));
    expect((await searched("diffusion")).text).toEqual(["text:2026-05-15"]);
  });

  it("a needle across words is scanned for in the text", async () => {
    await indexWords(env.PAPERS, "2026-05-15");
    const { words, text } = await searched("diffusion model");
    expect(words).toEqual([]);
    expect(text).toEqual(["text:2026-05-15"]);
  });
});
