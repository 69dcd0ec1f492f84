// A search finds papers by their line in a search value (word index, search text, brief),
// and selection takes them by their position in the day's summary. The two are written in
// the same order, but nothing makes them keep it: a summary rewritten in another order must
// still find the same papers.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PapersAnswer } from "../../src/serve/answers";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { decodeSummary, encodeSummary } from "../../src/store/values/summary";
import { fakeOrigin } from "../fixtures";
import { answer, runScrape } from "../helpers";
import { dayKeys, storedDay, wordIndexBuilt } from "../stored";

/** A settled day, so it has a word index as well as its search text and brief. */
const DAY = "2024-10-25";

async function found(qs: string): Promise<string[]> {
  forgetAnswers();
  forgetIndex();
  return (await answer(PapersAnswer, `/api/papers?date=${DAY}&${qs}`)).papers.map((p) => p.id).sort();
}

describe("search hits and the summary's order", () => {
  it("a summary listing the day's papers in another order than its search values finds the same papers", async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    await wordIndexBuilt(DAY);
    const papers = (await storedDay(DAY))!.papers;
    const some = papers[1]!;
    const word = some.title.toLowerCase().match(/[a-z]{5,}/)![0];
    const queries = [
      `q=${word}`, // a word: the word index
      `q=${encodeURIComponent(some.title.toLowerCase().slice(0, 12))}`, // across words: the search text
      `author=${encodeURIComponent(some.authors[0]!)}`, // the brief
    ];
    const before = await Promise.all(queries.map(found));
    for (const [i, ids] of before.entries()) {
      expect(ids, queries[i]).toContain(some.id);
      expect(ids.length, queries[i]).toBeLessThan(papers.length);
    }

    const key = dayKeys(DAY).summary;
    const summary = decodeSummary((await env.PAPERS.get(key))!, DAY)!;
    await env.PAPERS.put(
      key,
      encodeSummary({
        ...summary,
        ids: [...summary.ids].reverse(),
        counters: [...summary.counters].reverse(),
      }),
    );
    expect(await Promise.all(queries.map(found))).toEqual(before);
  });
});
