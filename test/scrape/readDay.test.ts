import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { ParseError, UpstreamError } from "../../src/scrape/errors";
import { parseCards } from "../../src/scrape/readCards";
import { readDay } from "../../src/scrape/readDay";
import { pageUrl, parsePage, readProps } from "../../src/scrape/readPage";
import { Upstream } from "../../src/scrape/upstream";
import {
  apiResponses,
  COUNTS,
  type FakeOrigin,
  fakeOrigin,
  olderTemplate,
  pages,
  propsOf,
  type RawItem,
} from "../fixtures";

describe("parsePage", () => {
  it("reads the 2026-shape page: the day it shows, all its papers, in page order", () => {
    const day = parsePage(pages["2026-05-15"]!);
    expect(day.date).toBe("2026-05-15");
    expect(day.via).toBe("page");
    expect(day.papers).toHaveLength(COUNTS["2026-05-15"]);
    expect(day.partial).toBe(false);
    expect(day.dropped).toBe(0);
    const top = day.papers.find((p) => p.id === "2605.13301")!;
    expect(top.upvotes).toBe(140);
    expect(top.date).toBe("2026-05-15");
    expect(top.url).toBe("https://huggingface.co/papers/2605.13301");
    expect(top.arxiv_url).toBe("https://arxiv.org/abs/2605.13301");
    expect(top.authors.length).toBeGreaterThan(0);
    expect(top.ai_keywords?.length).toBeGreaterThan(0);
  });

  it("reads the 2024-shape page (no submittedOnDailyAt) using the page's dateString", () => {
    const day = parsePage(pages["2024-10-25"]!);
    expect(day.date).toBe("2024-10-25");
    expect(day.papers).toHaveLength(COUNTS["2024-10-25"]);
    const p = day.papers.find((x) => x.id === "2410.17243")!;
    expect(p.upvotes).toBe(64);
    expect(p.date).toBe("2024-10-25");
    expect(p.authors.slice(0, 2)).toEqual(["Zesen Cheng", "Hang Zhang"]);
    // Old titles carry hard wraps: "Scaling for\n  Contrastive Loss".
    expect(p.title).toBe(
      "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss",
    );
    expect(p.summary).not.toMatch(/\n|\s{2}/);
  });

  it("decodes entities exactly once and keeps the author's text", () => {
    const day = parsePage(pages["2026-05-14"]!);
    const titles = day.papers.map((p) => p.title);
    expect(titles).toContain("Q&A <b>is not a tag</b>: \"Quotes\", 'apostrophes' & AT&T");
    expect(titles).toContain("Ünïcödé — naïve café: 数据 and emoji 🚀🧪");
    // A literal "&amp;" in the author's title stays literal; the bell is dropped.
    expect(titles).toContain("Hard wrapped title with a bell and &amp; literally");
    expect(titles).toContain("Scripts: </script><script>alert(1)</script> & ]]> in a title");
    expect(
      day.papers[0]!.summary.startsWith(
        'First line of an abstract that was hard-wrapped, with <tags> & "quotes". ',
      ),
    ).toBe(true);
  });

  it("leaves hidden authors out and keeps the page's order of the rest", () => {
    const p = parsePage(pages["2026-05-14"]!).papers.find((x) => x.id === "2605.99000")!;
    expect(p.authors).not.toContain("Hidden Person");
    expect(p.authors[0]).toBe("Tuna Han Salih Meral");
  });

  it("keeps only the items of the day the page shows", () => {
    // The real 2026-05-18 API answer mixes 10 items of 05-18 with 40 of 05-15.
    const mixed = JSON.parse(apiResponses["2026-05-18"]!);
    const day = readProps({ dailyPapers: mixed, dateString: "2026-05-18", periodType: "day" });
    expect(day.date).toBe("2026-05-18");
    expect(day.papers).toHaveLength(COUNTS["2026-05-18"]);
    expect(day.otherDay).toBe(40);
    expect(day.papers.every((p) => p.date === "2026-05-18")).toBe(true);
  });

  it("takes the newest item date when a period page names no single day", () => {
    const mixed = JSON.parse(apiResponses["2026-05-18"]!);
    const day = readProps({ dailyPapers: mixed, dateString: "2026-W21", periodType: "week" });
    expect(day.date).toBe("2026-05-18");
  });

  it("drops an item whose title is empty once normalised, and normalises every text it keeps", () => {
    const items = JSON.parse(apiResponses["2026-05-18"]!).slice(0, 3);
    items[0].paper.title = " \u0000 \n ";
    items[1].paper.title = "A\u0007  title\n  wrapped";
    items[1].paper.authors = [{ name: " Zoë\u0000 " }, { name: "\u0001" }, { name: "Hidden", hidden: true }];
    items[1].paper.ai_keywords = ["  deep\u0000 learning ", "\u0002"];
    items[1].organization = { name: " org\uFFFE ", fullname: "  Full\n Name " };
    items[1].paper.organization = undefined;
    const day = readProps({ dailyPapers: items, dateString: "2026-05-18" });
    expect(day.dropped).toBe(1);
    expect(day.papers.map((p) => p.id)).toEqual([items[1].paper.id, items[2].paper.id]);
    expect(day.papers[0]).toMatchObject({
      title: "A title wrapped",
      authors: ["Zoë"],
      ai_keywords: ["deep learning"],
      organization: { name: "org", fullname: "Full Name" },
    });
  });

  it("drops a single invalid item and counts it; fails a day where most items are invalid", () => {
    const items = JSON.parse(apiResponses["2026-05-18"]!).slice(0, 10);
    const broken = structuredClone(items);
    delete broken[0].paper.upvotes;
    const day = readProps({ dailyPapers: broken, dateString: "2026-05-18" });
    expect(day.papers).toHaveLength(9);
    expect(day.dropped).toBe(1);
    const renamed = items.map((i: { paper: Record<string, unknown> }) => ({
      ...i,
      paper: { ...i.paper, upvotes: undefined, upvoteCount: 3 },
    }));
    expect(() => readProps({ dailyPapers: renamed, dateString: "2026-05-18" })).toThrow(
      /10 of 10 items fail validation/,
    );
  });

  it("collapses duplicate ids in one page to one paper", () => {
    const items = JSON.parse(apiResponses["2026-05-18"]!).slice(0, 3);
    const day = readProps({ dailyPapers: [...items, items[0]], dateString: "2026-05-18" });
    expect(day.papers.map((p) => p.id)).toEqual([...new Set(day.papers.map((p) => p.id))]);
    expect(day.papers).toHaveLength(3);
  });

  it("fails with a named error when the element or its JSON is missing", () => {
    expect(() => parsePage("<html><body><article>nothing</article></body></html>")).toThrow(ParseError);
    expect(() =>
      parsePage('<div data-target="DailyPapers" data-props="{&quot;dailyPapers&quot;:[">'),
    ).toThrow(/not valid JSON/);
    expect(() => parsePage('<div data-target="DailyPapers" data-props="{}">')).toThrow(/schema/);
  });
});

