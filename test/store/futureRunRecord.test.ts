// A run record is one run's, and a run starts at its schedule's time: a record whose id
// starts in the future (or that says it saved a day at a version from the far future) was
// not written by a run. It must not stay "recent" for ever, nor pin a day's version in the
// index, which the list answers' ETags are made from.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { runRecordKey } from "../../src/store/runs";
import { COUNTS, fakeOrigin, propsOf } from "../fixtures";
import { call, forgetStored, NOW, runScrape } from "../helpers";
import { storedIndex } from "../stored";
import { dayPage, down } from "./attackShared";

const OLD = "2024-10-25";
const MINUTE = 60_000;

it("a run record dated a month ahead, saying it saved a day in 9999, does not make a revalidation after a backfill answer 304", async () => {
  await runScrape(fakeOrigin(), { now: NOW });
  const template = JSON.parse((await env.PAPERS.get((await storedIndex()).last_run!.key))!);
  const id = `${new Date(NOW + 30 * 86_400_000).toISOString()}:0badc0de`;
  await env.PAPERS.put(
    runRecordKey(id),
    JSON.stringify({
      ...template,
      id,
      observed: [],
      saved: [[OLD, COUNTS[OLD], "9999-12-31T23:59:59.000Z"]],
    }),
  );
  await runScrape(down(), { targets: ["2026-05-18"], now: NOW + 10 * MINUTE });
  forgetStored();
  const etag = (await call(`/api/papers?date=${OLD}`)).headers.get("etag")!;

  // An admin run backfills the day with a paper it lacked; a cron run follows.
  const added = structuredClone(propsOf(OLD).dailyPapers[0]!);
  added.paper.id = "2410.77777";
  const admin = await runScrape(
    dayPage(OLD, (p) => {
      p.dailyPapers.push(added);
    }),
    { targets: [OLD], now: NOW + 20 * MINUTE },
  );
  expect(admin.days[0]).toMatchObject({ outcome: "stored", count: COUNTS[OLD] + 1 });
  await runScrape(down(), { targets: ["2026-05-18"], now: NOW + 30 * MINUTE });

  forgetStored();
  const revalidated = await call(`/api/papers?date=${OLD}`, { headers: { "if-none-match": etag } });
  expect(revalidated.status).toBe(200);
  expect(((await revalidated.json()) as { papers: { id: string }[] }).papers.map((p) => p.id)).toContain(
    added.paper.id,
  );
  expect((await storedIndex()).days.find((e) => e.date === OLD)?.updated_at).not.toMatch(/^9999/);
});
