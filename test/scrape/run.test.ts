import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CRON_INTERVAL_MINUTES } from "../../src/core/schedule";
import worker from "../../src/index";
import { scheduledRun, scrape, windowTargets } from "../../src/scrape/run";
import { statusAnswer } from "../../src/serve/status";
import { readIndex, readLastReport } from "../../src/store/days";
import { REPAIR_QUEUE_KEY } from "../../src/store/values/repairQueue";
import { storedIndex as getIndexOf, paperRecord, storedDay } from "../stored";

const getPaperDates = async (id: string) => (await paperRecord(id))?.listed_on ?? [];
const getDay = (_kv: KVNamespace, date: string) => storedDay(date);
const getIndex = (_kv: KVNamespace) => getIndexOf();

import wranglerToml from "../../wrangler.toml?raw";
import { countingKv, type FakeOrigin, fakeOrigin, pages, pageWith, propsOf } from "../fixtures";
import { LATER, NOW, routeFetchTo, runScrape as run, sleeps } from "../helpers";

const status = async () => {
  const index = await readIndex(env.PAPERS);
  return statusAnswer(index, await readLastReport(env.PAPERS, index), LATER, 180);
};
const answer = (body: string, init?: ResponseInit) => () => new Response(body, init);
/** Answers `page` for Friday's page and 503 for the JSON API, the fixtures otherwise. */
const friday = (page: () => Response | Promise<Response>) =>
  fakeOrigin((url) =>
    url.includes("/api/")
      ? new Response("down", { status: 503 })
      : url.endsWith("2026-05-15")
        ? page()
        : undefined,
  );

describe("windowTargets", () => {
  it("numbers runs by the cron's interval, which wrangler.toml schedules", () => {
    expect(wranglerToml).toMatch(
      new RegExp(`^crons = \\["\\*/${CRON_INTERVAL_MINUTES} \\* \\* \\* \\*"\\]$`, "m"),
    );
  });

  it("is the newest list and the 7 days before the run's date", () => {
    expect(windowTargets(NOW, 7)).toEqual([
      "latest",
      "2026-05-18",
      "2026-05-17",
      "2026-05-16",
      "2026-05-15",
      "2026-05-14",
      "2026-05-13",
      "2026-05-12",
    ]);
  });

  it("reads 2 older days a run in rotation, so every day of the window comes round every 3.5 runs", () => {
    const day = Date.parse("2026-05-19T00:00:00Z");
    const runs = Array.from({ length: 48 }, (_, i) => windowTargets(day + i * 30 * 60_000, 7, 2));
    expect(runs.every((r) => r.length === 3 && r[0] === "latest")).toBe(true);
    const reads = new Map<string, number>();
    for (const r of runs) for (const d of r.slice(1)) reads.set(d, (reads.get(d) ?? 0) + 1);
    expect([...reads.keys()].sort()).toEqual([
      "2026-05-12",
      "2026-05-13",
      "2026-05-14",
      "2026-05-15",
      "2026-05-16",
      "2026-05-17",
      "2026-05-18",
    ]);
    expect(Math.min(...reads.values())).toBeGreaterThanOrEqual(13);
    // Consecutive runs read different days.
    expect(runs[0]!.slice(1)).not.toEqual(runs[1]!.slice(1));
  });

  it("with the default of 1 older day a run, each day of the window is read 6 or 7 times a day", () => {
    const day = Date.parse("2026-05-19T00:00:00Z");
    const reads = new Map<string, number>();
    for (let i = 0; i < 48; i++)
      for (const d of windowTargets(day + i * 30 * 60_000, 7, 1).slice(1))
        reads.set(d, (reads.get(d) ?? 0) + 1);
    expect(reads.size).toBe(7);
    expect([...reads.values()].every((n) => n === 6 || n === 7)).toBe(true);
  });
});

