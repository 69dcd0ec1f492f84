import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  imfFixdate,
  isIsoTime,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  mondayOf,
  monthRange,
} from "../../src/core/dates";
import { isCalendarDate } from "../../src/core/paper";

describe("times as stored", () => {
  it.each([
    ["2026-05-19T06:00:00.000Z", true],
    ["2026-05-19T06:00:00Z", true],
    ["2024-02-29T23:59:59.999Z", true],
    ["9999-12-31T23:59:59.999Z", true],
    ["2025-02-29T00:00:00.000Z", false],
    ["2026-04-31T00:00:00.000Z", false],
    ["2026-05-19T24:00:00.000Z", false],
    ["2026-05-19T06:60:00.000Z", false],
    ["2026-05-19T06:00:60.000Z", false],
    ["1999-12-31T23:59:59.000Z", false],
    ["+275760-09-13T00:00:00.000Z", false],
    ["2026-05-19T06:00:00.000+02:00", false],
    ["2026-05-19T06:00:00.000Z\n", false],
    ["2026-05-19", false],
  ])("%j is a UTC time as Date.toISOString writes it: %s", (s, ok) => {
    expect(isIsoTime(s)).toBe(ok);
    // Each one it accepts is one Date reads back as itself.
    if (ok) expect(new Date(s).toISOString().slice(0, 19)).toBe(s.slice(0, 19));
  });
});

describe("dates", () => {
  it("knows real calendar dates", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2025-02-29")).toBe(false);
    expect(isCalendarDate("2025-02-30")).toBe(false);
    expect(isCalendarDate("2025-2-3")).toBe(false);
  });

  it("agrees with the Date round trip on every day of four centuries' edges, and on what is not a day", () => {
    // The reference: a date is real when Date reads it back as written.
    const viaDate = (s: string) => {
      const d = new Date(`${s}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    };
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    const cases: string[] = [
      "0000-02-29",
      "9999-12-31",
      "2024-00-10",
      "2024-13-01",
      "2024-01-00",
      "2024-01-32",
      "2024-1-01",
      " 2024-01-01",
      "2024-01-01Z",
      "",
    ];
    for (const y of [0, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) cases.push(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    for (const s of cases) expect([s, isCalendarDate(s)]).toEqual([s, viaDate(s)]);
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

describe("imfFixdate", () => {
  // A fixed spread of times, each checked against what the runtime's toUTCString writes.
  const times = [
    0,
    Date.parse("0000-01-01T00:00:00Z"),
    Date.parse("0999-12-31T23:59:59Z"),
    Date.parse("2024-02-29T12:05:09.999Z"),
    Date.parse("2026-12-05T23:43:18Z"),
    Date.parse("9999-12-31T23:59:59.999Z"),
    ...Array.from({ length: 500 }, (_, i) => Date.UTC(1990, 0, 1) + i * 7_919_123_457),
  ];
  it("writes what toUTCString writes, for years 0 to 9999", () => {
    for (const t of times) expect(imfFixdate(t)).toBe(new Date(t).toUTCString());
  });
  it("writes RFC 9110's IMF-fixdate: day name, two-digit day, month name, four-digit year, GMT", () => {
    expect(imfFixdate(Date.parse("2026-03-07T04:05:06Z"))).toBe("Sat, 07 Mar 2026 04:05:06 GMT");
  });
});
