// Stored text has every run of white space folded into one space (core/text.ts), and the
// search values are built from it: so is a needle, or "language  model" (two spaces, as a
// pasted phrase often has) or "language\u00A0model" (a no-break space) would find nothing
// where "language model" finds papers.
import { describe, expect, it } from "vitest";
import { PapersAnswer } from "../../src/serve/answers";
import { fakeOrigin } from "../fixtures";
import { answer, runScrape } from "../helpers";

const found = async (qs: string) =>
  (await answer(PapersAnswer, `/api/papers?month=2026-05&${qs}`)).papers.map((p) => p.id);

describe("white space inside a search needle", () => {
  it("q finds what the same words with one space between them find", async () => {
    await runScrape(fakeOrigin());
    const single = await found("q=language%20model");
    expect(single.length).toBeGreaterThan(0);
    for (const spaced of ["language%20%20model", "language%C2%A0model", "language%E2%80%83model"])
      expect(await found(`q=${spaced}`), spaced).toEqual(single);
  });

  it("author finds what the same name with one space finds", async () => {
    await runScrape(fakeOrigin());
    const { papers } = await answer(PapersAnswer, "/api/papers?month=2026-05");
    const name = papers.flatMap((p) => p.authors).find((a) => /^\S+ \S+$/.test(a))!;
    const single = await found(`author=${encodeURIComponent(name)}`);
    expect(single.length).toBeGreaterThan(0);
    expect(await found(`author=${encodeURIComponent(name.replace(" ", "  "))}`)).toEqual(single);
  });
});
