// Damaged comments-and-stars times planted in the values that keep them: the summary's `stars_at`,
// the history's `t` and a run record's `stars_at`. Each hides only itself: every route that shows
// the day answers, every run settles, the next read's counters replace the damaged value's with a
// value in a sound shape, and no counter moves back.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeHistory } from "../../src/store/values/history";
import { decodeSummary } from "../../src/store/values/summary";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, forgetStored, NOW, runScrape } from "../helpers";
import { dayKeys } from "../stored";
import { plantRunRecord } from "./attackShared";

const DAY = "2026-05-18";
const K = dayKeys(DAY);
const MIN = 60_000;
const ids = propsOf(DAY).dailyPapers.map((i) => i.paper.id);

/** The day's page with every paper at `upvotes` upvotes, `stars` stars and as many comments. */
const pageAt = (upvotes: number, stars: number) => {
  const props = propsOf(DAY);
  for (const item of props.dailyPapers) {
    item.paper.upvotes = upvotes;
    item.paper.githubStars = stars;
    item.numComments = stars;
  }
  return fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined));
};

/** Every route that shows the day, uncached: each must answer 200. */
async function routesAnswer(why: string) {
  for (const path of [
    `/api/papers?date=${DAY}`,
    `/feed.atom?date=${DAY}`,
    `/papers/${ids[0]}`,
    `/api/papers/${ids[0]}`,
    `/?date=${DAY}&sort=rising`,
  ]) {
    forgetStored();
    const res = await call(path);
    expect(res.status, `${why}: ${path}`).toBe(200);
    await res.text();
  }
}

const summaryOf = async () => decodeSummary((await env.PAPERS.get(K.summary))!, DAY)!;

/** The summary's stars and comments of each paper, and whether its times are in a sound shape. */
async function servedStars() {
  const text = (await env.PAPERS.get(K.summary))!;
  const s = decodeSummary(text, DAY)!;
  const raw = JSON.parse(text);
  const observed = Math.floor(Date.parse(s.observed_at) / 1000);
  const sound =
    raw.stars_at === undefined ||
    (Array.isArray(raw.stars_at) &&
      raw.stars_at.length === s.ids.length &&
      raw.stars_at.every(
        (t: unknown, i: number) =>
          t === null ||
          (Number.isSafeInteger(t) && (t as number) >= 0 && (t as number) < (s.counted_at?.[i] ?? observed)),
      ));
  return {
    stars: s.counters.map((c) => [c.github_stars, c.num_comments]),
    sound,
    upvotes: s.counters.map((c) => c.upvotes),
  };
}

const FUTURE = Date.parse("9000-01-01T00:00:00Z") / 1000;
const damagedTimes: unknown[] = [
  "x",
  5,
  null,
  {},
  true,
  [],
  [-1],
  ["NaN", "1e9", null, -5, 1.5, 1e300, FUTURE, 2 ** 53, [1], { t: 1 }],
  Array(500).fill(FUTURE),
  Array(ids.length).fill(-1),
  Array(ids.length).fill(FUTURE),
  Array(ids.length).fill(NOW / 1000 + 3600),
];

it("a summary's damaged stars_at hides only itself", async () => {
  await runScrape(pageAt(5, 40), { targets: [DAY], now: NOW });
  let stars = 40;
  for (const [k, v] of damagedTimes.entries()) {
    const raw = JSON.parse((await env.PAPERS.get(K.summary))!);
    raw.stars_at = v;
    await env.PAPERS.put(K.summary, JSON.stringify(raw));
    const why = `stars_at ${JSON.stringify(v)?.slice(0, 80)}`;
    expect((await summaryOf()).ids, why).toEqual(ids);
    await routesAnswer(why);
    // A run that reads the same counters, then one that reads more stars.
    const again = await runScrape(pageAt(5, stars), { targets: [DAY], now: NOW + (2 * k + 1) * 10 * MIN });
    expect(again.ok, why).toBe(true);
    expect((await servedStars()).stars, `${why}: after a read of the same`).toEqual(
      ids.map(() => [stars, stars]),
    );
    stars++;
    const moved = await runScrape(pageAt(5, stars), { targets: [DAY], now: NOW + (2 * k + 2) * 10 * MIN });
    expect(moved.ok, why).toBe(true);
    const after = await servedStars();
    expect(after.stars, `${why}: after a read of more`).toEqual(ids.map(() => [stars, stars]));
    expect(after.upvotes, why).toEqual(ids.map(() => 5));
    expect(after.sound, `${why}: rewritten sound`).toBe(true);
    await routesAnswer(`${why}, after`);
  }
}, 120_000);

