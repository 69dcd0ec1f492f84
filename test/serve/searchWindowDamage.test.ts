// A search over a day the runs still re-read reads its search text alone (no word index is
// built there): that value planted broken hides nothing, and the answer is the one before.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PapersAnswer } from "../../src/serve/answers";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { fakeOrigin } from "../fixtures";
import { answer, call, LATER, runScrape } from "../helpers";
import { dayKeys } from "../stored";

const DAY = "2026-05-15";
const QUERY = `/api/papers?date=${DAY}&q=model`;

const found = async () => {
  forgetAnswers();
  forgetIndex();
  return (await answer(PapersAnswer, QUERY)).papers.map((p) => p.id);
};

describe("a broken search text on a day still re-read", () => {
  // Served an hour after the fixtures' scrape: the day is in the window.
  beforeEach(() => void vi.useFakeTimers({ now: LATER, toFake: ["Date"] }));
  afterEach(() => void vi.useRealTimers());

  it.each([
    ["not JSON", () => "{{{"],
    ["truncated", (t: string) => t.slice(0, t.length / 2)],
    ["of the wrong types", () => JSON.stringify({ v: "x", ids: 5 })],
    ["of an old version", (t: string) => t.replace(/^\S+ \S+/, "text 0")],
    ["missing", () => null],
  ])("%s: every format answers, and the search finds what it found before", async (_, plant) => {
    await runScrape(fakeOrigin());
    const before = await found();
    expect(before.length).toBeGreaterThan(0);
    const key = dayKeys(DAY).text;
    const original = (await env.PAPERS.get(key))!;
    const planted = plant(original);
    expect(planted).not.toBe(original);
    if (planted === null) await env.PAPERS.delete(key);
    else await env.PAPERS.put(key, planted);
    expect(await found()).toEqual(before);
    for (const path of ["/feed.atom", "/feed.rss", "/feed.json", "/"])
      expect((await call(`${path}?date=${DAY}&q=model`)).status, path).toBe(200);
  });
});
