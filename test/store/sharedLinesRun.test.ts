// A run that reads a paper's line from its day record (restoreListings, paperLine) after the
// isolate's answers parsed that record: the run is given the answers' shared, frozen papers,
// and must write the paper's record from them as from its own parse. Otherwise as
// olderPaperRecordLast.test.ts: an older read's record of a new paper lands over a newer read's.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { call, NOW, runScrape } from "../helpers";
import { paperRecord } from "../stored";
import { dayPage, slowWrites, untilBlocked } from "./attackShared";

const DAY = "2026-05-18";
const MIN = 60_000;
const NEW_ID = "2605.99001";

const withNewPaper = (title: string) =>
  dayPage(DAY, (p) => {
    const item = structuredClone(p.dailyPapers[0]!);
    item.paper = { ...item.paper, id: NEW_ID, title, upvotes: 1 };
    item.title = title;
    p.dailyPapers.unshift(item);
  });

/** An answer not kept by the isolate, built from what it parsed before. */
async function fresh(path: string): Promise<string> {
  forgetAnswers();
  forgetIndex();
  const res = await call(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

it("a run given the papers the isolate's answers parsed puts the paper's record right, and the answers after show it", async () => {
  await runScrape(
    dayPage(DAY, () => {}),
    { targets: [DAY], now: NOW, repair: false },
  );
  const olderAt = NOW + 10 * MIN;
  const newerAt = olderAt + 15_000;
  const older = slowWrites(env.PAPERS);
  const olderRun = runScrape(withNewPaper("First title"), { kv: older.kv, targets: [DAY], now: olderAt });
  await untilBlocked(older.blocked);
  const newer = slowWrites(env.PAPERS, (key) => !key.startsWith("paper:"));
  const newerRun = runScrape(withNewPaper("Renamed title"), { kv: newer.kv, targets: [DAY], now: newerAt });
  await untilBlocked(newer.blocked);
  older.release();
  await olderRun;
  newer.release();
  await newerRun;
  expect((await paperRecord(NEW_ID))?.paper?.title, "the older read's record").toBe("First title");

  // Answers parse the day record's lines, the new paper's among them, with and without copies.
  expect(await fresh(`/api/papers?date=${DAY}`)).toContain("Renamed title");
  expect(await fresh(`/feed.atom?date=${DAY}`)).toContain("Renamed title");
  expect(await fresh(`/api/papers/${NEW_ID}`)).toContain("First title");

  for (const run of [1, 2]) {
    const report = await runScrape(withNewPaper("Renamed title"), {
      targets: [DAY],
      now: newerAt + run * 10 * MIN,
      repair: false,
    });
    expect(report.errors ?? [], `run ${run}`).toEqual([]);
  }
  expect((await paperRecord(NEW_ID))?.paper?.title, "the paper's record").toBe("Renamed title");
  expect(await fresh(`/api/papers/${NEW_ID}`)).toContain("Renamed title");
  expect(await fresh(`/papers/${NEW_ID}`)).toContain("Renamed title");
});