describe("readDay", () => {
  const upstream = (origin: FakeOrigin) => new Upstream({ fetch: origin.fetch, sleep: async () => {} });
  const api = (d: string) => `http://hf.test/api/daily_papers?date=${d}&p=0&limit=100`;
  /** The newest list, read on `today` by an archive whose newest stored day is `stored`. */
  const readNewest = (origin: FakeOrigin, today: string, stored: string) =>
    readDay(upstream(origin), "http://hf.test/", undefined, today, async () => stored);

  it("asks the JSON API for a day first, at the configured origin with the project's User-Agent", async () => {
    const origin = fakeOrigin();
    const day = await readDay(upstream(origin), "http://hf.test/", "2026-05-15");
    expect(origin.calls).toEqual(["http://hf.test/api/daily_papers?date=2026-05-15&p=0&limit=100"]);
    expect(origin.lastHeaders?.get("user-agent")).toBe(
      "daily-papers-feed/0.1 (+https://github.com/daily-papers-feed/daily-papers-feed)",
    );
    expect(day.papers).toEqual(parsePage(pages["2026-05-15"]!).papers);
    expect(day.via).toBe("api");
    expect(day.fallbacks).toEqual([]);
  });

  it("reads the newest list from its page, which names its day", async () => {
    const origin = fakeOrigin();
    const day = await readDay(upstream(origin), "http://hf.test/");
    expect(origin.calls).toEqual(["http://hf.test/papers"]);
    expect(day).toMatchObject({ via: "page", date: "2026-05-18", fallbacks: [] });
  });

  it("reads the newest list from the JSON API as the run's day's list, when that day has one", async () => {
    const origin = fakeOrigin();
    let askedForStored = false;
    const stored = async () => {
      askedForStored = true;
      return "2026-05-15";
    };
    const day = await readDay(upstream(origin), "http://hf.test/", undefined, "2026-05-18", stored);
    // The archive's newest day is not even looked up.
    expect(askedForStored).toBe(false);
    expect(origin.calls).toEqual(["http://hf.test/api/daily_papers?date=2026-05-18&p=0&limit=100"]);
    expect(day).toMatchObject({ via: "api", date: "2026-05-18", fallbacks: [] });
  });

  it("reads the newest list from its page when the run's day has no list yet, and says nothing of it", async () => {
    const origin = fakeOrigin();
    const day = await readDay(upstream(origin), "http://hf.test/", undefined, "2026-05-19");
    expect(origin.calls).toEqual([
      "http://hf.test/api/daily_papers?date=2026-05-19&p=0&limit=100",
      "http://hf.test/papers",
    ]);
    expect(day).toMatchObject({ via: "page", date: "2026-05-18", fallbacks: [] });
  });

  it("reads the newest list from the JSON API as the newest stored day's list, when the run's day has none yet", async () => {
    const origin = fakeOrigin();
    // A Tuesday morning before its list: the newest list is Monday's, which the archive has.
    const day = await readNewest(origin, "2026-05-19", "2026-05-18");
    expect(origin.calls).toEqual([
      "http://hf.test/api/daily_papers?date=2026-05-19&p=0&limit=100",
      "http://hf.test/api/daily_papers?date=2026-05-18&p=0&limit=100",
    ]);
    expect(day).toMatchObject({ via: "api", date: "2026-05-18", fallbacks: [] });
    expect(day.papers).toEqual(parsePage(pages["2026-05-18"]!).papers);
  });

  it("asks the JSON API for each day back to the newest stored day: a list after it is the newest", async () => {
    // Monday's list was never stored (the Worker was down): the archive's newest is Friday.
    const origin = fakeOrigin();
    const day = await readNewest(origin, "2026-05-19", "2026-05-15");
    expect(origin.calls).toEqual([api("2026-05-19"), api("2026-05-18")]);
    expect(day).toMatchObject({ via: "api", date: "2026-05-18", fallbacks: [] });
    // A Saturday list (should one come) that was never stored: found the same way on Monday
    // morning, before Monday's list, when the archive's newest is Thursday.
    const saturday = propsOf("2026-05-15").dailyPapers.map((i) => ({
      ...i,
      paper: { ...i.paper, submittedOnDailyAt: "2026-05-16T00:00:00.000Z" },
    }));
    const weekend = fakeOrigin((url) =>
      url.includes("date=2026-05-18")
        ? Response.json([])
        : url.includes("date=2026-05-16")
          ? Response.json(saturday)
          : undefined,
    );
    const monday = await readNewest(weekend, "2026-05-18", "2026-05-14");
    expect(weekend.calls).toEqual([api("2026-05-18"), api("2026-05-17"), api("2026-05-16")]);
    expect(monday).toMatchObject({ via: "api", date: "2026-05-16" });
    expect(monday.papers).toHaveLength(saturday.length);
  });

  it("reads the newest list from its page when the newest stored day is older than a long weekend, or no day back to it is listed", async () => {
    const page = ["http://hf.test/papers"];
    // Stored 5 days before the run's day: only the page names the newest list.
    const old = fakeOrigin();
    const fromOld = await readNewest(old, "2026-05-19", "2026-05-14");
    expect(old.calls).toEqual([api("2026-05-19"), ...page]);
    expect(fromOld).toMatchObject({ via: "page", date: "2026-05-18", fallbacks: [] });
    // The JSON API lists none of the days back to the stored one: the page.
    const empty = fakeOrigin((url) => (url.includes("/api/") ? new Response("[]") : undefined));
    const fromEmpty = await readNewest(empty, "2026-05-19", "2026-05-17");
    expect(empty.calls).toEqual([api("2026-05-19"), api("2026-05-18"), api("2026-05-17"), ...page]);
    expect(fromEmpty).toMatchObject({ via: "page", date: "2026-05-18", fallbacks: [] });
    // The JSON API failing on the way: the page.
    const failing = fakeOrigin((url) =>
      url.includes("date=2026-05-18") ? new Response("down", { status: 503 }) : undefined,
    );
    const fromFailing = await readNewest(failing, "2026-05-19", "2026-05-15");
    expect(failing.calls.at(-1)).toBe(page[0]);
    expect(fromFailing).toMatchObject({ via: "page", date: "2026-05-18" });
  });

  it("goes on to the page for a day the JSON API lists nothing on (a weekend shows the list before)", async () => {
    const origin = fakeOrigin();
    const day = await readDay(upstream(origin), "http://hf.test/", "2026-05-17");
    expect(origin.calls).toEqual([
      "http://hf.test/api/daily_papers?date=2026-05-17&p=0&limit=100",
      "http://hf.test/papers/date/2026-05-17",
    ]);
    expect(day).toMatchObject({ via: "page", date: "2026-05-15", fallbacks: [] });
  });

  it("names the day the page shows, not the day asked for (weekend fall-back)", async () => {
    const day = await readDay(upstream(fakeOrigin()), "http://hf.test", "2026-05-17");
    expect(day.date).toBe("2026-05-15");
  });

  it("turns an upstream error status into an UpstreamError", async () => {
    const origin = fakeOrigin(() => new Response("gone", { status: 404 }));
    await expect(readDay(upstream(origin), "http://hf.test")).rejects.toThrow(UpstreamError);
  });

  it("builds page URLs from the origin", () => {
    expect(pageUrl("http://127.0.0.1:8788")).toBe("http://127.0.0.1:8788/papers");
    expect(pageUrl("https://huggingface.co/", "2026-05-18")).toBe(
      "https://huggingface.co/papers/date/2026-05-18",
    );
  });
});

