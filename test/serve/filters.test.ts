// The list parameters, on every list format: what each selects, and the 400 each bad value
// answers, naming the parameter and the rule.
import { describe, expect, it } from "vitest";
import { PapersAnswer, Problem } from "../../src/serve/answers";
import { FORMATS } from "../../src/serve/formats";
import { JsonFeedAnswer } from "../feedValidators";
import { COUNTS, fakeOrigin, MAY_2026_COUNT, pageWith, propsOf } from "../fixtures";
import { answer, call, LATER, runScrape, shareStorage, testHost } from "../helpers";

// Every test here only reads: each block scrapes the fixtures once.
const storeFixtures = () => runScrape(fakeOrigin());

const papersOf = async (qs: string) => (await answer(PapersAnswer, `/api/papers?${qs}`)).papers;
const byDateThenVotes = (a: { date: string; upvotes: number }, b: { date: string; upvotes: number }) =>
  a.date < b.date ? 1 : a.date > b.date ? -1 : b.upvotes - a.upvotes;

describe("day parameters", () => {
  shareStorage(storeFixtures);

  it("date= selects one listed day", async () => {
    const body = await answer(PapersAnswer, "/api/papers?date=2026-05-15");
    expect(body.count).toBe(COUNTS["2026-05-15"]);
    expect(body.papers.every((p) => p.date === "2026-05-15")).toBe(true);
    expect(body.filters).toEqual({ date: "2026-05-15" });
  });

  it("date= of a day with no list answers an empty list", async () => {
    const body = await answer(PapersAnswer, "/api/papers?date=2026-05-16");
    expect(body.papers).toEqual([]);
    expect(body.days).toEqual([]);
  });

  it("from= and to= select an inclusive range, newest day first, then most upvoted", async () => {
    const body = await answer(PapersAnswer, "/api/papers?from=2026-05-14&to=2026-05-18");
    expect(body.days).toEqual(["2026-05-18", "2026-05-15", "2026-05-14"]);
    expect(body.total).toBe(MAY_2026_COUNT);
    expect(body.papers).toEqual([...body.papers].sort(byDateThenVotes));
    expect((await answer(PapersAnswer, "/api/papers?from=2026-05-15&to=2026-05-15")).total).toBe(
      COUNTS["2026-05-15"],
    );
  });

  it("week= is an ISO week, Monday to Sunday", async () => {
    expect(new Set((await papersOf("week=2026-W20")).map((p) => p.date))).toEqual(
      new Set(["2026-05-14", "2026-05-15"]),
    );
    expect(new Set((await papersOf("week=2026-W21")).map((p) => p.date))).toEqual(new Set(["2026-05-18"]));
    expect(await papersOf("week=2026-W01")).toEqual([]);
  });

  it("month= covers the month", async () => {
    expect(await papersOf("month=2026-05")).toHaveLength(MAY_2026_COUNT);
    expect(await papersOf("month=2024-10")).toHaveLength(COUNTS["2024-10-25"]);
  });

  it("accepts a range of exactly 92 days", async () => {
    expect((await call("/api/papers?from=2026-02-16&to=2026-05-18")).status).toBe(200);
  });
});

describe("other filters", () => {
  shareStorage(storeFixtures);

  it("min_upvotes= compares numbers, not strings; limit= cuts the page, not the total", async () => {
    expect((await papersOf("date=2026-05-15&min_upvotes=50")).map((p) => p.upvotes)).toEqual([
      140, 84, 69, 69, 55, 50,
    ]);
    expect(await papersOf("date=2026-05-15&min_upvotes=1000000")).toEqual([]);
    const limited = await answer(PapersAnswer, "/api/papers?date=2026-05-15&limit=3");
    expect(limited.count).toBe(3);
    expect(limited.total).toBe(COUNTS["2026-05-15"]);
    expect(limited.papers.map((p) => p.upvotes)).toEqual([140, 84, 69]);
  });

  it("q= matches title, abstract and AI keywords, case-insensitively", async () => {
    expect((await papersOf("q=ffavatar")).map((p) => p.id)).toEqual(["2605.15320"]);
    expect((await papersOf("q=NERSEMBLE%20benchmark")).map((p) => p.id)).toEqual(["2605.15320"]);
    expect(await papersOf("q=zzzz-no-such-thing")).toEqual([]);
  });

  it("sort=upvotes sorts across days; the default sorts by day, then upvotes", async () => {
    const byVotes = await papersOf("month=2026-05&sort=upvotes");
    expect(byVotes.map((p) => p.upvotes)).toEqual(byVotes.map((p) => p.upvotes).sort((a, b) => b - a));
    expect(byVotes).toHaveLength(MAY_2026_COUNT);
    const byDate = await papersOf("month=2026-05");
    expect(byDate).toEqual([...byDate].sort(byDateThenVotes));
  });

  it("feed titles say what they are filtered on", async () => {
    const feed = await answer(JsonFeedAnswer, "/feed.json?min_upvotes=20&week=2026-W20&q=agents");
    expect(feed.title).toBe('Hugging Face Daily Papers, week 2026-W20, 20+ upvotes, matching "agents"');
  });
});

