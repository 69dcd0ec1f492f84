import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { toIsoDate } from "../../src/core/dates";
import { scrape } from "../../src/scrape/run";
import { countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";

it("a full day of default scheduled runs stays far under the free plan's 1,000 KV writes", {
  timeout: 120_000,
}, async () => {
  // Worst case for KV writes: every day in the window has a list (no weekend repeats),
  // and every paper's upvotes change between any two runs, so every page read changes a day.
  const template = propsOf("2026-05-15").dailyPapers;
  let runs = 0;
  let now = 0;
  const origin = fakeOrigin((url) => {
    const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0] ?? toIsoDate(now);
    const [, mm, dd] = date.split("-");
    const items = template.map((item, i) => ({
      ...item,
      paper: {
        ...item.paper,
        id: `26${mm}.${dd}${String(i).padStart(3, "0")}`,
        submittedOnDailyAt: `${date}T00:00:00.000Z`,
        upvotes: item.paper.upvotes + runs,
      },
    }));
    return new Response(pageWith({ dailyPapers: items, dateString: date }));
  });
  const config = { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7, DAYS_PER_RUN: 1 }; // the defaults
  const runAt = (t: number, kv: KVNamespace, perRun = config.DAYS_PER_RUN) => {
    now = t;
    runs++;
    return scrape({ kv, config: { ...config, DAYS_PER_RUN: perRun }, fetch: origin.fetch, now: t });
  };

  // The evening before: the archive already holds the whole window.
  const start = Date.parse("2026-05-19T00:00:00Z");
  await runAt(start - 15 * 60_000, env.PAPERS, 7);

  const kv = countingKv(env.PAPERS);
  for (let i = 0; i < 48; i++) expect((await runAt(start + i * 30 * 60_000, kv)).ok).toBe(true);

  const by = (prefix: string) => kv.puts.filter((k) => k.startsWith(prefix)).length;
  // 2 changed days a run (the newest list and 1 older day in rotation), the index (its
  // data version moves) and the status record once a run, and the new day's 40 papers once.
  expect(by("day:")).toBe(48 * 2);
  expect(by("days")).toBe(48);
  expect(by("status")).toBe(48);
  expect(by("paper:")).toBe(40);
  expect(kv.puts).toHaveLength(232);
});
