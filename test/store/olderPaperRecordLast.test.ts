// Two runs read a day a moment apart, each finding a new paper: the older read under its first
// title, the newer read after it was renamed. Both read the paper's record before either wrote
// it, so neither knows of the other's. A run writes its paper records before its day record and
// summary: the newer read's record of the paper lands, then every write of the older read (its
// record of the paper, with the first title, over the newer one), and the newer read's day record
// and summary last. The day is the newer read's content; only the paper's own record is older.
// Every later read of the renamed page matches the summary and the day record's metadata and
// writes counters only, never looking at paper records, so /api/papers/:id answers the first
// title until the repair pass comes round to the day (found by overlapFuzz.test.ts, seed 203).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { runScrape } from "../helpers";
import { dayKeys, paperRecord } from "../stored";
import { DAY, FIRST, MIN, NEW_ID, newPaperRace, RENAMED, withNewPaper } from "./newPaperRace";

it("an older read's record of a new paper landing over a newer read's is put right by the runs after", async () => {
  const newerAt = await newPaperRace(async () =>
    expect((await paperRecord(NEW_ID))?.paper?.title, "the newer read's record").toBe(RENAMED),
  );
  const K = dayKeys(DAY);
  expect(await env.PAPERS.get(K.day), "the newer read's day record").toContain(RENAMED);
  expect((await paperRecord(NEW_ID))?.paper?.title, "the older read's record").toBe(FIRST);

  // Two later runs read the renamed page.
  for (const run of [1, 2])
    await runScrape(withNewPaper(RENAMED), {
      targets: [DAY],
      now: newerAt + run * 10 * MIN,
      repair: false,
    });
  expect((await paperRecord(NEW_ID))?.paper?.title, "the paper's record").toBe(RENAMED);
});
