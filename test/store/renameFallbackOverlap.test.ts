// Two runs at once (KV has no transactions, a slower run's writes land after a faster one's), each
// reading the day's first paper under either title and at either count: the older read, then a
// newer one of a title renamed or renamed back, of a count gone up or fallen back. The newer read
// is what upstream shows: after two later runs that read it, it is what the day serves; after
// two that cannot read the day, its count is (its title only a read can bring back, where the
// older read's content was written last).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { propsOf } from "../fixtures";
import { NOW, runScrape } from "../helpers";
import { storedDay } from "../stored";
import { dayPage, down, overlapping } from "./attackShared";

const DAY = "2026-05-18";
const MIN = 60_000;
const { id, title, upvotes } = propsOf(DAY).dailyPapers[0]!.paper;

type View = { renamed: boolean; up: boolean };
const page = (v: View) =>
  dayPage(DAY, (p) => {
    const first = p.dailyPapers[0]!.paper;
    if (v.renamed) first.title = `${title} (revised)`;
    if (v.up) first.upvotes = upvotes + 3;
  });
const shown = (v: View) => ({
  title: v.renamed ? `${title} (revised)` : title,
  upvotes: v.up ? upvotes + 3 : upvotes,
});
const views: View[] = [false, true].flatMap((renamed) => [false, true].map((up) => ({ renamed, up })));
const name = (v: View) => `${v.renamed ? "renamed" : "first title"}, ${v.up ? "count up" : "first count"}`;
const cases = views.flatMap((older) =>
  views.flatMap((newer) =>
    ["read", "down"].map(
      (later) => [`${name(older)} | ${name(newer)} | later runs ${later}`, older, newer, later] as const,
    ),
  ),
);

it.each(cases)("%s", async (_, older, newer, later) => {
  await runScrape(page({ renamed: false, up: false }), { targets: [DAY], now: NOW });
  const olderAt = NOW + 10 * MIN;
  await overlapping(
    env.PAPERS,
    (kv) => runScrape(page(older), { kv, targets: [DAY], now: olderAt }),
    () => runScrape(page(newer), { targets: [DAY], now: olderAt + MIN }),
  );
  for (const run of [1, 2])
    await runScrape(later === "read" ? page(newer) : down(), {
      targets: [DAY],
      now: olderAt + MIN + run * 10 * MIN,
      repair: false,
    });
  const served = (await storedDay(DAY))!.papers.find((p) => p.id === id)!;
  const want = shown(newer);
  expect(served.upvotes, "the count served").toBe(want.upvotes);
  if (later === "read") expect(served.title, "the title served").toBe(want.title);
});

// The same, the older read a page's, staged by its task's run and settled by the task's next
// run half an hour on, at the read's time, after the newer read's writes (src/scrape/run.ts).
const apiDown = (origin: ReturnType<typeof page>) => ({
  ...origin,
  fetch: (input: string | URL | Request, init?: RequestInit) =>
    String(input instanceof Request ? input.url : input).includes("/api/")
      ? Promise.resolve(new Response("down", { status: 503 }))
      : origin.fetch(input, init),
});

it.each(cases)("staged: %s", async (_, older, newer, later) => {
  await runScrape(page({ renamed: false, up: false }), { targets: [DAY], now: NOW });
  const olderAt = NOW + 10 * MIN;
  const staging = await runScrape(apiDown(page(older)), { targets: [DAY], now: olderAt, stage: "window" });
  expect(staging.days[0]?.outcome).toBe("staged");
  await runScrape(page(newer), { targets: [DAY], now: olderAt + MIN });
  const settling = await runScrape(down(), { targets: [DAY], now: olderAt + 30 * MIN, stage: "window" });
  expect(settling.staged).toBeDefined();
  for (const run of [1, 2])
    await runScrape(later === "read" ? page(newer) : down(), {
      targets: [DAY],
      now: olderAt + 30 * MIN + run * 10 * MIN,
    });
  const served = (await storedDay(DAY))!.papers.find((p) => p.id === id)!;
  const want = shown(newer);
  expect(served.upvotes, "the count served").toBe(want.upvotes);
  if (later === "read") expect(served.title, "the title served").toBe(want.title);
});
