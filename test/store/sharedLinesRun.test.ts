// A run that reads a paper's line from its day record (restoreListings, paperLine) after the
// isolate's answers parsed that record: the run is given the answers' shared, frozen papers,
// and must write the paper's record from them as from its own parse. Otherwise as
// olderPaperRecordLast.test.ts: an older read's record of a new paper lands over a newer read's.
import { expect, it } from "vitest";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { call, runScrape } from "../helpers";
import { paperRecord } from "../stored";
import { DAY, FIRST, MIN, NEW_ID, newPaperRace, RENAMED, withNewPaper } from "./newPaperRace";

/** An answer not kept by the isolate, built from what it parsed before. */
async function fresh(path: string): Promise<string> {
  forgetAnswers();
  forgetIndex();
  const res = await call(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

it("a run given the papers the isolate's answers parsed puts the paper's record right, and the answers after show it", async () => {
  const newerAt = await newPaperRace();
  expect((await paperRecord(NEW_ID))?.paper?.title, "the older read's record").toBe(FIRST);

  // Answers parse the day record's lines, the new paper's among them, with and without copies.
  expect(await fresh(`/api/papers?date=${DAY}`)).toContain(RENAMED);
  expect(await fresh(`/feed.atom?date=${DAY}`)).toContain(RENAMED);
  expect(await fresh(`/api/papers/${NEW_ID}`)).toContain(FIRST);

  for (const run of [1, 2]) {
    const report = await runScrape(withNewPaper(RENAMED), {
      targets: [DAY],
      now: newerAt + run * 10 * MIN,
      repair: false,
    });
    expect(report.errors ?? [], `run ${run}`).toEqual([]);
  }
  expect((await paperRecord(NEW_ID))?.paper?.title, "the paper's record").toBe(RENAMED);
  expect(await fresh(`/api/papers/${NEW_ID}`)).toContain(RENAMED);
  expect(await fresh(`/papers/${NEW_ID}`)).toContain(RENAMED);
});
