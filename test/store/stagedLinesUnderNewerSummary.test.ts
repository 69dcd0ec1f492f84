// A staged read settled late writes the day's record stamped at its settling time, its lines as old
// as its read (read_at). A read renames a paper (B) and an older read lands its summary; the staged
// read, made before the rename's writes landed and settled after, reads the day and finds B too; a
// newer read reads the day then and renames the paper again (C), naming every run in its summary.
// Its summary and paper record land, and the staged read's day record (B) last. No run is left out
// of the summary, so none folds; the repair pass weighed the paper's record (C, read after the
// staged read's lines) against the day record's stamp, the staged read's settling time, found it
// older, and wrote a summary of the older line: every run after served B.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { heldWrites, lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const day = madeUpDay("2026-05-18");
const { T0, MIN, K } = day;
const [a, x] = ["2605.71101", "2605.71102"];
const _kv = env.PAPERS;
const [text, brief, hist] = [`text:${day.DAY}`, `brief:${day.DAY}`, `hist:${day.DAY}`];

it("the repair pass weighs a staged read's lines by their read, not by the day record's stamp", async () => {
  await day.settle(T0, [day.paper(a, 1), day.paper(x, 1, "A")]);
  // A read renames x to B: its history and summary land.
  const renamed = heldWrites();
  await day.run(T0 + 46 * MIN, { papers: [day.paper(a, 47), day.paper(x, 47, "B")], kv: renamed.kv });
  await renamed.land(hist, K.summary);
  // An older read (still A) reads the day; its summary lands, then the rename's paper record.
  const older = heldWrites();
  await day.run(T0 + 17 * MIN, { papers: [day.paper(a, 18), day.paper(x, 18, "A")], kv: older.kv });
  await older.land(K.summary);
  await renamed.land(`paper:${x}`);
  await older.land(text, hist);
  // A staged read made before the rename's writes landed finds B, and settles 30 minutes later: it
  // reads the day now; its summary lands.
  const staged = heldWrites();
  await day.run(T0 + 36 * MIN, {
    papers: [day.paper(a, 37), day.paper(x, 37, "B")],
    kv: staged.kv,
    versionAt: T0 + 66 * MIN,
  });
  await staged.land(K.summary);
  // A newer read renames x to C; it reads the day now, and names every run in its summary.
  const newer = heldWrites();
  await day.run(T0 + 58 * MIN, { papers: [day.paper(a, 59), day.paper(x, 59, "C")], kv: newer.kv });
  await renamed.land(text);
  await newer.land(brief, K.summary);
  await renamed.land(K.day, brief);
  await older.land(brief);
  await newer.land(`paper:${x}`, K.day, text, hist);
  await staged.land(text, K.day, brief, hist);
  expect((await storedPaperRecord(x))?.paper?.title, "x's record, the newest read's").toBe("C");
  expect(await lineTitle(day.DAY, x), "the day's line, the staged read's").toBe("B");

  // Upstream down: the runs after, the repair pass among them.
  await day.run(T0 + 120 * MIN, { observed: [] });
  await day.run(T0 + 130 * MIN, { check: true });
  await day.run(T0 + 140 * MIN, { observed: [] });
  expect(await lineTitle(day.DAY, x), "the day's line").toBe("C");
  expect((await storedPaperRecord(x))?.paper?.title, "x's record").toBe("C");
});
