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
import { NOW, runScrape } from "../helpers";
import { dayKeys, paperRecord } from "../stored";
import { dayPage, slowWrites, untilBlocked } from "./attackShared";

const DAY = "2026-05-18";
const MIN = 60_000;
const NEW_ID = "2605.99001";

/** The day's page with a new paper first, under `title`. */
const withNewPaper = (title: string) =>
  dayPage(DAY, (p) => {
    const item = structuredClone(p.dailyPapers[0]!);
    item.paper = { ...item.paper, id: NEW_ID, title, upvotes: 1 };
    item.title = title;
    p.dailyPapers.unshift(item);
  });

it("an older read's record of a new paper landing over a newer read's is put right by the runs after", async () => {
  await runScrape(
    dayPage(DAY, () => {}),
    { targets: [DAY], now: NOW, repair: false },
  );
  const olderAt = NOW + 10 * MIN;
  const newerAt = olderAt + 15_000;

  // The older read reads everything; its writes wait.
  const older = slowWrites(env.PAPERS);
  const olderRun = runScrape(withNewPaper("First title"), { kv: older.kv, targets: [DAY], now: olderAt });
  await untilBlocked(older.blocked);
  // The newer read reads the same values; its paper records land, the rest waits.
  const newer = slowWrites(env.PAPERS, (key) => !key.startsWith("paper:"));
  const newerRun = runScrape(withNewPaper("Renamed title"), { kv: newer.kv, targets: [DAY], now: newerAt });
  await untilBlocked(newer.blocked);
  expect((await paperRecord(NEW_ID))?.paper?.title, "the newer read's record").toBe("Renamed title");
  older.release();
  await olderRun;
  newer.release();
  await newerRun;
  const K = dayKeys(DAY);
  expect(await env.PAPERS.get(K.day), "the newer read's day record").toContain("Renamed title");
  expect((await paperRecord(NEW_ID))?.paper?.title, "the older read's record").toBe("First title");

  // Two later runs read the renamed page.
  for (const run of [1, 2])
    await runScrape(withNewPaper("Renamed title"), {
      targets: [DAY],
      now: newerAt + run * 10 * MIN,
      repair: false,
    });
  expect((await paperRecord(NEW_ID))?.paper?.title, "the paper's record").toBe("Renamed title");
});
