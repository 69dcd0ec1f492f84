// KV's listing of keys takes up to a minute to show a key just written; a run keeps in the
// index a day a run saved within LISTING_LAG_MS before it, by that run's record. The run that
// settles a staged read writes the day half an hour after the time its record carries (the
// read's): a run right after it must not take the day for one whose keys are gone.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ROUND_MS } from "../../src/core/schedule";
import { readIndex } from "../../src/store/days";
import { fakeOrigin } from "../fixtures";
import { forgetStored, NOW, runScrape } from "../helpers";

const DAY = "2026-05-18";

/** The KV as its listing lags: the day just written is not listed yet. */
const listingWithout = (kv: KVNamespace, key: string): KVNamespace =>
  new Proxy(kv, {
    get(target, prop) {
      if (prop !== "list") {
        const v = Reflect.get(target, prop);
        return typeof v === "function" ? v.bind(target) : v;
      }
      return async (options?: KVNamespaceListOptions) => {
        const page = await target.list(options);
        return { ...page, keys: page.keys.filter((k) => k.name !== key) };
      };
    },
  });

it("a day the settling run stored stays in the index through a run right after it", async () => {
  expect(
    (await runScrape(fakeOrigin(), { targets: ["latest"], now: NOW, stage: "newest" })).days[0],
  ).toMatchObject({
    outcome: "staged",
  });
  const settling = await runScrape(fakeOrigin(), {
    targets: ["latest"],
    now: NOW + ROUND_MS,
    stage: "newest",
  });
  expect(settling.days[0]).toMatchObject({ date: DAY, outcome: "stored" });
  expect((await readIndex(env.PAPERS)).days.map((e) => e.date)).toEqual([DAY]);
  // An admin run a minute later, whose listing of the day keys does not show the new day yet.
  await runScrape(fakeOrigin(), {
    targets: ["2026-05-15"],
    now: NOW + ROUND_MS + 60_000,
    trigger: "admin",
    kv: listingWithout(env.PAPERS, `day:${DAY}`),
  });
  forgetStored();
  expect((await readIndex(env.PAPERS)).days.map((e) => e.date)).toEqual([DAY, "2026-05-15"]);
});