describe("the fall-backs read the same papers as the page", () => {
  const comparable = (papers: Paper[]) =>
    papers.map(({ id, title, summary, authors, upvotes, date }) => ({
      id,
      title,
      summary,
      authors,
      upvotes,
      date,
    }));
  const noProps = (html: string) => html.replace(/data-target="DailyPapers"/, 'data-target="Redesigned"');

  it("the JSON API gives the same papers as the page, where the newest list's page has no data", async () => {
    const primary = parsePage(pages["2026-05-18"]!);
    const origin = fakeOrigin((url) =>
      new URL(url).pathname === "/papers" ? new Response(noProps(pages["2026-05-18"]!)) : undefined,
    );
    const viaApi = await readDay(new Upstream({ fetch: origin.fetch }), "http://hf.test");
    expect(viaApi.via).toBe("api");
    expect(viaApi.fallbacks[0]).toMatch(/^page: ParseError: no DailyPapers element/);
    expect(origin.calls[1]).toBe("http://hf.test/api/daily_papers?p=0&limit=100");
    expect(viaApi.date).toBe(primary.date);
    expect(viaApi.papers).toEqual(primary.papers);
  });

  it("the cards give the same ids, titles, links and upvotes as the page", () => {
    for (const date of ["2026-05-18", "2026-05-15", "2026-05-14"]) {
      const primary = parsePage(pages[date]!);
      const cards = parseCards(noProps(pages[date]!));
      expect(cards.via).toBe("cards");
      expect(cards.partial).toBe(true);
      expect(cards.date).toBe(primary.date);
      expect(cards.papers.map(({ id, title, url, upvotes }) => ({ id, title, url, upvotes }))).toEqual(
        primary.papers.map(({ id, title, url, upvotes }) => ({ id, title, url, upvotes })),
      );
    }
  });

  it("readDay falls back to the cards when the page JSON and the API both fail", async () => {
    const origin = fakeOrigin((url) =>
      url.includes("/api/")
        ? new Response("<html>maintenance</html>", { status: 200 })
        : new Response(noProps(pages["2026-05-15"]!)),
    );
    const day = await readDay(new Upstream({ fetch: origin.fetch }), "http://hf.test", "2026-05-15");
    expect(day.via).toBe("cards");
    expect(day.fallbacks).toHaveLength(2);
    expect(comparable(day.papers).map((p) => p.id)).toEqual(
      parsePage(pages["2026-05-15"]!).papers.map((p) => p.id),
    );
  });

  it("cards from a page that names no day are not stored under the day asked for", () => {
    const html = noProps(pages["2026-05-15"]!).replace(/<link rel="canonical"[^>]*>/, "");
    expect(() => parseCards(html)).toThrow(/does not say which day/);
  });
});

