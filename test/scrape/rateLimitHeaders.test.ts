// The RateLimit and RateLimit-Policy fields Hugging Face sends, parsed leniently: what can be
// read is read, garbage gives nothing, and nothing throws.
import { describe, expect, it } from "vitest";
import { parseRateLimit, parseRateLimitPolicy, spentQuota } from "../../src/scrape/rateLimitHeaders";

describe("parseRateLimit", () => {
  it("reads Hugging Face's form and the draft's (draft-ietf-httpapi-ratelimit-headers)", () => {
    expect(parseRateLimit('"pages";r=0;t=42')).toEqual([{ name: "pages", remaining: 0, resetSeconds: 42 }]);
    expect(parseRateLimit('"default";r=50;t=30')).toEqual([
      { name: "default", remaining: 50, resetSeconds: 30 },
    ]);
    expect(parseRateLimit(' "api" ; r = 3 ; t = 7 ')).toEqual([
      { name: "api", remaining: 3, resetSeconds: 7 },
    ]);
    expect(parseRateLimit('"a";r=1;t=10, "b";r=0;t=20')).toEqual([
      { name: "a", remaining: 1, resetSeconds: 10 },
      { name: "b", remaining: 0, resetSeconds: 20 },
    ]);
    // A token for a name, parameters in another order, unknown ones, a partition key.
    expect(parseRateLimit('pages;t=5;pk=:abc=:;r=0;x="y"')).toEqual([
      { name: "pages", remaining: 0, resetSeconds: 5 },
    ]);
    // A comma inside a quoted name does not split the list.
    expect(parseRateLimit('"a,b";r=0;t=1')).toEqual([{ name: "a,b", remaining: 0, resetSeconds: 1 }]);
  });

  it.each([
    [null],
    [""],
    ["garbage"],
    [";;;,,,"],
    ['"unterminated;r=0;t=4'],
    ['"x";r=-1;t=-5'],
    ['"x";r=1.5;t=1e9'],
    ['"x";r=abc;t=NaN'],
    ['"x";r=99999999999999999999;t=99999999999999999999'],
    ["\u0000\uFFFE;r=\u202E0"],
    ['"x";r;t'],
  ])("gives no number it cannot read: %j", (value) => {
    const parsed = parseRateLimit(value);
    for (const item of parsed) {
      expect(item.remaining).toBeUndefined();
      expect(item.resetSeconds).toBeUndefined();
    }
  });

  it("reads no more than the first 1,024 characters of a field", () => {
    expect(parseRateLimit(`${'"a";r=1;t=1, '.repeat(200)}"z";r=0;t=9`).some((i) => i.name === "z")).toBe(
      false,
    );
    expect(() => parseRateLimit('"'.repeat(100_000))).not.toThrow();
  });
});

describe("parseRateLimitPolicy", () => {
  it("reads Hugging Face's policy, whose extra string is not a parameter, and the draft's", () => {
    expect(parseRateLimitPolicy('"fixed window";"pages";q=100;w=300')).toEqual([
      { name: "pages", quota: 100, windowSeconds: 300 },
    ]);
    expect(parseRateLimitPolicy('"default";q=1000;w=300, "burst";q=10;w=1')).toEqual([
      { name: "default", quota: 1000, windowSeconds: 300 },
      { name: "burst", quota: 10, windowSeconds: 1 },
    ]);
    expect(parseRateLimitPolicy('"x";q=oops;w=')).toEqual([{ name: "x" }]);
    expect(parseRateLimitPolicy(null)).toEqual([]);
  });
});

describe("spentQuota", () => {
  it("is the latest reset among the members whose quota is spent (r=0)", () => {
    expect(spentQuota('"a";r=0;t=10, "b";r=0;t=40, "c";r=5;t=90')).toEqual({ name: "b", resetSeconds: 40 });
    expect(spentQuota('"a";r=2;t=10')).toBeUndefined();
    expect(spentQuota('"a";r=0')).toBeUndefined();
    expect(spentQuota("nonsense")).toBeUndefined();
  });
});
