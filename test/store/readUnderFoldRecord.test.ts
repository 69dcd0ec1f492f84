// A fold (a run that read nothing upstream) writes a day's record at its own time when it puts
// back a paper a slower run undid. A read stamped a moment before the fold, of a page on which a
// paper was renamed since any run read the day, reads the day's summary before the fold's lands
// and its record after: the summary is of another version, so the record's stamp alone dates the
// day's content, and the read counted as older than it, kept the old title and wrote no record.
// The fold's content was read long before; the paper's own record, which every write that changes
// its content writes first, says its content is older than the read (found by overlapFuzz.test.ts,
// seed 47351).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { dayRecordKey, paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { summaryKey } from "../../src/store/values/summary";
import { madeUpDay, observedOf } from "./attackShared";

const { DAY, T0, MIN, paper, run, settle, undoneRead } = madeUpDay("2026-05-18");

it("a read stamped before a fold's record, under an older summary, still writes a rename", async () => {
  const [a, b, c] = ["2605.50001", "2605.50002", "2605.50003"];
  const kv = env.PAPERS;
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  // A read that added a paper, whose day record and summary an older run's then landed over.
  const xAt = T0 + 5 * MIN;
  const { settled: x, summary: before } = await undoneRead(xAt, [paper(a, 1), paper(b, 2), paper(c, 3)]);

  // A fold puts the paper back, writing the day record at its time; the read below read the
  // summary before the fold's summary landed.
  const foldAt = T0 + 20 * MIN;
  const fold = await run(foldAt, { observed: [observedOf(xAt, x, { wrote: true })] });
  expect(fold.contentWritten, "the fold writes the day's content").toBe(true);
  await kv.put(summaryKey(DAY), before);

  // The read, stamped a minute before the fold, sees the rename.
  const readAt = foldAt - MIN;
  await settle(readAt, [paper(a, 1, "The renamed title"), paper(b, 2), paper(c, 3)]);
  const line = paperLine((await kv.get(dayRecordKey(DAY)))!, DAY, a)?.content?.title;
  expect(line, "the day's line").toBe("The renamed title");
  const own = decodePaperRecord((await kv.get(paperRecordKey(a)))!, a)?.paper?.title;
  expect(own, "the paper's record").toBe("The renamed title");
});
