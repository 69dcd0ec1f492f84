// A day put back in a paper's record moves no day's version: the record's own version does,
// and /api/papers/:id's Last-Modified counts it, so a reader revalidating with If-Modified-Since
// sees the changed listed_on even when the day put back is older (by version) than one listed.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { fakeOrigin, propsOf } from "../fixtures";
import { answer, call, forgetStored, NOW, runScrape } from "../helpers";
import { overlapping, renamedAndListedOn } from "./attackShared";

const X = "2026-05-15";
const Y = "2026-05-14";

it("a day put back in a paper's record moves its answer's Last-Modified, or If-Modified-Since hides it", async () => {
  await runScrape(fakeOrigin(), { targets: [X, Y], now: NOW });
  const id = propsOf(X).dailyPapers[0]!.paper.id;
  const origin = renamedAndListedOn(id, X, Y);
  // The slower run (its schedule later than the faster's) settles X; the faster settles Y,
  // whose version is then older than X's.
  await overlapping(
    env.PAPERS,
    (kv) => runScrape(origin, { kv, targets: [X], now: NOW + 120_000 }),
    () => runScrape(origin, { targets: [Y], now: NOW + 60_000 }),
  );
  forgetStored();
  const first = await call(`/api/papers/${id}`);
  expect(((await first.json()) as { listed_on: string[] }).listed_on).toEqual([X]);
  const lastModified = first.headers.get("last-modified")!;
  // The next run puts Y back.
  await runScrape(origin, { targets: [], now: NOW + 1_800_000 });
  forgetStored();
  expect((await answer(PaperAnswer, `/api/papers/${id}`)).listed_on).toEqual([X, Y]);
  const again = await call(`/api/papers/${id}`, { headers: { "if-modified-since": lastModified } });
  expect(again.status).toBe(200);
});