describe("hostile upstream items", () => {
  it("lose links that are not http(s) and characters XML forbids, at ingest", () => {
    const items = JSON.parse(apiResponses["2026-05-18"]!).slice(0, 1);
    items[0].paper.title = "A title\uFFFF with\uFFFE noise";
    items[0].paper.githubRepo = "javascript:alert(1)";
    items[0].paper.projectPage = "data:text/html,x";
    items[0].thumbnail = "https://example.org/ok.png";
    const [p] = readProps({ dailyPapers: items, dateString: "2026-05-18" }).papers;
    expect(p!.title).toBe("A title with noise");
    expect(p!.github_repo).toBeUndefined();
    expect(p!.project_page).toBeUndefined();
    expect(p!.thumbnail).toBe("https://example.org/ok.png");
  });
});

describe("every upstream string is normalised at ingest", () => {
  /** Every string in a value, however deep. */
  const strings = (v: unknown): string[] =>
    typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(strings) : [];
  const hostile = (patch: (item: RawItem) => void) => {
    const items = JSON.parse(apiResponses["2026-05-18"]!).slice(0, 1);
    patch(items[0]);
    return readProps({ dailyPapers: items, dateString: "2026-05-18" }).papers[0]!;
  };

  it("NUL, U+FFFE and other characters XML forbids leave every field, the organisation's included", () => {
    const p = hostile((item) => {
      item.paper.organization = { name: "ev\u0000il\uFFFE", fullname: "Evil\u0000 Corp\uFFFF" };
      item.paper.authors = [{ name: "Ann\u0000 Author\uFFFE" }];
      item.paper.ai_summary = "sum\uFFFEmary";
      item.paper.ai_keywords = ["key\u0000word", "\uFFFE"];
      item.paper.summary = "abs\u0001tract";
    });
    for (const s of strings(p))
      expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s), s).toBe(false);
    expect(p.organization).toEqual({ name: "evil", fullname: "Evil Corp" });
    expect(p.authors).toEqual(["Ann Author"]);
    expect(p.ai_keywords).toEqual(["keyword"]);
    expect(JSON.stringify(p)).not.toMatch(/\\u0000|\\ufffe/i);
  });

  it("an organisation whose name is nothing once normalised is left out", () => {
    expect(hostile((item) => (item.paper.organization = { name: "\u0000 " })).organization).toBeUndefined();
  });

  it.each([
    ["2026-05-12T20:00:00.000Z", "2026-05-12T20:00:00.000Z"],
    ["2026-05-12T20:00:00+02:00", "2026-05-12T18:00:00.000Z"],
    ["2026-05-12T20:00:00.123456Z", "2026-05-12T20:00:00.123Z"],
    ["not a date", undefined],
    ["2026-05-12T20:00:00.000Z\u0000", undefined],
    ["2026-02-30T00:00:00Z", undefined],
    ["2026-05-12", undefined],
    ["<script>", undefined],
    ["", undefined],
  ])("published_at %j is kept only as a real date-time, in UTC: %j", (value, expected) => {
    const p = hostile((item) => (item.paper.publishedAt = value));
    expect(p.published_at).toBe(expected);
  });

  it("a published_at of the wrong type drops the date, not the paper", () => {
    const p = hostile((item) => (item.paper.publishedAt = 12345));
    expect(p.published_at).toBeUndefined();
    expect(p.title.length).toBeGreaterThan(0);
  });
});

