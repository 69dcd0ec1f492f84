// The ids a selection has seen: the same answers as a Set of the id strings, for every form
// of id the store accepts, through the table's growth.
import { describe, expect, it } from "vitest";
import { seeded } from "../../bench/workerd/seeded";
import { idNumber, SeenIds } from "../../src/serve/seenIds";

describe("SeenIds", () => {
  it("reads only `dddd.ddddd` as a number, one to one", () => {
    expect(idNumber("2605.13301")).toBe(260513301);
    expect(idNumber("9912.99999")).toBe(991299999);
    expect(idNumber("0000.00000")).toBe(0);
    for (const other of ["2605.13301v2", "1401.1234", "2605/13301", "2605.1330x", "26a5.13301", ""])
      expect([other, idNumber(other)]).toEqual([other, -1]);
  });

  it("says whether an id is new exactly as a Set does, for every form, as it grows", () => {
    // Deterministic ids of each form, many repeated, far more than the first table holds.
    const random = seeded(7);
    const next = () => Math.floor(random() * 2 ** 32);
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = next();
      const yymm = String(1501 + (r % 1100)).padStart(4, "0");
      const num = String((r >>> 8) % 3000).padStart(5, "0");
      const form = (r >>> 20) % 10;
      ids.push(
        form === 0
          ? `${yymm}.${num}v${1 + (r % 3)}`
          : form === 1
            ? `${yymm}.${num.slice(1)}`
            : `${yymm}.${num}`,
      );
    }
    // Consecutive ids, as a day lists them, and the same ids again later.
    for (let i = 0; i < 500; i++) ids.push(`2611.${String(10000 + i)}`);
    for (let i = 0; i < 500; i++) ids.push(`2611.${String(10000 + i)}`);
    const seen = new SeenIds(4);
    const reference = new Set<string>();
    const answers = ids.map((id) => seen.add(id));
    const expected = ids.map((id) => !reference.has(id) && !!reference.add(id));
    expect(answers).toEqual(expected);
    // The four-digit form and the five-digit form of the same numbers are different ids.
    const s = new SeenIds();
    expect([s.add("1401.1234"), s.add("1401.01234"), s.add("1401.1234"), s.add("1401.01234")]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
