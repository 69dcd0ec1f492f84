// A fold stamped before a read that renamed a paper reads the day before that read writes it,
// and its day record and summary land after the read's: the day's line keeps the old title,
// while the paper's own record, written by the read, holds the new one. The next run folds the
// read's observation (its summary lacks it) but weighs the paper record against the fold's
// later stamp of the day record and the summary's older observation, keeps the old line, and no
// later run reads the paper's record for that day again (found by overlapFuzz.test.ts, seed
// 34485).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { dayRecordKey, paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { madeUpDay, observedOf } from "./attackShared";

const { DAY, T0, MIN, paper, run, settle, undoneRead } = madeUpDay("2026-05-19");

/** A KV whose writes wait until `open()`: the run reads everything first, and writes later. */
function heldWrites(kv: KVNamespace) {
  let open!: () => void;
  const gate = new Promise<void>((go) => {
    open = go;
  });
  let reached!: () => void;
  const writing = new Promise<void>((go) => {
    reached = go;
  });
  const held = new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof v !== "function") return v;
      if (prop !== "put") return v.bind(target);
      return async (...args: Parameters<KVNamespace["put"]>) => {
        reached();
        await gate;
        return target.put(...args);
      };
    },
  });
  return { held, open, writing };
}

it("a fold whose day record lands over a newer read's rename leaves the new title once the read is folded", async () => {
  const [a, b, c] = ["2605.40001", "2605.40002", "2605.40003"];
  const kv = env.PAPERS;
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  // A read of a new paper whose day record and summary an older run's then landed over: its
  // paper record and its run record's observation are all that name the paper.
  const xAt = T0 + 5 * MIN;
  const { settled: x } = await undoneRead(xAt, [paper(a, 1), paper(b, 2), paper(c, 3)]);
  const xObserved = observedOf(xAt, x);

  // A fold of that read, stamped before the rename's read, reads the day first and writes last.
  const foldAt = T0 + 9 * MIN;
  const { held, open, writing } = heldWrites(kv);
  const fold = run(foldAt, { observed: [xObserved], kv: held });
  await writing;
  const readAt = T0 + 10 * MIN;
  const read = await settle(readAt, [paper(a, 1, "The renamed title"), paper(b, 2), paper(c, 3)]);
  open();
  expect((await fold).contentWritten, "the fold writes the day's content").toBe(true);
  const title = async () => paperLine((await kv.get(dayRecordKey(DAY)))!, DAY, a)?.content?.title;
  expect(await title(), "the fold's older line landed last").not.toBe("The renamed title");
  expect(decodePaperRecord((await kv.get(paperRecordKey(a)))!, a)?.paper?.title).toBe("The renamed title");

  // The next run folds the read's observation, which the summary lacks.
  const nextAt = T0 + 20 * MIN;
  // As its run record hands them on: with the papers whose records it wrote listing the day.
  await run(nextAt, { observed: [xObserved, observedOf(readAt, read, { wrote: true })] });
  expect(await title(), "the day's line").toBe("The renamed title");
});