it("a history's damaged t hides only itself", async () => {
  await runScrape(pageAt(5, 40), { targets: [DAY], now: NOW });
  let stars = 40;
  const tValues: unknown[] = [
    -1,
    "NaN",
    "x",
    1e300,
    FUTURE,
    2 ** 53,
    NOW / 1000 + 3600,
    NOW / 1000 + 3 * 86_400,
    [1],
    {},
    true,
    null,
    1.5,
  ];
  for (const [k, v] of tValues.entries()) {
    const raw = JSON.parse((await env.PAPERS.get(K.history))!);
    for (const id of ids) raw.papers[id].t = v;
    await env.PAPERS.put(K.history, JSON.stringify(raw));
    const why = `t ${JSON.stringify(v)}`;
    await routesAnswer(why);
    const at = NOW + (k + 1) * 10 * MIN;
    stars++;
    const moved = await runScrape(pageAt(5, stars), { targets: [DAY], now: at });
    expect(moved.ok, why).toBe(true);
    expect((await servedStars()).stars, `${why}: the summary`).toEqual(ids.map(() => [stars, stars]));
    const h = decodeHistory((await env.PAPERS.get(K.history))!, DAY)!;
    expect(
      ids.map((id) => [h.papers.get(id)?.github_stars, h.papers.get(id)?.num_comments]),
      `${why}: the history`,
    ).toEqual(ids.map(() => [stars, stars]));
    const written = JSON.parse((await env.PAPERS.get(K.history))!);
    for (const id of ids) {
      const t = written.papers[id].t;
      expect(
        t === undefined || (Number.isSafeInteger(t) && t >= 0 && t <= at / 1000),
        `${why}: ${id}'s t ${t}`,
      ).toBe(true);
    }
    await routesAnswer(`${why}, after`);
  }
}, 120_000);

it("a run record's damaged stars_at: the fold settles, and no counter moves back", async () => {
  await runScrape(pageAt(5, 40), { targets: [DAY], now: NOW });
  await runScrape(pageAt(6, 50), { targets: [DAY], now: NOW + 10 * MIN });
  const template = (await env.PAPERS.list({ prefix: "run:" })).keys.map((k) => k.name).sort()[0]!;
  const text = (await env.PAPERS.get(template))!;
  const at = Math.floor((NOW + 5 * MIN) / 1000);
  let k = 0;
  for (const v of damagedTimes) {
    k++;
    // An older run's record of older counters, its stars dated by a damaged stars_at: past the run, or
    // of the wrong type or length.
    await plantRunRecord(env.PAPERS, text, NOW + 5 * MIN, [
      {
        date: DAY,
        at,
        ids: ids.join(" "),
        counters: ids.map(() => [5, 45, 45]),
        ...({ stars_at: v } as object),
      },
    ]);
    const why = `stars_at ${JSON.stringify(v)?.slice(0, 80)}`;
    const report = await runScrape(pageAt(6, 50), { targets: [DAY], now: NOW + (10 + k) * 10 * MIN });
    expect(report.ok, why).toBe(true);
    const after = await servedStars();
    expect(after.stars, why).toEqual(ids.map(() => [50, 50]));
    expect(after.upvotes, why).toEqual(ids.map(() => 6));
    expect(after.sound, why).toBe(true);
    await routesAnswer(why);
  }
}, 120_000);
