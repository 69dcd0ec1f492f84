// Cursor paging: following `next` links visits every paper exactly once, in order.
import { describe, expect, it } from "vitest";
import { PapersAnswer } from "../../src/serve/answers";
import { JsonFeedAnswer, jsonFeedErrors, parseAtom } from "../feedValidators";
import { ALL_COUNT, fakeOrigin, MAY_2026_COUNT } from "../fixtures";
import { answer, call, runScrape, shareStorage, testHost } from "../helpers";

// Every test here only reads: the fixtures are scraped once.
shareStorage(() => runScrape(fakeOrigin()));

const local = (url: string) => url.replace(testHost(), "");

describe("paging", () => {
  it("walking /api/papers by its next links returns every paper exactly once", async () => {
    const seen: string[] = [];
    let url: string | null = "/api/papers?month=2026-05&limit=7";
    let pages = 0;
    while (url && pages < 50) {
      const body: PapersAnswer = await answer(PapersAnswer, local(url));
      seen.push(...body.papers.map((p) => `${p.date}/${p.id}`));
      expect(body.total).toBe(MAY_2026_COUNT);
      url = body.next;
      pages++;
    }
    expect(pages).toBe(Math.ceil(MAY_2026_COUNT / 7));
    expect(seen).toHaveLength(MAY_2026_COUNT);
    expect(new Set(seen).size).toBe(MAY_2026_COUNT);
  });

  it("walks sorted by upvotes too", async () => {
    const seen: number[] = [];
    let url: string | null = "/api/papers?month=2026-05&sort=upvotes&limit=10";
    while (url) {
      const body: PapersAnswer = await answer(PapersAnswer, local(url));
      seen.push(...body.papers.map((p) => p.upvotes));
      url = body.next;
    }
    expect(seen).toHaveLength(MAY_2026_COUNT);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it("the JSON Feed has next_url, and every paper of the default feed once", async () => {
    const ids = new Set<string>();
    let url: string | undefined = "/feed.json?limit=20";
    while (url) {
      const raw = await (await call(local(url))).json();
      expect(jsonFeedErrors(raw)).toEqual([]);
      const feed = JsonFeedAnswer.parse(raw);
      for (const i of feed.items) ids.add(i.id);
      url = feed.next_url;
    }
    expect(ids.size).toBe(ALL_COUNT);
  });

  it("the Atom feed has RFC 5005 first and next links, and keeps its id across pages", async () => {
    const first = parseAtom(await (await call("/feed.atom?limit=50")).text());
    const link = (doc: typeof first, rel: string) =>
      doc.feed.link.find((l: { "@rel": string }) => l["@rel"] === rel)?.["@href"];
    expect(link(first, "first")).toBe(`${testHost()}/feed.atom?limit=50`);
    expect(first.entries).toHaveLength(50);
    const second = parseAtom(await (await call(local(link(first, "next")))).text());
    expect(second.entries).toHaveLength(ALL_COUNT - 50);
    expect(link(second, "next")).toBeUndefined();
    expect(second.feed.id).toBe(first.feed.id);
  });
});
