// How many upvote histories an answer over many recently changed days reads: a day's history
// holds every paper's points (up to 40 each, up to about 32 KB once settled), so sort=rising and the
// front page's sparklines read those of the newest days only (RISING_HISTORY_DAYS,
// SPARKLINE_DAYS), as after a backfill that re-read every day of a range at once.
import { describe, expect, it } from "vitest";
import { addDays } from "../../src/core/dates";
import { PapersAnswer } from "../../src/serve/answers";
import { SPARKLINE_DAYS, sparklineDays } from "../../src/serve/listAnswer";
import { daysToRead, RISING_HISTORY_DAYS } from "../../src/serve/select";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, keysRead, NOW, runScrape } from "../helpers";

const FIRST = "2026-01-05";
/** 16 days in a row, each with the 4 papers of a fixture day under ids of its own. */
const DAYS = Array.from({ length: 16 }, (_, i) => addDays(FIRST, i));

function dayPage(date: string, bump = 0): Response {
  const props = structuredClone(propsOf("2026-05-14"));
  props.dateString = date;
  props.prevDate = addDays(date, -1);
  delete props.nextDate;
  props.dailyPapers.forEach((item, n) => {
    item.paper.id = `2601.${date.slice(8, 10)}${String(n).padStart(3, "0")}`;
    item.paper.submittedOnDailyAt = `${date}T00:00:00.000Z`;
    item.paper.upvotes = 10 + n + bump;
  });
  return new Response(pageWith(props));
}

const historiesRead = async (path: string) =>
  (await keysRead(path)).gets.filter((k) => k.startsWith("hist:"));

describe("upvote histories an answer over many days reads", () => {
  it("are those of the newest days only, for sort=rising and for the front page", async () => {
    let bump = 0;
    const origin = fakeOrigin((url) => {
      const date = url.match(/\/papers\/date\/(\d{4}-\d{2}-\d{2})$/)?.[1];
      return date && DAYS.includes(date) ? dayPage(date, bump) : undefined;
    });
    // Read twice, an hour apart, every paper 5 upvotes up: every day then has a history of two
    // points, and every summary changed within the last day, as after a backfill.
    await runScrape(origin, { targets: DAYS, now: NOW });
    bump = 5;
    await runScrape(origin, { targets: DAYS, now: NOW + 3_600_000 });
    const range = `from=${DAYS[0]}&to=${DAYS.at(-1)}`;

    const rising = await historiesRead(`/api/papers?${range}&sort=rising`);
    expect(rising.length).toBe(RISING_HISTORY_DAYS);
    expect(rising.sort()).toEqual(DAYS.slice(-RISING_HISTORY_DAYS).map((d) => `hist:${d}`));

    // Papers of the days read gained 5 and come first; the others count as gaining none.
    const { papers } = await answer(PapersAnswer, `/api/papers?${range}&sort=rising&limit=64`);
    const newest = new Set(DAYS.slice(-RISING_HISTORY_DAYS));
    const firstOld = papers.findIndex((p) => !newest.has(p.date));
    expect(firstOld).toBe(RISING_HISTORY_DAYS * 4);
    expect(papers.slice(firstOld).every((p) => !newest.has(p.date))).toBe(true);

    const page = await historiesRead(`/?${range}&limit=64`);
    expect(page.length).toBe(SPARKLINE_DAYS);
    expect(page.sort()).toEqual(DAYS.slice(-SPARKLINE_DAYS).map((d) => `hist:${d}`));
    // A rising front page draws curves from the histories it read for the order too.
    const risingPage = await historiesRead(`/?${range}&sort=rising&limit=64`);
    expect(risingPage.sort()).toEqual(DAYS.slice(-RISING_HISTORY_DAYS).map((d) => `hist:${d}`));
  });

  it("choose the newest days first, within the bound", () => {
    expect(daysToRead(["2026-01-02", "2026-01-09", "2026-01-05"], 0, 2)).toEqual([
      "2026-01-09",
      "2026-01-05",
    ]);
    expect(daysToRead(["2026-01-02", "2026-01-09"], 2, 2)).toEqual([]);
    expect(sparklineDays(["2026-01-02", "2026-01-09"], 1)).toEqual(["2026-01-09"]);
  });
});