describe("the older page template", () => {
  const older = olderTemplate;

  it("reads the day from `date` when there is no `dateString`", () => {
    const day = parsePage(older);
    expect(day.date).toBe("2024-10-25");
    expect(day.papers).toHaveLength(COUNTS["2024-10-25"]);
    expect(day.papers.every((p) => p.date === "2024-10-25")).toBe(true);
  });

  it("refuses a `date` that does not lie between `prevDate` and `nextDate`", () => {
    const props = JSON.parse(
      older
        .match(/data-target="DailyPapers" data-props="([^"]*)"/)![1]!
        .replaceAll("&quot;", '"')
        .replaceAll("&#39;", "'")
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&amp;", "&"),
    );
    expect(() => readProps({ ...props, date: "2024-10-29T00:00:00.000Z" })).toThrow(
      /between prevDate 2024-10-24 and nextDate 2024-10-28/,
    );
    expect(readProps({ ...props, nextDate: undefined }).date).toBe("2024-10-25");
  });

  it("its cards give the day from <time datetime> when og:url names none, <video> cards included", () => {
    const cards = parseCards(older.replace('data-target="DailyPapers"', 'data-target="Gone"'));
    expect(cards.date).toBe("2024-10-25");
    expect(cards.papers.map((p) => [p.id, p.title, p.upvotes])).toEqual(
      parsePage(older).papers.map((p) => [p.id, p.title, p.upvotes]),
    );
  });
});