describe("scheduledRun", () => {
  it("gives each task one run in three, so each comes round every 30 minutes, and every window weekday is read", () => {
    const day = Date.parse("2026-05-19T00:00:00Z");
    const runs = Array.from({ length: 144 }, (_, i) =>
      scheduledRun(day + i * CRON_INTERVAL_MINUTES * 60_000, 7, 1),
    );
    expect(CRON_INTERVAL_MINUTES * 3).toBe(30);
    for (const [n, task] of ["newest", "window", "upkeep"].entries())
      expect(runs.filter((r, i) => r.task === task && i % 3 === n)).toHaveLength(48);
    expect(
      runs.filter((r) => r.task === "newest").every((r) => r.targets.join() === "latest" && !r.repair),
    ).toBe(true);
    expect(runs.filter((r) => r.task === "upkeep").every((r) => r.targets.length === 0 && r.repair)).toBe(
      true,
    );
    const windows = runs.filter((r) => r.task === "window");
    expect(windows.every((r) => r.targets.length === 1 && !r.repair)).toBe(true);
    const reads = new Map<string, number>();
    for (const r of windows) reads.set(r.targets[0]!, (reads.get(r.targets[0]!) ?? 0) + 1);
    // The window's five weekdays (a Tuesday's window: Monday back to last Tuesday), each 9 or
    // 10 times a day; no Saturday or Sunday, which Hugging Face lists nothing on.
    expect([...reads.keys()].sort()).toEqual([
      "2026-05-12",
      "2026-05-13",
      "2026-05-14",
      "2026-05-15",
      "2026-05-18",
    ]);
    expect([...reads.values()].every((n) => n === 9 || n === 10)).toBe(true);
    // A larger DAYS_PER_RUN reads that many days in the window's run, at most its weekdays.
    expect(scheduledRun(day + CRON_INTERVAL_MINUTES * 60_000, 7, 2).targets).toHaveLength(2);
    expect(scheduledRun(day + CRON_INTERVAL_MINUTES * 60_000, 7, 7).targets).toHaveLength(5);
  });
});

