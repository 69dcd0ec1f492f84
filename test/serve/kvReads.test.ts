// What an uncached answer reads from KV: no key twice, and at most one key per returned
// paper, plus one per covered day for its summary and one per covered day for each filter
// that reads a value of its own (q=, author=, org=, sort=rising), plus the index and the
// last run. The front page also draws each paper's upvotes from its day's history, the
// value sort=rising reads: one more per day, read once for both. KV bills every key a bulk read names (developers.cloudflare.com/kv/platform/pricing/).
import { describe, expect, it, vi } from "vitest";
import { fakeOrigin } from "../fixtures";
import { keysRead, LATER, runScrape, shareStorage } from "../helpers";

shareStorage(() => runScrape(fakeOrigin()));

const QUERIES = [
  "month=2026-05",
  "month=2026-05&sort=upvotes&limit=30",
  "month=2026-05&q=model",
  "month=2026-05&author=wang",
  "month=2026-05&org=a",
  "month=2026-05&sort=rising",
  "month=2026-05&q=model&author=a&org=a&sort=rising",
  "from=2026-05-01&to=2026-05-31&q=language%20model&limit=7",
];

describe("KV keys an uncached answer reads", () => {
  it.each(QUERIES)("%s: none twice, and within the bound, in every format", async (qs) => {
    const api = await keysRead(`/api/papers?${qs}`);
    const { count, days } = JSON.parse(api.body) as { count: number; days: string[] };
    const params = new URLSearchParams(qs);
    const filters =
      ["q", "author", "org"].filter((k) => params.has(k)).length + Number(params.get("sort") === "rising");
    const bound = count + days.length * (1 + filters) + 2;
    for (const path of ["/api/papers", "/feed.atom", "/feed.rss", "/feed.json", "/"]) {
      const { gets } = path === "/api/papers" ? api : await keysRead(`${path}?${qs}`);
      const twice = gets.filter((k, i) => gets.indexOf(k) !== i);
      expect(twice, `${path}?${qs}`).toEqual([]);
      const histories = path === "/" && params.get("sort") !== "rising" ? days.length : 0;
      expect(gets.length, `${path}?${qs}: ${gets.join(" ")}`).toBeLessThanOrEqual(bound + histories);
    }
  });
});

describe("a search over the days the runs still re-read", () => {
  it("looks for no word index there (those are built for settled days only), only the search text", async () => {
    // Served an hour after the fixtures' scrape: every May day is still in the window.
    vi.useFakeTimers({ now: LATER, toFake: ["Date"] });
    try {
      const { gets, body } = await keysRead("/api/papers?month=2026-05&q=model");
      const days = (JSON.parse(body) as { days: string[] }).days;
      expect(gets.filter((k) => k.startsWith("words:"))).toEqual([]);
      expect(gets.filter((k) => k.startsWith("text:")).sort()).toEqual(days.map((d) => `text:${d}`).sort());
    } finally {
      vi.useRealTimers();
    }
  });
});
