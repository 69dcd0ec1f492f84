import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  mondayOf,
  monthRange,
} from "../../src/core/dates";
import { isCalendarDate } from "../../src/core/paper";

describe("dates", () => {
  it("knows real calendar dates", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2025-02-29")).toBe(false);
    expect(isCalendarDate("2025-02-30")).toBe(false);
    expect(isCalendarDate("2025-2-3")).toBe(false);
  });

  it("adds and counts days across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(daysBetween("2026-02-16", "2026-05-18")).toBe(91);
  });

  it("maps ISO weeks to Monday..Sunday, correct at year boundaries", () => {
    expect(isoWeekRange(2026, 1)).toEqual(["2025-12-29", "2026-01-04"]);
    expect(isoWeekRange(2026, 21)).toEqual(["2026-05-18", "2026-05-24"]);
    expect(isoWeekRange(2026, 53)).toEqual(["2026-12-28", "2027-01-03"]);
    expect(isoWeekRange(2021, 1)).toEqual(["2021-01-04", "2021-01-10"]);
    expect(isoWeekRange(2020, 53)).toEqual(["2020-12-28", "2021-01-03"]);
    expect([2020, 2021, 2025, 2026, 2027].map(isoWeeksInYear)).toEqual([53, 52, 52, 53, 52]);
  });

  it("maps months to their first and last day", () => {
    expect(monthRange(2024, 2)).toEqual(["2024-02-01", "2024-02-29"]);
    expect(monthRange(2026, 12)).toEqual(["2026-12-01", "2026-12-31"]);
  });
});

describe("years below 100", () => {
  it("are not read as 19xx", () => {
    expect(monthRange(26, 5)).toEqual(["0026-05-01", "0026-05-31"]);
    expect(isoWeekRange(26, 5)[0].startsWith("0026-")).toBe(true);
  });
});

describe("the ISO week of a day", () => {
  it("is the week whose Monday..Sunday holds it, across year ends", () => {
    expect(isoWeekOf("2026-05-18")).toBe("2026-W21");
    expect(isoWeekOf("2026-05-24")).toBe("2026-W21");
    expect(isoWeekOf("2025-12-29")).toBe("2026-W01");
    expect(isoWeekOf("2027-01-03")).toBe("2026-W53");
    expect(isoWeekOf("2021-01-03")).toBe("2020-W53");
    expect(mondayOf("2026-05-24")).toBe("2026-05-18");
    expect(mondayOf("2026-05-18")).toBe("2026-05-18");
  });

  it("agrees with isoWeekRange for every day of four years", () => {
    for (let d = "2023-01-01"; d < "2027-01-01"; d = addDays(d, 1)) {
      const week = isoWeekOf(d);
      const [monday, sunday] = isoWeekRange(Number(week.slice(0, 4)), Number(week.slice(6)));
      expect(d >= monday && d <= sunday, d).toBe(true);
      expect(mondayOf(d)).toBe(monday);
    }
  });
});
