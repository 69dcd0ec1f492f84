// A paper stored for the first time by two overlapping runs, one settling each of its two days,
// is written as [X] by one and [Y] by the other: the runs after put back the day the slower
// write left out, since each run's record names every paper record it wrote.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { fakeOrigin, propsOf } from "../fixtures";
import { answer, forgetStored, LATER, NOW, runScrape } from "../helpers";
import { listedOn, overlapping, pagesOf } from "./attackShared";

const X = "2026-05-15";
const Y = "2026-05-14";

it("a new paper listed on two days, first stored by two overlapping runs (one a day), ends up listed on both", async () => {
  await runScrape(fakeOrigin(), { targets: [X, Y], now: NOW });
  const x = propsOf(X);
  const y = propsOf(Y);
  const fresh = structuredClone(x.dailyPapers[0]!);
  fresh.paper.id = "2605.99991";
  x.dailyPapers.push(fresh);
  y.dailyPapers.push(listedOn(fresh, Y));
  const origin = pagesOf({ [X]: x, [Y]: y });
  await overlapping(
    env.PAPERS,
    (kv) => runScrape(origin, { kv, targets: [X], now: NOW + 60_000 }),
    () => runScrape(origin, { targets: [Y], now: NOW + 120_000 }),
  );
  for (const at of [LATER, LATER + 1_800_000]) await runScrape(origin, { targets: [X, Y], now: at });
  forgetStored();
  expect((await answer(PaperAnswer, `/api/papers/${fresh.paper.id}`)).listed_on).toEqual([X, Y]);
});
