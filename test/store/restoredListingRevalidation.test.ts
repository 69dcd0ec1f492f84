// restoreListings puts a day back in a paper's record without changing any day's version.
// /api/papers/:id's Last-Modified is the newest version of the days it lists: when the day put
// back is older (by version) than one already listed, Last-Modified does not move, and a
// reader revalidating with If-Modified-Since is told 304 for an answer whose listed_on changed.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, forgetStored, NOW, runScrape } from "../helpers";
import { slowWrites, untilBlocked } from "./attackShared";

const X = "2026-05-15";
const Y = "2026-05-14";

function upstream(id: string) {
  const x = propsOf(X);
  const item = x.dailyPapers.find((i) => i.paper.id === id)!;
  item.paper.title = `${item.paper.title} (revised)`;
  const y = propsOf(Y);
  y.dailyPapers.push({
    ...structuredClone(item),
    paper: { ...structuredClone(item.paper), submittedOnDailyAt: `${Y}T00:00:00.000Z` },
  });
  return fakeOrigin((url) =>
    url.endsWith(X) ? new Response(pageWith(x)) : url.endsWith(Y) ? new Response(pageWith(y)) : undefined,
  );
}

it("a day put back in a paper's record moves its answer's Last-Modified, or If-Modified-Since hides it", async () => {
  await runScrape(fakeOrigin(), { targets: [X, Y], now: NOW });
  const id = propsOf(X).dailyPapers[0]!.paper.id;
  const origin = upstream(id);
  // The slower run (its schedule later than the faster's) settles X; the faster settles Y,
  // whose version is then older than X's.
  const slow = slowWrites(env.PAPERS);
  const slower = runScrape(origin, { kv: slow.kv, targets: [X], now: NOW + 120_000 });
  await untilBlocked(slow.blocked);
  await runScrape(origin, { targets: [Y], now: NOW + 60_000 });
  slow.release();
  await slower;
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