describe("scrape", () => {
  it("stores each listed day under the day the page shows, with an index", async () => {
    const origin = fakeOrigin();
    const report = await run(origin);
    // The newest list as the run's day's from the JSON API (2026-05-19 has none yet), then from
    // its page; each dated day from the JSON API, and from its page where the API has nothing
    // for it (a weekend, a day without a list: the page shows the list before).
    const api = (d: string) => `http://hf.test/api/daily_papers?date=${d}&p=0&limit=100`;
    const page = (d: string) => `http://hf.test/papers/date/${d}`;
    expect(origin.calls).toEqual([
      api("2026-05-19"),
      "http://hf.test/papers",
      api("2026-05-18"),
      api("2026-05-17"),
      page("2026-05-17"),
      api("2026-05-16"),
      page("2026-05-16"),
      api("2026-05-15"),
      api("2026-05-14"),
      api("2026-05-13"),
      page("2026-05-13"),
      api("2026-05-12"),
      page("2026-05-12"),
    ]);
    expect(report.days.map((d) => [d.asked, d.date, d.via])).toEqual([
      ["latest", "2026-05-18", "page"],
      ["2026-05-18", "2026-05-18", "api"],
      ["2026-05-17", "2026-05-15", "page"],
      ["2026-05-16", "2026-05-15", "page"],
      ["2026-05-15", "2026-05-15", "api"],
      ["2026-05-14", "2026-05-14", "api"],
      ["2026-05-13", "2024-10-25", "page"],
      ["2026-05-12", "2024-10-25", "page"],
    ]);
    expect(report.ok).toBe(true);

    const mon = await getDay(env.PAPERS, "2026-05-18");
    expect(mon?.papers).toHaveLength(10);
    expect(mon?.updated_at).toBe("2026-05-19T06:00:00.000Z");
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers).toHaveLength(40);
    const index = await getIndex(env.PAPERS);
    expect(index.days.slice(0, 3)).toEqual([
      { date: "2026-05-18", count: 10, updated_at: "2026-05-19T06:00:00.000Z" },
      { date: "2026-05-15", count: 40, updated_at: "2026-05-19T06:00:00.000Z" },
      { date: "2026-05-14", count: 4, updated_at: "2026-05-19T06:00:00.000Z" },
    ]);
    expect(await getPaperDates("2605.13301")).toEqual(["2026-05-15"]);
  });

  it("names the deployment's CONTACT in the User-Agent of every request", async () => {
    const origin = fakeOrigin();
    await run(origin, { targets: ["2026-05-15"], config: { CONTACT: "mailto:papers@example.org" } });
    expect(origin.lastHeaders?.get("user-agent")).toBe("daily-papers-feed/0.1 (+mailto:papers@example.org)");
  });

  it("writes no day when nothing changed (only the index, pointing to the run, and the run's record)", async () => {
    await run(fakeOrigin());
    const kv = countingKv(env.PAPERS);
    const report = await run(fakeOrigin(), { kv, now: NOW + 30 * 60_000 });
    expect(kv.puts.map((k) => k.replace(/^run:.*/, "run:…"))).toEqual(["days", "run:…"]);
    expect(report.days.filter((d) => d.outcome !== "repeat").map((d) => d.outcome)).toEqual(
      Array(4).fill("unchanged"),
    );
  });

  it("rewrites a day whose upvotes changed, keeping its papers' other data", async () => {
    await run(fakeOrigin());
    const props = propsOf("2026-05-18");
    props.dailyPapers[0]!.paper.upvotes += 5;
    const first = props.dailyPapers[0]!.paper.id;
    const kv = countingKv(env.PAPERS);
    await run(
      fakeOrigin((url) =>
        url.endsWith("/papers") || url.endsWith("2026-05-18") ? new Response(pageWith(props)) : undefined,
      ),
      { kv, now: LATER },
    );
    // Upvotes alone: only the day's upvote history and small summary, then the index and
    // the run's record.
    expect(kv.puts.map((k) => k.replace(/^run:.*/, "run:…"))).toEqual([
      "hist:2026-05-18",
      "list:2026-05-18",
      "days",
      "run:…",
    ]);
    const day = await getDay(env.PAPERS, "2026-05-18");
    expect(day?.papers.find((p) => p.id === first)?.upvotes).toBe(props.dailyPapers[0]!.paper.upvotes);
    expect(day?.updated_at).toBe(new Date(LATER).toISOString());
  });

  it("takes the three tasks in turn, one a scheduled run, awaited: the newest list, a window day, upkeep", async () => {
    const origin = fakeOrigin();
    routeFetchTo(origin);
    const fire = async (at: number) => {
      const before = origin.calls.length;
      const kv = countingKv(env.PAPERS);
      await worker.scheduled(
        createScheduledController({ scheduledTime: at, cron: `*/${CRON_INTERVAL_MINUTES} * * * *` }),
        { ...env, PAPERS: kv },
        createExecutionContext(),
      );
      const index = await readIndex(env.PAPERS);
      return {
        calls: origin.calls.slice(before),
        puts: kv.puts,
        report: await readLastReport(env.PAPERS, index),
      };
    };
    const api = (d: string) => `http://hf.test/api/daily_papers?date=${d}&p=0&limit=100`;
    const slot = CRON_INTERVAL_MINUTES * 60_000;
    // NOW (06:00) starts a round. The newest list: the run's day has none yet in the API, so its
    // page, which the run stages for the task's next run: it writes that and nothing else.
    const newest = await fire(NOW);
    expect(newest.calls).toEqual([api("2026-05-19"), "http://hf.test/papers"]);
    expect(newest.puts).toEqual(["staged-read:newest"]);
    expect(await env.PAPERS.get("list:2026-05-18")).toBeNull();
    // Ten minutes later, the window's weekday in rotation, from the JSON API.
    const window = await fire(NOW + slot);
    const [day] = scheduledRun(NOW + slot, 7, 1).targets;
    // (The fixtures list nothing on that Wednesday: its page then shows the list before it.)
    expect(day).toBe("2026-05-13");
    expect(window.calls).toEqual([api("2026-05-13"), "http://hf.test/papers/date/2026-05-13"]);
    expect(window.puts).toEqual(["staged-read:window"]);
    // Upkeep finds nothing stored yet to check.
    expect((await fire(NOW + 2 * slot)).calls).toEqual([]);
    // The next round's newest run settles the newest list its task's run staged, without a
    // request, as that run would have: at its time.
    const settled = await fire(NOW + 3 * slot);
    expect(settled.calls).toEqual([]);
    expect(settled.report).toMatchObject({
      task: "newest",
      started_at: new Date(NOW).toISOString(),
      staged: { settled_at: new Date(NOW + 3 * slot).toISOString() },
      days: [{ asked: "latest", date: "2026-05-18", via: "page", outcome: "stored", count: 10 }],
    });
    // Its data version is when it settled it: the answers listing the day changed then.
    expect((await getDay(env.PAPERS, "2026-05-18"))?.updated_at).toBe(new Date(NOW + 3 * slot).toISOString());
    const fromWindow = await fire(NOW + 4 * slot);
    expect(fromWindow.calls).toEqual([]);
    expect(fromWindow.report).toMatchObject({
      task: "window",
      days: [{ asked: "2026-05-13", date: "2024-10-25", via: "page", outcome: "stored" }],
    });
    // Then upkeep: no upstream request; it checks a stored day, and builds the word index of the
    // settled day that page brought (2024-10-25), then the index and its record.
    const upkeep = await fire(NOW + 5 * slot);
    expect(upkeep.calls).toEqual([]);
    expect(upkeep.puts.map((k) => k.replace(/^run:.*/, "run:…"))).toEqual([
      "words:2024-10-25",
      "days",
      "run:…",
    ]);
    expect(upkeep.report).toMatchObject({
      task: "upkeep",
      words: { date: "2024-10-25", outcome: "indexed" },
    });
    // The round after starts with the newest list again: the run's day still has none, and the
    // archive now holds the newest list's day, so the JSON API answers it, without the page, and
    // the run settles it itself.
    const again = await fire(NOW + 6 * slot);
    expect(again.report).toMatchObject({ task: "newest", days: [{ date: "2026-05-18", via: "api" }] });
    expect(again.report).not.toHaveProperty("staged");
    expect(again.calls).toEqual([api("2026-05-19"), api("2026-05-18")]);
    // Its upkeep finds its day sound and the word index current: it writes nothing at all.
    const quiet = await fire(NOW + 8 * slot);
    expect(quiet.calls).toEqual([]);
    expect(quiet.puts).toEqual([]);
  });

  it("stores a newest list the archive missed, whatever the window: the days back to the newest stored are asked", async () => {
    // Only Friday is stored (the Worker was down on Monday); the newest list's read alone, as a
    // newest run makes it, must find Monday's (no window run need read it).
    await run(fakeOrigin(), { targets: ["2026-05-15"] });
    const origin = fakeOrigin();
    const report = await run(origin, { targets: ["latest"], now: NOW });
    const api = (d: string) => `http://hf.test/api/daily_papers?date=${d}&p=0&limit=100`;
    expect(origin.calls).toEqual([api("2026-05-19"), api("2026-05-18")]);
    expect(report.days).toMatchObject([{ asked: "latest", date: "2026-05-18", via: "api" }]);
    expect((await readIndex(env.PAPERS)).days.map((d) => d.date)).toContain("2026-05-18");
  });

  it("fails the scheduled run when the upstream fails, keeping the data", async () => {
    await run(fakeOrigin());
    routeFetchTo(fakeOrigin(() => new Response("not found", { status: 404 })));
    // LATER (07:00) starts a round: the newest list's read fails.
    await expect(
      worker.scheduled(createScheduledController({ scheduledTime: LATER }), env, createExecutionContext()),
    ).rejects.toThrow(/1 of 1 reads failed \(first, latest:/);
    expect((await getDay(env.PAPERS, "2026-05-18"))?.papers).toHaveLength(10);
  });
});

