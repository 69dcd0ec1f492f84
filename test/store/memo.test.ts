// An isolate's memo of what it derived from stored texts (store/memo.ts): it gives back only
// what was derived from the very same texts, and keeps the newest within its bounds.
import { describe, expect, it } from "vitest";
import { TextMemo } from "../../src/store/memo";

describe("TextMemo", () => {
  it("gives a value back only for the same texts, compared by their characters", () => {
    const memo = new TextMemo<string>(4, 100);
    memo.set("day:1", ["abc", "de"], "derived");
    expect(memo.get("day:1", ["ab".concat("c"), "de"])).toBe("derived");
    expect(memo.get("day:1", ["abc", "dE"])).toBeUndefined();
    expect(memo.get("day:1", ["abc"])).toBeUndefined();
    expect(memo.get("day:2", ["abc", "de"])).toBeUndefined();
  });

  it("keeps the most recently used within its count, and what a later set replaces is gone", () => {
    const memo = new TextMemo<number>(2, 100);
    memo.set("a", ["1"], 1);
    memo.set("b", ["2"], 2);
    expect(memo.get("a", ["1"])).toBe(1); // a is now newer than b
    memo.set("c", ["3"], 3);
    expect(memo.get("b", ["2"])).toBeUndefined();
    expect(memo.get("a", ["1"])).toBe(1);
    memo.set("a", ["one"], 10);
    expect(memo.get("a", ["1"])).toBeUndefined();
    expect(memo.get("a", ["one"])).toBe(10);
  });

  it("keeps no more characters alive than its bound, and never a value over it", () => {
    const memo = new TextMemo<string>(10, 10);
    memo.set("a", ["xxxx"], "a");
    memo.set("b", ["yyyy"], "b");
    memo.set("c", ["zzzz"], "c");
    expect(memo.get("a", ["xxxx"])).toBeUndefined();
    expect(memo.get("b", ["yyyy"])).toBe("b");
    expect(memo.get("c", ["zzzz"])).toBe("c");
    memo.set("big", ["x".repeat(11)], "big");
    expect(memo.get("big", ["x".repeat(11)])).toBeUndefined();
    expect(memo.get("c", ["zzzz"])).toBe("c");
  });
});
