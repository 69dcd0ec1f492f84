// What a selection reads for the page it returns: a whole day record only when the page
// takes most of that day, the papers' own records otherwise; the same papers either way.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { parseListQuery } from "../../src/serve/query";
import { selectPapers } from "../../src/serve/select";
import { getIndex } from "../../src/store/dayIndex";
import { COUNTS, countingKv, fakeOrigin } from "../fixtures";
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
