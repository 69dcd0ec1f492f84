// The index and the paper listings survive damage and concurrent runs: whatever is stored
// stays listed, and what a race loses, a later run puts back.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DaysAnswer, StatusAnswer } from "../../src/serve/answers";
import { getIndex } from "../../src/store/dayIndex";
import { getDay } from "../../src/store/days";
import { keys } from "../../src/store/keys";
import { getPaperRecord } from "../../src/store/paperRecords";
import { listedPaper, readDayRecord, STORE_VERSION } from "../../src/store/records";
import { repairDay } from "../../src/store/repair";
import { isCurrent } from "../../src/store/searchText";
import { COUNTS, countingKv, fakeOrigin, pageWith, propsOf, version3DayRecord } from "../fixtures";
import { answer, call, LATER, routeFetchTo, runScrape } from "../helpers";

const ALL_DAYS = Object.keys(COUNTS);

describe("a damaged index", () => {
  it("a value that is not JSON: routes answer from the day keys, and the next run rewrites it", async () => {
    await runScrape(fakeOrigin());
    await env.PAPERS.put(
      keys.index,
      '{"updated_at":"2026-05-19T06:00:00.000Z","days":[{"date":"2026-05-18","cou',
    );
    const spy = routeFetchTo(fakeOrigin());
    for (const route of ["/api/papers", "/feed.atom", "/api/days", "/api/status", "/"]) {
      expect((await call(route)).status, route).toBe(200);
    }
    expect(spy).not.toHaveBeenCalled(); // the archive is not taken for empty: no bootstrap
    expect((await answer(DaysAnswer, "/api/days")).days.map((d) => d.date)).toEqual(ALL_DAYS);
    const report = await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER });
    expect(report.ok).toBe(true);
    expect((await answer(DaysAnswer, "/api/days")).days.map((d) => d.date)).toEqual(ALL_DAYS);
  });

  it("one invalid entry hides only itself, and a run does not forget the other days", async () => {
    await runScrape(fakeOrigin());
    const index = JSON.parse((await env.PAPERS.get(keys.index))!);
    index.days[1].count = -5;
    await env.PAPERS.put(keys.index, JSON.stringify(index));
    expect((await getIndex(env.PAPERS)).days.map((d) => d.date)).toEqual(
      ALL_DAYS.filter((d) => d !== "2026-05-15"),
    );
    await runScrape(fakeOrigin(), { targets: ["2026-05-18"], now: LATER });
    const repaired = await getIndex(env.PAPERS);
    expect(repaired.days.map((d) => d.date)).toEqual(ALL_DAYS);
    expect(repaired.updated_at).not.toBeNull();
  });

  it("a status record that is not JSON does not stop the next run from recording itself", async () => {
    await env.PAPERS.put(keys.status, '{"last_run":{"trig');
    expect((await call("/api/status")).status).toBe(200);
    const report = await runScrape(fakeOrigin(), { targets: ["2026-05-18"] });
    expect(report.ok).toBe(true);
    expect((await answer(StatusAnswer, "/api/status")).last_run?.started_at).toBe(report.started_at);
  });
});

