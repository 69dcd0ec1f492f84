// An archive document's links to its neighbours are part of its body: when they change, its
// Last-Modified must move too, or a reader that polls with If-Modified-Since alone (README,
// "Caching and polling": it "never misses one") keeps the old links for good.
import { expect, it, vi } from "vitest";
import { addDays, isoWeekOf } from "../../src/core/dates";
import { parseAtom } from "../feedValidators";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, LATER, NOW, runScrape, testHost } from "../helpers";

/** Weekdays of W15, W16 and W18 to W21 (2026-04-06 to 2026-05-18): W17 is empty. */
const DAYS: string[] = [];
for (let d = "2026-04-06"; d <= "2026-05-18"; d = addDays(d, 1)) {
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  if (weekday !== 0 && weekday !== 6 && isoWeekOf(d) !== "2026-W17") DAYS.push(d);
}
const template = propsOf("2026-05-15").dailyPapers;
const itemsOf = (date: string) =>
  template.slice(0, 3).map((item, i) => ({
    ...item,
    paper: {
      ...item.paper,
      id: `${date.slice(2, 4)}${date.slice(5, 7)}.${date.slice(8, 10)}${String(i).padStart(3, "0")}`,
      submittedOnDailyAt: `${date}T00:00:00.000Z`,
    },
  }));
const origin = () =>
  fakeOrigin((url) => {
    const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0];
    return date ? new Response(pageWith({ dailyPapers: itemsOf(date), dateString: date })) : undefined;
  });

it("an archive document that gains a next-archive link is not answered 304 to If-Modified-Since", async () => {
  await runScrape(origin(), { targets: DAYS, now: NOW });
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  const W16 = "/feed.atom?week=2026-W16";
  const before = await call(W16);
  const modified = before.headers.get("last-modified")!;
  expect(modified).toBeTruthy();
  const { feed } = parseAtom(await before.text());
  expect(feed.link.map((l: { "@rel": string }) => l["@rel"])).toContain("next-archive");

  // A day is stored in the empty W17: W16's next-archive now points to W17, not W18.
  vi.useRealTimers();
  await runScrape(origin(), { targets: ["2026-04-22"], now: LATER });
  vi.useFakeTimers({ now: LATER, toFake: ["Date"] });
  const after = await call(W16);
  const next = parseAtom(await after.text()).feed.link.find(
    (l: { "@rel": string }) => l["@rel"] === "next-archive",
  );
  expect(next["@href"]).toBe(`${testHost()}/feed.atom?week=2026-W17`);

  const revalidated = await call(W16, { headers: { "if-modified-since": modified } });
  expect(revalidated.status).toBe(200);
});
