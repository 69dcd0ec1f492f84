// Run records name the days they wrote in a paper's record only when the record they wrote
// lists more than one day. A paper stored for the first time by two overlapping runs, one
// settling each of its two days, is written as [X] by one and [Y] by the other: neither
// names it, so the day the slower write leaves out is never put back by the runs after.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, forgetStored, LATER, NOW, runScrape } from "../helpers";
import { slowWrites, untilBlocked } from "./attackShared";

const X = "2026-05-15";
const Y = "2026-05-14";

it("a new paper listed on two days, first stored by two overlapping runs (one a day), ends up listed on both", async () => {
  await runScrape(fakeOrigin(), { targets: [X, Y], now: NOW });
  const x = propsOf(X);
  const y = propsOf(Y);
  const fresh = structuredClone(x.dailyPapers[0]!);
  fresh.paper.id = "2605.99991";
  x.dailyPapers.push(fresh);
  y.dailyPapers.push({
    ...structuredClone(fresh),
    paper: { ...structuredClone(fresh.paper), submittedOnDailyAt: `${Y}T00:00:00.000Z` },
  });
  const origin = fakeOrigin((url) =>
    url.endsWith(X) ? new Response(pageWith(x)) : url.endsWith(Y) ? new Response(pageWith(y)) : undefined,
  );
  const slow = slowWrites(env.PAPERS);
  const slower = runScrape(origin, { kv: slow.kv, targets: [X], now: NOW + 60_000 });
  await untilBlocked(slow.blocked);
  await runScrape(origin, { targets: [Y], now: NOW + 120_000 });
  slow.release();
  await slower;
  for (const at of [LATER, LATER + 1_800_000]) await runScrape(origin, { targets: [X, Y], now: at });
  forgetStored();
  expect((await answer(PaperAnswer, `/api/papers/${fresh.paper.id}`)).listed_on).toEqual([X, Y]);
});
