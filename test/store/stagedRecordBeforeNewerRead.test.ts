// A staged read of a day, made before a paper's rename, finds the paper new to its day: settled
// late, it writes the paper's record with the old title, stamped at its settling time. A read of
// another day, made after the rename (the paper now listed there too) but before that settling
// time, reads the paper's record after the staged read's write landed: it finds the paper new to
// its day, sees the record stamped after its own read, and takes that record's content (the old
// title) for "a newer read", though the record holds the oldest read of all.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { dayRecordKey, paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { lineTitle, madeUpDay, slowWrites, storedPaperRecord, untilBlocked } from "./attackShared";

const X = madeUpDay("2026-05-18");
const Y = madeUpDay("2026-05-20");
const { T0, MIN } = X;
const SEC = 1000;
const [a, b, c, p] = ["2605.80001", "2605.80002", "2605.80004", "2605.80003"];
const renamed = "The renamed title";
const [oldP, oldQ, oldR] = ["Title 2605.80003", "Title 2605.80013", "Title 2605.80023"];
const kv = env.PAPERS;

const line = (day: string) => lineTitle(day, p);
const own = () => storedPaperRecord(p);

it("a staged read's late-stamped record of a paper leaves a newer read of its other day its rename", async () => {
  await X.settle(T0, [X.paper(a, 1), X.paper(b, 2)]);
  await Y.settle(T0, [Y.paper(c, 1)]);

  // Day X lists p now (its old title): a read made now is staged.
  const stagedAt = T0 + 10 * MIN;
  // p is renamed and day Y lists it too; a read of Y is made then (T1).
  const newerAt = T0 + 40 * MIN;
  // The staged read is settled a few seconds after that read, which reads p's record after it.
  await X.run(stagedAt, {
    papers: [X.paper(a, 1), X.paper(b, 2), X.paper(p, 3)],
    versionAt: newerAt + 2 * SEC,
  });
  expect((await own())?.paper?.title, "the staged read's record of p").not.toBe(renamed);
  await Y.run(newerAt, { papers: [Y.paper(c, 1), Y.paper(p, 3, renamed)] });
  expect(await line(Y.DAY), "Y's line after the newer read").toBe(renamed);
  expect((await own())?.paper?.title, "p's record after the newer read").toBe(renamed);

  // Later runs, upstream down: the repair pass on both days.
  await X.run(T0 + 50 * MIN, { check: true });
  await Y.run(T0 + 50 * MIN, { check: true });
  await X.run(T0 + 60 * MIN, { check: true });
  await Y.run(T0 + 60 * MIN, { check: true });
  expect((await own())?.paper?.title, "p's record after the repair passes").toBe(renamed);
  expect(await line(Y.DAY), "Y's line after the repair passes").toBe(renamed);
  // X's line is its own (staged) read's title, or the rename carried over from the record (as
  // checkServed takes either): never a title no read of X or of the paper made last.
  expect([oldP, renamed], "X's line after the repair passes").toContain(await line(X.DAY));
});

