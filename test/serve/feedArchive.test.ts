// Archived feeds (RFC 5005 section 4): walking prev-archive from a feed without day
// parameters (the subscription document), and `next` inside each document, reaches every
// stored paper exactly once, in every format; archive documents are the settled weeks
// before the subscription document's days, marked fh:archive, cached long, with an ETag
// that upvotes do not move.
import { env } from "cloudflare:workers";
import { XMLParser } from "fast-xml-parser";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { addDays, isoWeekOf } from "../../src/core/dates";
import { ARCHIVE_CACHE_CONTROL } from "../../src/serve/feedArchive";
import { EDGE_CACHE_CONTROL, LIST_CACHE_CONTROL } from "../../src/serve/httpCache";
import { jsonFeedErrors, parseAtom } from "../feedValidators";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, LATER, NOW, runScrape, shareStorage, testHost } from "../helpers";

/** Weekdays from Monday 2026-04-06 (W15) to Monday 2026-05-18 (W21), without W17. */
const DAYS: string[] = [];
for (let d = "2026-04-06"; d <= "2026-05-18"; d = addDays(d, 1)) {
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  if (weekday !== 0 && weekday !== 6 && isoWeekOf(d) !== "2026-W17") DAYS.push(d);
}
const PER_DAY = 12;
const TOTAL = DAYS.length * PER_DAY;
const template = propsOf("2026-05-15").dailyPapers;
/** Papers of a synthetic day: unique ids, upvotes 0..11 plus `bump`. */
const itemsOf = (date: string, bump = 0, title?: string) =>
  template.slice(0, PER_DAY).map((item, i) => ({
    ...item,
    paper: {
      ...item.paper,
      id: `${date.slice(2, 4)}${date.slice(5, 7)}.${date.slice(8, 10)}${String(i).padStart(3, "0")}`,
      submittedOnDailyAt: `${date}T00:00:00.000Z`,
      upvotes: i + bump,
      ...(title && i === 0 ? { title } : {}),
    },
  }));
const origin = (bump = 0, title?: string) =>
  fakeOrigin((url) => {
    const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0];
    return date
      ? new Response(pageWith({ dailyPapers: itemsOf(date, bump, title), dateString: date }))
      : undefined;
  });

const fill = () => runScrape(origin(), { targets: DAYS, now: NOW });
// The routes read the clock: a Tuesday, so the window re-reads 2026-05-12 on.
const atNow = () => vi.useFakeTimers({ now: NOW, toFake: ["Date"] });

const local = (url: string) => url.replace(testHost(), "");
const xml = (isArray: string[]) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (n) => isArray.includes(n) });

/** One page of a feed, read in one shape: its entry ids and its links by rel. */
interface Page {
  ids: string[];
  links: Record<string, string | undefined>;
  archive: boolean;
  upvotes: number[];
}
const linksOf = (links: { "@rel": string; "@href": string }[]) =>
  Object.fromEntries(links.map((l) => [l["@rel"], l["@href"]]));
const upvotesIn = (html: string) => Number(html.match(/<strong>(\d+) upvotes?<\/strong>/)?.[1]);

const FORMATS: Record<string, { path: string; read: (body: string) => Page }> = {
  Atom: {
    path: "/feed.atom",
    read: (body) => {
      const { feed, entries } = parseAtom(body);
      return {
        ids: entries.map((e) => e.id),
        links: linksOf(feed.link),
        archive: "fh:archive" in feed,
        upvotes: entries.map((e) => upvotesIn(e.content["#text"])),
      };
    },
  },
  RSS: {
    path: "/feed.rss",
    read: (body) => {
      const channel = xml(["item", "atom:link"]).parse(body).rss.channel;
      const items: { guid: { "#text": string }; description: string }[] = channel.item ?? [];
      return {
        ids: items.map((i) => i.guid["#text"]),
        links: linksOf(channel["atom:link"]),
        archive: "fh:archive" in channel,
        upvotes: items.map((i) => upvotesIn(i.description)),
      };
    },
  },
  "JSON Feed": {
    path: "/feed.json",
    read: (body) => {
      const feed = JSON.parse(body);
      expect(jsonFeedErrors(feed)).toEqual([]);
      return {
        ids: feed.items.map((i: { id: string }) => i.id),
        links: {
          self: feed.feed_url,
          next: feed.next_url,
          "prev-archive": feed._archive?.prev,
          "next-archive": feed._archive?.next,
          current: feed._archive?.current,
        },
        archive: feed._archive?.archive === true,
        upvotes: feed.items.map((i: { _daily_papers: { upvotes: number } }) => i._daily_papers.upvotes),
      };
    },
  },
};