describe("two runs at once", () => {
  /** One KV binding for two runs: a read of any of `meet` waits until both runs have read it. */
  function interleaving(meet: string[]): KVNamespace {
    const waiting = new Map<string, (() => void)[]>();
    return new Proxy(env.PAPERS, {
      get(target, prop) {
        const v = Reflect.get(target, prop);
        if (prop !== "get") return typeof v === "function" ? v.bind(target) : v;
        return async (k: string | string[], ...rest: unknown[]) => {
          const key = meet.find((m) => (Array.isArray(k) ? k.includes(m) : k === m));
          if (key) {
            await new Promise<void>((go) => {
              const queue = [...(waiting.get(key) ?? []), go];
              waiting.set(key, queue);
              if (queue.length === 2) for (const w of queue) w();
            });
          }
          return (v as (...a: unknown[]) => unknown).call(target, k, ...rest);
        };
      },
    });
  }

  it("lose neither a day from the index nor, once the next runs have checked, a day from a paper's listing", async () => {
    // The same paper listed on two days, each day saved by its own run; both runs read the
    // index and the paper's record before either writes them.
    const shared = structuredClone(propsOf("2026-05-15").dailyPapers[0]!);
    const pageOf = (date: string) => {
      const props = propsOf(date);
      props.dailyPapers.push({
        ...shared,
        paper: { ...shared.paper, submittedOnDailyAt: `${date}T00:00:00.000Z` },
      });
      return new Response(pageWith(props));
    };
    const origin = fakeOrigin((url) => {
      const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0];
      return date === "2026-05-14" || date === "2026-05-18" ? pageOf(date) : undefined;
    });
    const kv = interleaving([keys.index, keys.paper(shared.paper.id)]);
    await Promise.all([
      runScrape(origin, { kv, targets: ["2026-05-14"] }),
      runScrape(origin, { kv, targets: ["2026-05-18"] }),
    ]);
    // Both days are in the index: each run lists the day keys before it writes the index.
    expect((await getIndex(env.PAPERS)).days.map((d) => d.date)).toEqual(["2026-05-18", "2026-05-14"]);
    // The paper's record was written by both runs from the same read: one listing was lost.
    expect((await getPaperRecord(env.PAPERS, shared.paper.id))?.listed_on).toHaveLength(1);

    // Scheduled runs check one stored day each, in rotation: one pass over the index puts it back.
    const down = fakeOrigin(() => new Response("down", { status: 503 }));
    for (let i = 0; i < 2; i++)
      await runScrape(down, { targets: [], now: LATER + i * 30 * 60_000, repair: true });
    expect((await getPaperRecord(env.PAPERS, shared.paper.id))?.listed_on).toEqual([
      "2026-05-18",
      "2026-05-14",
    ]);
  });
});

describe("the repair pass and older layouts", () => {
  it("rewrites a day of the previous release (record on one line, version 1 text, no brief) once", async () => {
    await runScrape(fakeOrigin());
    const date = "2026-05-15";
    const day = (await getDay(env.PAPERS, date))!;
    const record = { ...day, v: 2, papers: day.papers.map((p) => listedPaper(p, p.upvotes, p.date)) };
    await env.PAPERS.put(keys.day(date), JSON.stringify(record));
    await env.PAPERS.put(keys.text(date), `${day.papers[0]!.id}\tsome text\tsome author\t`);
    await env.PAPERS.delete(keys.brief(date));
    const kv = countingKv(env.PAPERS);
    expect(await repairDay(kv, date, new Date(LATER))).toBe("repaired");
    expect(kv.puts.sort()).toEqual([keys.brief(date), keys.day(date), keys.text(date)]);
    const text = (await env.PAPERS.get(keys.day(date)))!;
    expect(text.split("\n")).toHaveLength(day.papers.length + 2);
    expect(readDayRecord(JSON.parse(text), "k")?.record).toEqual({ ...record, v: STORE_VERSION });
    expect(isCurrent("text", await env.PAPERS.get(keys.text(date)))).toBe(true);
    expect(isCurrent("brief", await env.PAPERS.get(keys.brief(date)))).toBe(true);
    // Once is enough.
    const again = countingKv(env.PAPERS);
    expect(await repairDay(again, date, new Date(LATER))).toBe("sound");
    expect(again.puts).toEqual([]);
  });

  it("rewrites a day record of version 3 (listing after the authors) once, and nothing else", async () => {
    await runScrape(fakeOrigin());
    const date = "2026-05-15";
    const day = (await getDay(env.PAPERS, date))!;
    await env.PAPERS.put(keys.day(date), version3DayRecord(day));
    const kv = countingKv(env.PAPERS);
    expect(await repairDay(kv, date, new Date(LATER))).toBe("repaired");
    expect(kv.puts).toEqual([keys.day(date)]);
    expect(await getDay(env.PAPERS, date)).toEqual({ ...day, v: STORE_VERSION });
    expect(await repairDay(countingKv(env.PAPERS), date, new Date(LATER))).toBe("sound");
  });
});
