// A paper listed on one day, new to another. Three runs within a minute: a read of the second day,
// whose upstream read is slow, so that it reads the store last; a read of the first day 20 s on,
// which finds the paper renamed; a fold of the second day 40 s on (upstream down, merging a read
// the summary lacked), which runs whole first and stamps the day's summary at its time. The older
// read reads the paper's record (the old title) before the rename's read writes it, and finds the
// paper new to its day: it writes the paper's record with the old title it read, stamped at the
// day's version, past the fold's, so after the rename's read. Its record lands over the rename's,
// and every run after takes it for the newer: the first day's line stays renamed, while the
// paper's own record keeps the old title, through the ordinary runs and the repair pass.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import {
  lineTitle,
  madeUpDay,
  observedOf,
  runsAfterThenRepair,
  slowWrites,
  storedPaperRecord,
  untilBlocked,
} from "./attackShared";

const second = madeUpDay("2026-05-18");
const first = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const SEC = 1000;
const [a, c, y] = ["2605.50001", "2605.50002", "2605.50003"];
const renamed = "The renamed title";
const kv = env.PAPERS;

const own = async () => (await storedPaperRecord(y))?.paper?.title;
const line = (day: string) => lineTitle(day, y);

it("an older read of a paper new to its day, stamped past a fold, leaves the rename read since", async () => {
  await first.settle(T0, [first.paper(c, 3), first.paper(y, 2)]);
  await second.settle(T0, [second.paper(a, 1)]);

  // A read of the second day whose summary a slower run's landed over; a fold merges it back later.
  const { settled: undone } = await second.undoneRead(T0 + 5 * MIN, [second.paper(a, 5)]);

  // Three runs within a minute: the older read, the rename's read 20 s on, the fold 40 s on. The
  // fold runs whole first (stamping the day's summary at its time).
  const olderAt = T0 + 10 * MIN;
  await second.run(olderAt + 40 * SEC, { observed: [observedOf(T0 + 5 * MIN, undone)] });

  // A read of the second day, which lists y now (its old title), reads; its writes wait.
  const older = slowWrites(kv);
  const reading = second.run(olderAt, { papers: [second.paper(a, 5), second.paper(y, 2)], kv: older.kv });
  await untilBlocked(older.blocked);

  // The rename's read of the first day.
  await first.settle(olderAt + 20 * SEC, [first.paper(c, 3), first.paper(y, 2, renamed)]);
  expect(await own(), "y's record after the rename's read").toBe(renamed);

  // The older read's writes land.
  older.release();
  await reading;
  expect(await own(), "y's record after the older read landed").not.toBe(renamed);

  // Upstream down: the runs after, then the repair pass on both days.
  await runsAfterThenRepair([first, second], T0 + 30 * MIN);
  expect(await line(first.DAY), "the first day's line").toBe(renamed);
  expect(await own(), "y's record after the repair pass").toBe(renamed);
});
