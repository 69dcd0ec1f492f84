// README, "Rate limiting": past its limit a client is answered 429 having read nothing from KV.
// An archived feed's ETag is made from its week's day summaries, so a request for one is
// counted before they are read, even a revalidation or one whose answer the isolate holds:
// otherwise a made-up If-None-Match and a cache-buster on each request would read up to 7
// KV keys a request with no limit at all.
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { addDays, isoWeekOf } from "../../src/core/dates";
import { forgetAnswers } from "../../src/serve/httpCache";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, NOW, runScrape } from "../helpers";

const DAYS: string[] = [];
for (let d = "2026-04-06"; d <= "2026-05-18"; d = addDays(d, 1)) {
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  if (weekday !== 0 && weekday !== 6 && isoWeekOf(d) !== "2026-W17") DAYS.push(d);
}
const template = propsOf("2026-05-15").dailyPapers;
const origin = () =>
  fakeOrigin((url) => {
    const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0];
    if (!date) return undefined;
    const dailyPapers = template.slice(0, 3).map((item, i) => ({
      ...item,
      paper: {
        ...item.paper,
        id: `${date.slice(2, 4)}${date.slice(5, 7)}.${date.slice(8, 10)}${String(i).padStart(3, "0")}`,
        submittedOnDailyAt: `${date}T00:00:00.000Z`,
      },
    }));
    return new Response(pageWith({ dailyPapers, dateString: date }));
  });

const refusing = { limit: async () => ({ success: false }) } as unknown as RateLimit;

it("a refused revalidation of an archive document reads no day's values", async () => {
  await runScrape(origin(), { targets: DAYS, now: NOW });
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  // The index is read once and kept for 10 s: read it before counting.
  expect((await call("/api/days")).status).toBe(200);
  forgetAnswers();
  const gets: string[] = [];
  const kv = new Proxy(env.PAPERS, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        gets.push(`${String(prop)} ${JSON.stringify(args[0])}`);
        return v.apply(target, args);
      };
    },
  });
  const bindings = { ...env, PAPERS: kv, RENDER_LIMITER: refusing };
  for (let n = 0; n < 3; n++) {
    const res = await call(
      `/feed.atom?week=2026-W16&cb=${n}`,
      { headers: { "if-none-match": '"made-up"' } },
      bindings,
    );
    expect(res.status).toBe(429);
  }
  // The index (kept by the isolate for 10 s) aside: no day's values.
  expect(gets.filter((g) => g !== 'get "days"')).toEqual([]);
});