describe("faults: what was stored survives and the status says what happened", () => {
  let before: string | null;
  beforeEach(async () => {
    await run(fakeOrigin());
    before = await env.PAPERS.get("day:2026-05-15");
    sleeps.length = 0;
  });
  const unchanged = async () => expect(await env.PAPERS.get("day:2026-05-15")).toBe(before);
  const lastDay = async () => (await status()).last_run!.days[0]!;

  it("upstream 500: the JSON API tried once (down too), then the page retried with backoff, then failed", async () => {
    const origin = friday(answer("oops", { status: 500 }));
    const report = await run(origin, { targets: ["2026-05-15"], now: LATER });
    expect(origin.calls).toEqual([
      "http://hf.test/api/daily_papers?date=2026-05-15&p=0&limit=100",
      ...Array(3).fill("http://hf.test/papers/date/2026-05-15"),
    ]);
    expect(sleeps).toEqual([250, 500]); // full jitter (0.5) on 500 ms, 1000 ms
    expect(report.ok).toBe(false);
    await unchanged();
    expect(await lastDay()).toMatchObject({ asked: "2026-05-15", outcome: "failed" });
    expect((await lastDay()).error).toMatch(/upstream answered 500/);
  });

  it("429 with Retry-After: waits as told, then reads the day", async () => {
    let n = 0;
    const origin = friday(() =>
      n++ === 0
        ? new Response("slow down", { status: 429, headers: { "retry-after": "2" } })
        : new Response(pages["2026-05-15"]),
    );
    await run(origin, { targets: ["2026-05-15"], now: LATER });
    expect(sleeps).toEqual([2000]);
    await unchanged();
    expect(await lastDay()).toMatchObject({ outcome: "unchanged", via: "page" });
  });

  it("429 with a Retry-After past the run's budget: gives up on the page at once, after the JSON API's one try", async () => {
    const origin = friday(answer("slow down", { status: 429, headers: { "retry-after": "3600" } }));
    await run(origin, { targets: ["2026-05-15"], now: LATER });
    expect(sleeps).toEqual([]);
    expect(origin.calls.map((u) => new URL(u).pathname)).toEqual([
      "/api/daily_papers",
      "/papers/date/2026-05-15",
    ]);
    await unchanged();
    expect((await lastDay()).error).toMatch(/429.*waiting 3600 s would pass the run's time budget/);
  });

  it("429 with RateLimit: waits for the quota's reset, and /api/status says the run was rate limited", async () => {
    let n = 0;
    const origin = friday(() =>
      n++ === 0
        ? new Response("slow down", {
            status: 429,
            headers: {
              ratelimit: '"pages";r=0;t=7',
              "ratelimit-policy": '"fixed window";"pages";q=100;w=300',
            },
          })
        : new Response(pages["2026-05-15"]),
    );
    const report = await run(origin, { targets: ["2026-05-15"], now: LATER });
    expect(sleeps).toEqual([7000]);
    const limited = { refusals: 1, waited_ms: 7000, policy: { name: "pages", quota: 100, window_s: 300 } };
    expect(report.rate_limited).toEqual(limited);
    expect((await status()).last_run?.rate_limited).toEqual(limited);
    expect(await lastDay()).toMatchObject({ outcome: "unchanged", via: "page" });
  });

  it("a run that was not rate limited reports nothing of it", async () => {
    const report = await run(fakeOrigin(), { targets: ["2026-05-15"], now: LATER });
    expect(report).not.toHaveProperty("rate_limited");
  });

  it("a 404 is not retried", async () => {
    const origin = friday(answer("gone", { status: 404 }));
    await run(origin, { targets: ["2026-05-15"], now: LATER });
    expect(origin.calls.filter((u) => u.includes("/papers/date/"))).toHaveLength(1);
    await unchanged();
    expect((await lastDay()).error).toMatch(/404/);
  });

  it("timeout: each attempt is cut off, then the day fails", async () => {
    const hang = (_: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)),
      );
    const origin: FakeOrigin = {
      calls: [],
      fetch: (url, init) => {
        origin.calls.push(String(url));
        return hang(String(url), init);
      },
    };
    await run(origin, { targets: ["2026-05-15"], now: LATER, timeoutMs: 20 });
    // The JSON API's one try, then the page's three.
    expect(origin.calls).toHaveLength(4);
    await unchanged();
    expect((await lastDay()).error).toMatch(/no answer within 20 ms/);
  });

  it("connection error: retried, then failed", async () => {
    const origin = friday(() => Promise.reject(new TypeError("Network connection lost")));
    await run(origin, { targets: ["2026-05-15"], now: LATER });
    expect(origin.calls.filter((u) => u.includes("/papers/date/"))).toHaveLength(3);
    await unchanged();
    expect((await lastDay()).error).toMatch(/request failed: Network connection lost/);
  });

  it("truncated HTML after the embedded data: the day still reads", async () => {
    const html = pages["2026-05-15"]!;
    const cut = html.slice(0, html.indexOf("<article", html.indexOf("<article") + 10000));
    await run(friday(answer(cut)), { targets: ["2026-05-15"], now: LATER });
    await unchanged();
    expect(await lastDay()).toMatchObject({ via: "page", outcome: "unchanged", count: 40 });
  });

  it("truncated HTML inside the embedded data: failed, nothing written", async () => {
    const html = pages["2026-05-15"]!;
    await run(friday(answer(html.slice(0, html.indexOf("data-props") + 200))), {
      targets: ["2026-05-15"],
      now: LATER,
    });
    await unchanged();
    expect(await lastDay()).toMatchObject({ outcome: "failed" });
    expect((await lastDay()).error).toMatch(/no way of reading the day worked/);
  });

  it("no DailyPapers element: read from the cards, abstracts kept", async () => {
    await run(
      friday(answer(pages["2026-05-15"]!.replace('data-target="DailyPapers"', 'data-target="PapersV2"'))),
      { targets: ["2026-05-15"], now: LATER },
    );
    expect(JSON.parse((await env.PAPERS.get("day:2026-05-15"))!).papers).toEqual(JSON.parse(before!).papers);
    expect(await lastDay()).toMatchObject({ via: "cards", outcome: "unchanged" });
    expect((await lastDay()).fallbacks?.[0]).toMatch(/^api: .*answered 503/);
    expect((await lastDay()).fallbacks?.[1]).toMatch(/no DailyPapers element/);
  });

  it("broken JSON in the newest list's data-props: read from the JSON API when it answers", async () => {
    const broken = pages["2026-05-15"]!.replace(
      'data-props="{&quot;dailyPapers&quot;:[',
      'data-props="{&quot;dailyPapers&quot;:[[',
    );
    const api = JSON.stringify(propsOf("2026-05-15").dailyPapers);
    // The run's day (2026-05-19) has no list yet, nor has the newest stored day (2026-05-18) in
    // the API: the API answers the newest list only without a date.
    const origin = fakeOrigin((url) =>
      url.includes("/api/") && !url.includes("date=")
        ? new Response(api)
        : url.endsWith("/papers")
          ? new Response(broken)
          : url.includes("date=2026-05-18")
            ? new Response("[]")
            : undefined,
    );
    await run(origin, { targets: ["latest"], now: LATER });
    await unchanged();
    expect(await lastDay()).toMatchObject({ via: "api", outcome: "unchanged" });
    expect((await lastDay()).fallbacks).toEqual(["page: ParseError: data-props is not valid JSON"]);
  });

  it("a renamed field in every item: the page read fails, nothing is lost", async () => {
    const props = propsOf("2026-05-15");
    for (const i of props.dailyPapers) {
      i.paper.upvoteCount = i.paper.upvotes;
      delete (i.paper as Record<string, unknown>).upvotes;
    }
    const html = pageWith(props); // no cards either
    await run(friday(answer(html)), { targets: ["2026-05-15"], now: LATER });
    await unchanged();
    expect((await lastDay()).error).toMatch(/40 of 40 items fail validation/);
  });

  it("an empty list: nothing replaced, reported as empty", async () => {
    const report = await run(friday(answer(pageWith({ dailyPapers: [], dateString: "2026-05-15" }))), {
      targets: ["2026-05-15"],
      now: LATER,
    });
    expect(report.ok).toBe(false);
    await unchanged();
    expect(await lastDay()).toMatchObject({ date: "2026-05-15", outcome: "empty", count: 40 });
  });

  it("the weekend fall-back: a Saturday page showing Friday is stored as Friday only", async () => {
    const props = propsOf("2026-05-15");
    props.dailyPapers[0]!.paper.upvotes += 1;
    const origin = fakeOrigin((url) =>
      url.endsWith("2026-05-16") ? new Response(pageWith(props)) : undefined,
    );
    await run(origin, { targets: ["2026-05-16"], now: LATER });
    expect(await env.PAPERS.get("day:2026-05-16")).toBeNull();
    expect(
      (await getDay(env.PAPERS, "2026-05-15"))?.papers.find((p) => p.id === props.dailyPapers[0]!.paper.id)
        ?.upvotes,
    ).toBe(props.dailyPapers[0]!.paper.upvotes);
    expect(await lastDay()).toMatchObject({ asked: "2026-05-16", date: "2026-05-15", outcome: "stored" });
    expect((await getIndex(env.PAPERS)).days.map((d) => d.date)).not.toContain("2026-05-16");
  });

  it("a partial list (mid-update): stored papers stay, fresh upvotes win", async () => {
    const props = propsOf("2026-05-15");
    props.dailyPapers = props.dailyPapers.slice(0, 5);
    props.dailyPapers[0]!.paper.upvotes += 7;
    await run(friday(answer(pageWith(props))), { targets: ["2026-05-15"], now: LATER });
    const day = await getDay(env.PAPERS, "2026-05-15");
    expect(day?.papers).toHaveLength(40);
    expect(day?.papers.find((p) => p.id === props.dailyPapers[0]!.paper.id)?.upvotes).toBe(
      props.dailyPapers[0]!.paper.upvotes,
    );
    expect(await lastDay()).toMatchObject({ outcome: "merged", count: 40 });
    expect((await getIndex(env.PAPERS)).days.find((d) => d.date === "2026-05-15")?.count).toBe(40);
  });

  it("duplicate ids in one page: one paper each", async () => {
    const props = propsOf("2026-05-15");
    props.dailyPapers = [...props.dailyPapers, ...props.dailyPapers.slice(0, 3)];
    await run(friday(answer(pageWith(props))), { targets: ["2026-05-15"], now: LATER });
    await unchanged();
    expect(await lastDay()).toMatchObject({ outcome: "unchanged", count: 40 });
  });

  it("a paper listed on two days stays on both", async () => {
    const props = propsOf("2026-05-18");
    const again = structuredClone(propsOf("2026-05-15").dailyPapers[0]!);
    again.paper.submittedOnDailyAt = "2026-05-18T00:00:00.000Z";
    props.dailyPapers.push(again);
    await run(
      fakeOrigin((url) => (url.endsWith("2026-05-18") ? new Response(pageWith(props)) : undefined)),
      { targets: ["2026-05-18"], now: LATER },
    );
    expect((await getPaperDates(again.paper.id)).sort()).toEqual(["2026-05-15", "2026-05-18"]);
    expect((await getDay(env.PAPERS, "2026-05-15"))?.papers.some((p) => p.id === again.paper.id)).toBe(true);
    expect((await getDay(env.PAPERS, "2026-05-18"))?.papers.some((p) => p.id === again.paper.id)).toBe(true);
  });

  it("two overlapping runs leave a correct result", async () => {
    const props = propsOf("2026-05-15");
    for (const i of props.dailyPapers) i.paper.upvotes += 1;
    const bumped = fakeOrigin((url) =>
      url.endsWith("2026-05-15") ? new Response(pageWith(props)) : undefined,
    );
    await Promise.all([run(bumped, { now: LATER }), run(fakeOrigin(), { now: LATER })]);
    const day = await getDay(env.PAPERS, "2026-05-15");
    expect(day?.papers).toHaveLength(40);
    const index = await getIndex(env.PAPERS);
    expect(index.days.map((d) => [d.date, d.count])).toEqual([
      ["2026-05-18", 10],
      ["2026-05-15", 40],
      ["2026-05-14", 4],
      ["2024-10-25", 29],
    ]);
    // Whichever run wrote last, every paper has one of the two runs' upvotes.
    const base = new Map(propsOf("2026-05-15").dailyPapers.map((i) => [i.paper.id, i.paper.upvotes]));
    for (const p of day!.papers) expect([base.get(p.id), base.get(p.id)! + 1]).toContain(p.upvotes);
    expect((await status()).last_run?.days).toHaveLength(8);
  });
});