// The same where day Y lists p already, and a read of Y after the rename wrote it (record and line)
// first: the staged read of X, which read p's record before that write, settles beside it, and its
// record of the old title, stamped later, lands last. A read of Y made after that read, but before
// the staged read's settling time, finds p as Y's line has it (the rename) and takes the record's
// old title over its own, with a paper new to Y so that it writes the day's content.
it("a staged read's late-stamped record of a paper leaves a newer read of a day listing it its line", async () => {
  const X2 = madeUpDay("2026-05-16");
  const Y2 = madeUpDay("2026-05-17");
  const [a2, b2, c2, d2, q] = ["2605.80011", "2605.80012", "2605.80014", "2605.80015", "2605.80013"];
  const line2 = async (day: string) => paperLine((await kv.get(dayRecordKey(day)))!, day, q)?.content?.title;
  const own2 = async () => decodePaperRecord((await kv.get(paperRecordKey(q)))!, q);
  await X2.settle(T0, [X2.paper(a2, 1), X2.paper(b2, 2)]);
  await Y2.settle(T0, [Y2.paper(c2, 1), Y2.paper(q, 3)]);

  // Day X lists q now (its old title): a read made now is staged.
  const stagedAt = T0 + 10 * MIN;
  const renamedAt = T0 + 40 * MIN;
  const newerAt = renamedAt + 20 * SEC;
  // The staged read settles at newerAt + 2s, its writes waiting.
  const staged = slowWrites(kv);
  const settling = X2.run(stagedAt, {
    papers: [X2.paper(a2, 1), X2.paper(b2, 2), X2.paper(q, 3)],
    kv: staged.kv,
    versionAt: newerAt + 2 * SEC,
  });
  await untilBlocked(staged.blocked);
  // q is renamed; a read of Y finds it and lands whole; then the staged read's writes land.
  await Y2.run(renamedAt, { papers: [Y2.paper(c2, 1), Y2.paper(q, 3, renamed)] });
  expect(await line2(Y2.DAY), "Y's line after the rename").toBe(renamed);
  staged.release();
  await settling;
  // A newer read of Y (made before the staged read's settling time) finds q as Y's line has it.
  await Y2.run(newerAt, { papers: [Y2.paper(c2, 1), Y2.paper(q, 3, renamed), Y2.paper(d2, 1)] });
  expect(await line2(Y2.DAY), "Y's line after the newer read").toBe(renamed);

  // Later runs, upstream down: the repair pass on both days.
  await X2.run(T0 + 50 * MIN, { check: true });
  await Y2.run(T0 + 50 * MIN, { check: true });
  await X2.run(T0 + 60 * MIN, { check: true });
  await Y2.run(T0 + 60 * MIN, { check: true });
  expect((await own2())?.paper?.title, "q's record after the repair passes").toBe(renamed);
  expect(await line2(Y2.DAY), "Y's line after the repair passes").toBe(renamed);
  // X's line is its own (staged) read's title, or the rename carried over from the record (as
  // checkServed takes either): never a title no read of X or of the paper made last.
  expect([oldQ, renamed], "X's line after the repair passes").toContain(await line2(X2.DAY));
});

// The same without the newer read of Y: the staged read's record of the old title, stamped at its
// settling time, after the rename's, lands over it. The repair pass then counts that record as
// newer than Y's line (stamped at the rename's read) and keeps it: /api/papers/:id serves the old
// title while Y's line has the rename.
it("a staged read's late-stamped record of a paper is not kept over an earlier-stamped newer read", async () => {
  const X3 = madeUpDay("2026-05-14");
  const Y3 = madeUpDay("2026-05-15");
  const [a3, b3, c3, r] = ["2605.80021", "2605.80022", "2605.80024", "2605.80023"];
  const line3 = async (day: string) => paperLine((await kv.get(dayRecordKey(day)))!, day, r)?.content?.title;
  const own3 = async () => decodePaperRecord((await kv.get(paperRecordKey(r)))!, r);
  await X3.settle(T0, [X3.paper(a3, 1), X3.paper(b3, 2)]);
  await Y3.settle(T0, [Y3.paper(c3, 1), Y3.paper(r, 3)]);

  const stagedAt = T0 + 10 * MIN;
  const renamedAt = T0 + 40 * MIN;
  const staged = slowWrites(kv);
  const settling = X3.run(stagedAt, {
    papers: [X3.paper(a3, 1), X3.paper(b3, 2), X3.paper(r, 3)],
    kv: staged.kv,
    versionAt: renamedAt + 22 * SEC,
  });
  await untilBlocked(staged.blocked);
  await Y3.run(renamedAt, { papers: [Y3.paper(c3, 1), Y3.paper(r, 3, renamed)] });
  staged.release();
  await settling;

  await X3.run(T0 + 50 * MIN, { check: true });
  await Y3.run(T0 + 50 * MIN, { check: true });
  await X3.run(T0 + 60 * MIN, { check: true });
  await Y3.run(T0 + 60 * MIN, { check: true });
  expect((await own3())?.paper?.title, "r's record after the repair passes").toBe(renamed);
  expect(await line3(Y3.DAY), "Y's line after the repair passes").toBe(renamed);
  // X's line is its own (staged) read's title, or the rename carried over from the record (as
  // checkServed takes either): never a title no read of X or of the paper made last.
  expect([oldR, renamed], "X's line after the repair passes").toContain(await line3(X3.DAY));
});
