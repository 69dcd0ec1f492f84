// Two scrapes of a day a moment apart, each finding the same paper new: the older read under
// its first title, the newer read after it was renamed. Both read the paper's record before
// either wrote it. A run writes its paper records before its day record and summary: the newer
// read's record of the paper lands, then every write of the older read, then the newer read's
// day record and summary. What olderPaperRecordLast and sharedLinesRun start from.
import { env } from "cloudflare:workers";
import { NOW, runScrape } from "../helpers";
import { dayPage, slowWrites, untilBlocked } from "./attackShared";

export const DAY = "2026-05-18";
export const MIN = 60_000;
export const NEW_ID = "2605.99001";
export const [FIRST, RENAMED] = ["First title", "Renamed title"];

/** The day's page with the new paper first, under `title`. */
export const withNewPaper = (title: string) =>
  dayPage(DAY, (p) => {
    const item = structuredClone(p.dailyPapers[0]!);
    item.paper = { ...item.paper, id: NEW_ID, title, upvotes: 1 };
    item.title = title;
    p.dailyPapers.unshift(item);
  });

/**
 * The day scraped once, then the race; `whileWaiting` looks at the store once the newer read's
 * paper records have landed. The newer read's time.
 */
export async function newPaperRace(whileWaiting: () => Promise<void> = async () => {}): Promise<number> {
  await runScrape(
    dayPage(DAY, () => {}),
    { targets: [DAY], now: NOW, repair: false },
  );
  const olderAt = NOW + 10 * MIN;
  const newerAt = olderAt + 15_000;
  // The older read reads everything; its writes wait.
  const older = slowWrites(env.PAPERS);
  const olderRun = runScrape(withNewPaper(FIRST), { kv: older.kv, targets: [DAY], now: olderAt });
  await untilBlocked(older.blocked);
  // The newer read reads the same values; its paper records land, the rest waits.
  const newer = slowWrites(env.PAPERS, (key) => !key.startsWith("paper:"));
  const newerRun = runScrape(withNewPaper(RENAMED), { kv: newer.kv, targets: [DAY], now: newerAt });
  await untilBlocked(newer.blocked);
  await whileWaiting();
  older.release();
  await olderRun;
  newer.release();
  await newerRun;
  return newerAt;
}