describe("the word index of a settled day", () => {
  it("a run that rewrote no day indexes the newest day older than the window; one that rewrote a day does not", async () => {
    // The first run stores every day: it has no CPU to spare for an index.
    expect((await run(fakeOrigin(), { repair: true })).words).toBeUndefined();
    expect(await env.PAPERS.get("words:2024-10-25")).toBeNull();
    // The next finds nothing new. Of the stored days, only 2024-10-25 is older than the 7-day window.
    const next = await run(fakeOrigin(), { repair: true, now: LATER });
    expect(next.words).toEqual({ date: "2024-10-25", outcome: "indexed" });
    expect(await env.PAPERS.get("words:2024-10-25")).toMatch(/^search-words 2 [0-9a-f]{32} /);
    // Once built, it stays: a later run only checks it.
    const kv = countingKv(env.PAPERS);
    const later = await run(fakeOrigin(), { repair: true, now: LATER + 1_800_000, kv });
    expect(later.words).toEqual({ date: "2024-10-25", outcome: "current" });
    expect(kv.puts.filter((k) => k.startsWith("words:"))).toEqual([]);
  });

  it("a run that builds it leaves its repair pass to the next upkeep run, which checks a day", async () => {
    await run(fakeOrigin(), { repair: true });
    const kv = countingKv(env.PAPERS);
    // Upkeep runs, as the schedule makes them: no day to read, the repair pass to do.
    const builds = await run(fakeOrigin(), { repair: true, targets: [], now: LATER, kv });
    expect(builds.words).toEqual({ date: "2024-10-25", outcome: "indexed" });
    expect(builds.repair).toBeUndefined();
    // The repair pass would have started at its queue: not read.
    expect(kv.gets).not.toContain(REPAIR_QUEUE_KEY);
    const next = await run(fakeOrigin(), { repair: true, targets: [], now: LATER + 1_800_000 });
    expect(next.words).toEqual({ date: "2024-10-25", outcome: "current" });
    expect(next.repair).toMatchObject({ outcome: "sound" });
  });
});

describe("the run's request budget", () => {
  it("never makes more than 45 upstream requests, whatever the window", async () => {
    const origin = fakeOrigin(answer("oops", { status: 503 }));
    const report = await scrape({
      kv: env.PAPERS,
      config: { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 30 },
      fetch: origin.fetch,
      now: NOW,
      upstream: { sleep: async () => {} },
    });
    expect(origin.calls.length).toBeLessThanOrEqual(45);
    expect(report.requests).toBe(origin.calls.length);
    expect(report.days.at(-1)?.error).toMatch(/request budget of 45 per run used up/);
  });
});
