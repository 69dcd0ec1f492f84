// Inputs that must never crash a route or break an answer: odd path bytes, characters XML
// cannot carry, years a calendar function misreads.
import { describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { FORMATS } from "../../src/serve/formats";
import { parseAtom } from "../feedValidators";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

describe("hostile input", () => {
  it.each(["%", "%ZZ", "%E0%A4%A", "2605.13301%"])("/api/papers/%s answers 400 naming id", async (id) => {
    const res = await call(`/api/papers/${id}`);
    expect(res.status).toBe(400);
    expect(Problem.parse(await res.json()).parameter).toBe("id");
  });

  it.each(["%01", "%00", "%1F", "%EF%BF%BF", "%EF%BF%BE", "a%0Bb"])(
    "q=%s is refused with 400 on every list format",
    async (q) => {
      for (const { path } of FORMATS) {
        const res = await call(`${path}?q=${q}`);
        expect(res.status, path).toBe(400);
        expect(Problem.parse(await res.json())).toMatchObject({ parameter: "q" });
      }
    },
  );

  it("q= with tabs, accents and emoji is fine, and the feed stays well-formed", async () => {
    await runScrape(fakeOrigin());
    const res = await call("/feed.atom?q=caf%C3%A9%20%F0%9F%9A%80");
    expect(res.status).toBe(200);
    expect(parseAtom(await res.text()).feed.title["#text"]).toBe(
      'Hugging Face Daily Papers, matching "café 🚀"',
    );
  });

  it.each([
    ["month=0026-05", "month"],
    ["week=0026-W05", "week"],
    ["date=0099-01-01", "date"],
    ["from=1999-01-01&to=1999-01-02", "from"],
  ])("%s is refused: no Daily Papers list is that old", async (qs, parameter) => {
    const res = await call(`/api/papers?${qs}`);
    expect(res.status).toBe(400);
    const problem = Problem.parse(await res.json());
    expect(problem.parameter).toBe(parameter);
    expect(problem.rule).toMatch(/2023/);
  });
});