describe("a page refused for Hugging Face's page quota", () => {
  it("is read from the JSON API, a quota of its own, when the page quota resets too late", async () => {
    const spent = {
      ratelimit: '"pages";r=0;t=600',
      "ratelimit-policy": '"fixed window";"pages";q=100;w=300',
    };
    const origin = fakeOrigin((url) =>
      new URL(url).pathname === "/papers"
        ? new Response("slow down", { status: 429, headers: spent })
        : undefined,
    );
    const upstream = new Upstream({ fetch: origin.fetch, sleep: async () => {} });
    const day = await readDay(upstream, "http://hf.test");
    expect(day.via).toBe("api");
    expect(day.fallbacks[0]).toMatch(/^page: UpstreamError: upstream answered 429; waiting 600 s would pass/);
    expect(day.papers).toEqual(parsePage(pages["2026-05-18"]!).papers);
    expect(upstream.rateLimited).toMatchObject({ refusals: 1 });
  });
});

describe("a page that answers 5xx", () => {
  it("is read from the JSON API once its retries are spent (the newest list's page)", async () => {
    const origin = fakeOrigin((url) =>
      new URL(url).pathname === "/papers" ? new Response("bad gateway", { status: 502 }) : undefined,
    );
    const day = await readDay(new Upstream({ fetch: origin.fetch, sleep: async () => {} }), "http://hf.test");
    expect(day.via).toBe("api");
    expect(day.fallbacks[0]).toMatch(/^page: UpstreamError: upstream answered 502/);
    expect(day.papers).toEqual(parsePage(pages["2026-05-18"]!).papers);
    expect(origin.calls.filter((u) => u.includes("/api/"))).toHaveLength(1);
  });

  it("fails the day when the JSON API fails too, trying it once", async () => {
    const origin = fakeOrigin(() => new Response("down", { status: 503 }));
    await expect(
      readDay(new Upstream({ fetch: origin.fetch, sleep: async () => {} }), "http://hf.test", "2026-05-18"),
    ).rejects.toThrow(/503/);
    expect(origin.calls.filter((u) => u.includes("/api/"))).toHaveLength(1);
  });
});