describe("bad input answers 400 naming the parameter and the rule, on every list format", () => {
  shareStorage(storeFixtures);

  it.each([
    ["date=2025-02-30", "date"],
    ["date=2025-2-3", "date"],
    ["date=yesterday", "date"],
    ["date=", "date"],
    ["date=%E0%A4%A", "date"],
    ["from=2026-05-18&to=2026-05-14", "from"],
    ["from=2026-01-01&to=2026-05-14", "to"],
    ["from=2026-05-14", "to"],
    ["to=2026-05-14", "from"],
    ["date=2026-05-14&from=2026-05-14&to=2026-05-15", "from"],
    ["date=2026-05-14&week=2026-W20", "week"],
    ["month=2026-05&from=2026-05-14&to=2026-05-15", "month"],
    ["week=2026-W54", "week"],
    ["week=2025-W53", "week"],
    ["week=2026-20", "week"],
    ["month=2026-13", "month"],
    ["month=2026-5", "month"],
    ["sort=votes", "sort"],
    ["q=", "q"],
    ["cursor=nonsense", "cursor"],
    ["min_upvotes=-1", "min_upvotes"],
    ["min_upvotes=1.5", "min_upvotes"],
    ["min_upvotes=ten", "min_upvotes"],
    ["min_upvotes=1000001", "min_upvotes"],
    ["min_upvotes=1e3", "min_upvotes"],
    ["min_upvotes=%00", "min_upvotes"],
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=abc", "limit"],
    ["limit=99999999999999999999", "limit"],
  ])("%s", async (qs, parameter) => {
    // The front page reads an empty field as "not set", so it is left out for empty values.
    const formats = FORMATS.filter((f) => !(f.path === "/" && /=(&|$)/.test(qs)));
    for (const { path } of formats) {
      const res = await call(`${path}?${qs}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = Problem.parse(await res.json());
      expect(body).toMatchObject({
        type: `${testHost()}/problems/invalid-parameter`,
        title: "Invalid parameter",
        status: 400,
        parameter,
      });
      expect(body.detail).toBe(`Invalid parameter "${parameter}": ${body.rule}`);
    }
  });

  it("a query string that is not parameters at all is ignored like unknown parameters", async () => {
    for (const qs of ["%", "&&&", "date[]=x"]) {
      const body = await answer(PapersAnswer, `/api/papers?${qs}`);
      expect(body.days, qs).toEqual(["2026-05-18"]);
    }
  });

  it("a repeated parameter is refused, naming it, even with the same value twice", async () => {
    for (const qs of ["date=2026-05-15&date=bad", "date=2026-05-15&date=2026-05-15"]) {
      const res = await call(`/api/papers?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(Problem.parse(await res.json()), qs).toMatchObject({
        parameter: "date",
        rule: "must be given once",
      });
    }
  });
});

describe("author= and org=", () => {
  /** A day with an accented author and a hidden one, stored beside the fixtures. */
  async function storeAccentedDay() {
    const props = propsOf("2026-05-15");
    const items = props.dailyPapers.slice(0, 2).map((item, n) => ({
      ...item,
      paper: {
        ...item.paper,
        id: `2605.8880${n}`,
        submittedOnDailyAt: "2026-05-13T00:00:00.000Z",
        authors: [{ name: n ? "Yann LeCun" : "Zoë Müller" }, { name: "Secret Person", hidden: true }],
        organization: n ? { name: "facebook", fullname: "AI at Meta" } : undefined,
      },
      organization: undefined,
    }));
    const origin = fakeOrigin((url) =>
      url.endsWith("2026-05-13")
        ? new Response(pageWith({ dailyPapers: items, dateString: "2026-05-13" }))
        : undefined,
    );
    await runScrape(origin, { targets: ["2026-05-13"], now: LATER });
  }
  shareStorage(async () => {
    await storeFixtures();
    await storeAccentedDay();
  });

  it("author= matches part of any visible author's name, ignoring case and accents, combined with other parameters", async () => {
    for (const name of ["zoe muller", "ZOË", "Müller", "oe mu"]) {
      expect(
        (await papersOf(`author=${encodeURIComponent(name)}`)).map((p) => p.id),
        name,
      ).toEqual([]);
      expect(
        (await papersOf(`month=2026-05&author=${encodeURIComponent(name)}`)).map((p) => p.id),
        name,
      ).toEqual(["2605.88800"]);
    }
    expect((await papersOf("date=2026-05-13&author=lecun")).map((p) => p.id)).toEqual(["2605.88801"]);
    // A hidden author is never matched.
    expect(await papersOf("month=2026-05&author=secret")).toEqual([]);
    expect(await papersOf("month=2026-05&author=lecun&min_upvotes=1000000")).toEqual([]);
  });

  it("org= matches the organisation's name or full name", async () => {
    const byName = await papersOf("month=2026-05&org=facebook");
    expect(byName.map((p) => p.id)).toContain("2605.88801");
    expect(byName.every((p) => p.organization?.name === "facebook")).toBe(true);
    const byFullName = await papersOf("month=2026-05&org=ai%20at%20META");
    expect(byFullName.map((p) => p.id)).toEqual(byName.map((p) => p.id));
    const princeton = await papersOf("month=2026-05&org=princeton");
    expect(princeton.map((p) => p.id)).toContain("2605.13997");
    expect(
      princeton.every((p) => /princeton/i.test(`${p.organization?.name} ${p.organization?.fullname}`)),
    ).toBe(true);
  });

  it("both appear in the feed title", async () => {
    const feed = await answer(JsonFeedAnswer, "/feed.json?author=Yann%20LeCun&org=meta");
    expect(feed.title).toBe("Hugging Face Daily Papers, author Yann LeCun, organisation meta");
  });

  it.each([
    ["author=", "author"],
    [`author=${"x".repeat(201)}`, "author"],
    ["author=a%01b", "author"],
    ["org=", "org"],
    [`org=${"y".repeat(201)}`, "org"],
    ["org=%1F", "org"],
  ])("%s is refused naming the parameter", async (qs, parameter) => {
    const res = await call(`/feed.atom?${qs}`);
    expect(res.status).toBe(400);
    expect(Problem.parse(await res.json()).parameter).toBe(parameter);
  });
});

describe("a cursor belongs to the order that made it", () => {
  shareStorage(storeFixtures);
  const cursorFrom = async (qs: string) => {
    const next = (await answer(PapersAnswer, `/api/papers?${qs}`)).next;
    expect(next, qs).toBeTruthy();
    return new URL(next!).searchParams.get("cursor")!;
  };

  it.each([
    ["sort=upvotes&month=2026-05&limit=2", "limit=2"],
    ["sort=upvotes&month=2026-05&limit=2", "sort=rising&month=2026-05&limit=2"],
    ["month=2026-05&limit=2", "sort=upvotes&month=2026-05&limit=2"],
    ["sort=rising&month=2026-05&limit=2", "month=2026-05&limit=2"],
  ])("a cursor of %s is refused on %s, naming cursor and the order", async (from, on) => {
    const cursor = await cursorFrom(from);
    const res = await call(`/api/papers?${on}&cursor=${cursor}`);
    expect(res.status).toBe(400);
    const body = Problem.parse(await res.json()) as { parameter?: string; rule?: string };
    expect(body.parameter).toBe("cursor");
    expect(body.rule).toMatch(/order/);
  });

  it("in its own order it goes on, under other filters too", async () => {
    const cursor = await cursorFrom("sort=upvotes&month=2026-05&limit=2");
    const next = await answer(
      PapersAnswer,
      `/api/papers?sort=upvotes&month=2026-05&limit=2&cursor=${cursor}`,
    );
    expect(next.papers).toHaveLength(2);
    const filtered = await call(`/api/papers?sort=upvotes&month=2026-05&min_upvotes=1&cursor=${cursor}`);
    expect(filtered.status).toBe(200);
  });
});

describe("cursors as written", () => {
  shareStorage(storeFixtures);
  const b64 = (v: unknown) =>
    btoa(JSON.stringify(v)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

  it.each([
    ["a date position with two extra numbers", "", ["date", "2026-05-15", 1, "2605.00001", 5, 6]],
    ["an upvotes position with a gain", "sort=upvotes&", ["upvotes", "2026-05-15", 1, "2605.00001", 5]],
    [
      "a rising position with an extra number",
      "sort=rising&",
      ["rising", "2026-05-15", 1, "2605.00001", 5, 6],
    ],
    ["a rising position without its gain", "sort=rising&", ["rising", "2026-05-15", 1, "2605.00001"]],
    [
      "a date position with 1,000 extra zeros",
      "",
      ["date", "2026-05-15", 1, "2605.00001", ...Array(1000).fill(0)],
    ],
  ])("%s is refused: a position has exactly its order's elements", async (_, qs, cursor) => {
    const res = await call(`/api/papers?${qs}month=2026-05&cursor=${b64(cursor)}`);
    expect(res.status).toBe(400);
    expect((Problem.parse(await res.json()) as { parameter?: string }).parameter).toBe("cursor");
  });

  it.each([
    ["", ["2026-05-15", 1, "2605.00001"]],
    ["sort=upvotes&", ["2026-05-15", 1, "2605.00001"]],
    ["sort=rising&", ["2026-05-15", 1, "2605.00001", 0]],
  ])("a cursor of the earlier layout (no order named) still pages (%s)", async (qs, cursor) => {
    expect((await call(`/api/papers?${qs}month=2026-05&cursor=${b64(cursor)}`)).status).toBe(200);
  });

  it("an earlier cursor of the wrong length for its order is refused", async () => {
    const rising = await call(`/api/papers?sort=rising&cursor=${b64(["2026-05-15", 1, "2605.00001"])}`);
    expect(rising.status).toBe(400);
  });
});
