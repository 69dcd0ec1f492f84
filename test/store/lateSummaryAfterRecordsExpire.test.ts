// A paper listed on two days. A read of the first day finds a new paper; KV lands its day record and
// its summary long after they were issued, after its other writes. A read of the second day renames
// the paper (its record holds the rename); a read of the first day then finds the rename too, writes
// the day record, a history point and a summary naming the renamed content, and no paper record (the
// record holds it). The first read's day record and summary, of the old title, land last, after the
// newer read's run record is gone: no run folds it. The repair pass finds the history's newest point,
// the rename's read, newer than the summary's, and writes a summary naming the old content as
// observed then. The next repair pass dates the old line at that read, after the paper record's, and
// writes the old title over the rename.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { lineTitle, madeUpDay, storedPaperRecord } from "./attackShared";

const first = madeUpDay("2026-05-18");
const second = madeUpDay("2026-05-19");
const { T0, MIN } = first;
const [a, b, c, x] = ["2605.65701", "2605.65702", "2605.65703", "2605.65704"];
const kv = env.PAPERS;

const record = () => storedPaperRecord(x);
const line = (day: string) => lineTitle(day, x);

/** A KV binding whose write of `key` returns at once and lands only at `land()`. */
function lateWrite(keys: string[]) {
  const held: (() => Promise<void>)[] = [];
  const late = new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "put") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: Parameters<KVNamespace["put"]>) => {
        if (!keys.includes(args[0])) return target.put(...args);
        held.push(() => target.put(...args));
      };
    },
  });
  return {
    kv: late,
    land: async () => {
      for (const put of held) await put();
    },
  };
}

it("a summary moved on by a history point does not date a late day record's older content at that read", async () => {
  await first.settle(T0, [first.paper(a, 1), first.paper(x, 2, "A")]);
  await second.settle(T0 + MIN, [second.paper(c, 3), second.paper(x, 2, "A")]);
  // A read of the first day finds b; its day record and summary land late.
  const late = lateWrite([first.K.day, first.K.summary]);
  await first.run(T0 + 5 * MIN, {
    papers: [first.paper(a, 1), first.paper(x, 2, "A"), first.paper(b, 4)],
    kv: late.kv,
  });
  // A read of the second day finds x renamed; a read of the first day finds it too.
  await second.settle(T0 + 10 * MIN, [second.paper(c, 3), second.paper(x, 2, "C")]);
  await first.settle(T0 + 15 * MIN, [first.paper(a, 5), first.paper(x, 2, "C"), first.paper(b, 4)]);
  // The late day record and summary land; the newer read's run record is gone by then.
  await late.land();
  expect(await line(first.DAY), "the first day's line, the late record's").toBe("A");
  expect((await record())?.paper?.title, "x's record").toBe("C");

  // Upstream down: the repair pass on both days, twice.
  for (const step of [30, 40])
    for (const day of [first, second]) await day.run(T0 + step * MIN, { check: true });
  expect((await record())?.paper?.title, "x's record after the repair passes").toBe("C");
  expect(await line(second.DAY), "the second day's line").toBe("C");
});
