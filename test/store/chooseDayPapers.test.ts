import { describe, expect, it } from "vitest";
import type { PaperContent } from "../../src/core/paper";
import { chooseDayPapers } from "../../src/store/settleContent";
import { MAX_PAPERS_PER_DAY } from "../../src/store/values/dayRecord";

const line = (id: string) => ({ id }) as PaperContent;
const storedOf = (ids: string[]) => new Map(ids.map((id) => [id, line(id)]));
const freshOf = (ids: string[]) => new Map(ids.map((id) => [id, {}]));
const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("chooseDayPapers", () => {
  it("lists the fresh read's papers in its order, then the stored ones it lacks", () => {
    const chosen = chooseDayPapers(["a", "b", "c"], storedOf(["a", "b"]), freshOf(["d", "b"]));
    expect(chosen).toEqual({ ids: ["d", "b", "a"], dropped: 0, missing: 1 });
  });

  it("keeps what was stored before it admits what is new, under the cap", () => {
    const stored = many("s", MAX_PAPERS_PER_DAY - 1);
    const chosen = chooseDayPapers(stored, storedOf(stored), freshOf(["n0", "n1", "n2"]));
    expect(chosen.ids).toEqual(["n0", ...stored]);
    expect(chosen.dropped).toBe(2);
    expect(chosen.missing).toBe(0);
  });

  it("counts a listed paper no value stores as missing, unless the fresh read brings it", () => {
    const chosen = chooseDayPapers(["a", "b"], storedOf([]), freshOf(["b"]));
    expect(chosen).toEqual({ ids: ["b"], dropped: 0, missing: 1 });
  });
});
