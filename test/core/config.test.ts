// The deployment's settings: defaults, and a clear error naming a var that breaks its rule.
import { describe, expect, it } from "vitest";
import { ConfigError, configOf } from "../../src/core/config";

describe("configOf", () => {
  it("fills defaults for vars that are not set", () => {
    expect(configOf({})).toEqual({
      HF_ORIGIN: "https://huggingface.co",
      CONTACT: "https://github.com/daily-papers-feed/daily-papers-feed",
      WINDOW_DAYS: 7,
      DAYS_PER_RUN: 1,
      FEED_DAYS: 7,
      STALE_AFTER_MINUTES: 180,
    });
  });

  it.each([
    [{ WINDOW_DAYS: "seven" }, "WINDOW_DAYS"],
    [{ FEED_DAYS: "0" }, "FEED_DAYS"],
    [{ HF_ORIGIN: "ftp://mirror.example" }, "HF_ORIGIN"],
    [{ CONTACT: "me (at) example.org" }, "CONTACT"],
  ])("names the var that breaks its rule: %o", (vars, variable) => {
    expect(() => configOf(vars)).toThrow(ConfigError);
    expect(() => configOf(vars)).toThrow(new RegExp(`^var ${variable}: `));
  });
});

describe("WebSub settings", () => {
  it("a hub needs the deployment's public URL, which the pinged feed URLs start with", () => {
    expect(() => configOf({ WEBSUB_HUB: "https://hub.example/" })).toThrow(
      /^var PUBLIC_URL: is required when WEBSUB_HUB is set/,
    );
    expect(
      configOf({ WEBSUB_HUB: "https://hub.example/", PUBLIC_URL: "https://papers.example.org" }).WEBSUB_HUB,
    ).toBe("https://hub.example/");
    expect(configOf({ WEBSUB_HUB: "" }).WEBSUB_HUB).toBeUndefined();
  });
});

describe("HF_TOKEN", () => {
  it("is optional, and empty means not set, like ADMIN_TOKEN", () => {
    expect(configOf({}).HF_TOKEN).toBeUndefined();
    expect(configOf({ HF_TOKEN: "" }).HF_TOKEN).toBeUndefined();
    expect(configOf({ HF_TOKEN: "hf_abc" }).HF_TOKEN).toBe("hf_abc");
  });
});