/** Every document from the subscription document back, each with all its pages. */
async function walk(read: (body: string) => Page, start: string, bindings: object = env) {
  const documents: { url: string; archive: boolean; ids: string[]; upvotes: number[]; pages: number }[] = [];
  let url: string | undefined = start;
  while (url && documents.length < 20) {
    const doc = { url, archive: false, ids: [] as string[], upvotes: [] as number[], pages: 0 };
    let prev: string | undefined;
    for (let page: string | undefined = url; page; doc.pages++) {
      const res = await call(local(page), undefined, bindings);
      expect(res.status, page).toBe(200);
      const seen = read(await res.text());
      doc.ids.push(...seen.ids);
      doc.upvotes.push(...seen.upvotes);
      // Every page of a document says the same about the archive.
      if (doc.pages === 0) [doc.archive, prev] = [seen.archive, seen.links["prev-archive"]];
      expect([seen.archive, seen.links["prev-archive"]]).toEqual([doc.archive, prev]);
      page = seen.links.next;
    }
    documents.push(doc);
    url = prev;
  }
  return documents;
}
const weekIn = (url: string) => new URL(url).searchParams.get("week");

describe.each(Object.entries(FORMATS))("%s: walking the archive", (_name, { path, read }) => {
  // These only read: the archive is stored once for the block.
  shareStorage(fill);
  beforeEach(atNow);

  it("from the default feed reaches every stored paper exactly once, paging inside each document", async () => {
    const docs = await walk(read, `${testHost()}${path}?limit=25`);
    // The subscription document: every stored day from Monday 2026-05-04 on (the newest 7
    // stored days begin on 2026-05-08); then the stored weeks before it, W17 having none.
    expect(docs.map((d) => weekIn(d.url))).toEqual([null, "2026-W18", "2026-W16", "2026-W15"]);
    expect(docs.map((d) => d.archive)).toEqual([false, true, true, true]);
    expect(docs[0]!.ids).toHaveLength(11 * PER_DAY);
    expect(docs.map((d) => d.pages)).toEqual([6, 3, 3, 3]);
    const ids = docs.flatMap((d) => d.ids);
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
  });

  it("with FEED_DAYS 1 the subscription document starts at the unsettled days' week, and the walk still sees each paper once", async () => {
    const bindings = { ...env, FEED_DAYS: "1" };
    const docs = await walk(read, `${testHost()}${path}`, bindings);
    // 2026-05-12 is the oldest day the window re-reads: its week (W20) on is the subscription.
    expect(docs.map((d) => weekIn(d.url))).toEqual([null, "2026-W19", "2026-W18", "2026-W16", "2026-W15"]);
    expect(docs[0]!.ids).toHaveLength(6 * PER_DAY);
    const ids = docs.flatMap((d) => d.ids);
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
  });

  it("carries the filters into every archive link, and finds each matching paper once", async () => {
    const docs = await walk(read, `${testHost()}${path}?min_upvotes=9&limit=10`);
    for (const d of docs.slice(1)) expect(new URL(d.url).searchParams.get("min_upvotes")).toBe("9");
    const ids = docs.flatMap((d) => d.ids);
    expect(ids).toHaveLength(DAYS.length * 3); // upvotes 9, 10 and 11 of each day
    expect(new Set(ids).size).toBe(ids.length);
    expect(docs.flatMap((d) => d.upvotes).every((v) => v >= 9)).toBe(true);
  });

  it("links each archive document to its neighbours and to the subscription document", async () => {
    const page = async (q: string) => read(await (await call(`${path}?${q}`)).text());
    const at = (q: string) => `${testHost()}${path}?${q}`;
    const w16 = await page("week=2026-W16&limit=25");
    expect(w16.archive).toBe(true);
    expect(w16.links).toMatchObject({
      "prev-archive": at("week=2026-W15&limit=25"),
      "next-archive": at("week=2026-W18&limit=25"),
      current: at("limit=25"),
    });
    const oldest = await page("week=2026-W15");
    expect(oldest.links["prev-archive"]).toBeUndefined();
    expect(oldest.links["next-archive"]).toBe(at("week=2026-W16"));
    // The newest archive document has no next archive: the subscription document follows it.
    const newest = await page("week=2026-W18");
    expect(newest.links["next-archive"]).toBeUndefined();
    expect(newest.links.current).toBe(`${testHost()}${path}`);
    const subscription = await page("");
    expect(subscription.archive).toBe(false);
    expect(subscription.links["prev-archive"]).toBe(at("week=2026-W18"));
    expect(subscription.links.current).toBeUndefined();
  });

  it("does not mark a week archive that is not settled, nor one the subscription document covers", async () => {
    for (const week of ["2026-W21", "2026-W20", "2026-W19"]) {
      const res = await call(`${path}?week=${week}`);
      const seen = read(await res.text());
      expect(seen.archive, week).toBe(false);
      expect(seen.links["prev-archive"]).toBeUndefined();
      expect(res.headers.get("cache-control")).toBe(LIST_CACHE_CONTROL.browser);
      expect(res.headers.get(EDGE_CACHE_CONTROL)).toBe(LIST_CACHE_CONTROL.edge);
      expect(res.headers.get("etag")).not.toMatch(/^W\//);
    }
  });
});

describe("archive documents over HTTP", () => {
  beforeEach(async () => {
    await fill();
    atNow();
  });
  const W16 = "/feed.atom?week=2026-W16";

  it("are cached long, tagged with their days and the gaps to their neighbours, and answer 304", async () => {
    const res = await call(W16);
    expect(res.headers.get("cache-control")).toBe(ARCHIVE_CACHE_CONTROL.browser);
    expect(res.headers.get(EDGE_CACHE_CONTROL)).toBe(ARCHIVE_CACHE_CONTROL.edge);
    // W15 ends on 2026-04-12 and W18 starts on 2026-04-27: W16 and the empty W17 between.
    const tags = Array.from({ length: 14 }, (_, i) => `d:${addDays("2026-04-13", i)}`);
    expect(res.headers.get("cache-tag")).toBe(tags.join(","));
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect((await call(W16, { headers: { "if-none-match": etag } })).status).toBe(304);
    // One without a neighbour on a side keeps the list answers' lifetime.
    for (const week of ["2026-W15", "2026-W18"]) {
      expect((await call(`/feed.atom?week=${week}`)).headers.get("cache-control")).toBe(
        LIST_CACHE_CONTROL.browser,
      );
    }
  });

  it("keep their ETag when only upvotes change, and change it when content does", async () => {
    const before = (await call(W16)).headers.get("etag");
    vi.useRealTimers();
    await runScrape(origin(5), { targets: ["2026-04-15"], now: LATER });
    vi.useFakeTimers({ now: LATER, toFake: ["Date"] });
    const api = (await (await call("/api/papers?date=2026-04-15&sort=upvotes&limit=1")).json()) as {
      papers: { upvotes: number }[];
    };
    expect(api.papers[0]!.upvotes).toBe(PER_DAY - 1 + 5);
    expect((await call(W16)).headers.get("etag")).toBe(before);
    expect((await call(W16, { headers: { "if-none-match": before! } })).status).toBe(304);

    vi.useRealTimers();
    await runScrape(origin(5, "A corrected title"), { targets: ["2026-04-15"], now: LATER + 60_000 });
    vi.useFakeTimers({ now: LATER + 60_000, toFake: ["Date"] });
    expect((await call(W16)).headers.get("etag")).not.toBe(before);
  });

  it("link a week that gains its first stored day, and their ETags say so", async () => {
    const before = await call(W16);
    const etag = before.headers.get("etag");
    // A day stored in the empty W17 is in W16's Cache-Tags, so the run's invalidation drops it.
    expect(before.headers.get("cache-tag")).toContain("d:2026-04-22");
    vi.useRealTimers();
    await runScrape(origin(), { targets: ["2026-04-22"], now: LATER });
    vi.useFakeTimers({ now: LATER, toFake: ["Date"] });
    const after = await call(W16);
    expect(after.headers.get("etag")).not.toBe(etag);
    const { feed } = parseAtom(await after.text());
    expect(linksOf(feed.link)["next-archive"]).toBe(`${testHost()}/feed.atom?week=2026-W17`);
  });
});
