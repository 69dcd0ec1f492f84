// A paper record that lost a day (a slower run's write) is also put back by the repair pass
// (settleDay with check), not only by restoreListings. settleDay stamps the record it writes
// with the day's version, which does not move when the day's content and counters are as
// stored: the record's listed_on grows, but /api/papers/:id's Last-Modified stays where it
// was (or goes back), and a reader revalidating with If-Modified-Since is told 304.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { settleDay } from "../../src/store/settle";
import { decodePaperRecord, encodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, forgetStored, LATER, NOW, runScrape } from "../helpers";

const X = "2026-05-15";
const Y = "2026-05-14";

it("the repair pass putting a lost day back in a paper's record moves its answer's Last-Modified", async () => {
  const x = propsOf(X);
  const item = x.dailyPapers[0]!;
  const id = item.paper.id;
  const y = propsOf(Y);
  y.dailyPapers.push({
    ...structuredClone(item),
    paper: { ...structuredClone(item.paper), submittedOnDailyAt: `${Y}T00:00:00.000Z` },
  });
  const origin = fakeOrigin((url) =>
    url.endsWith(X) ? new Response(pageWith(x)) : url.endsWith(Y) ? new Response(pageWith(y)) : undefined,
  );
  await runScrape(origin, { targets: [X], now: NOW });
  await runScrape(origin, { targets: [Y], now: LATER });
  // A slower run's write left X out of the paper's record.
  const text = (await env.PAPERS.get(paperRecordKey(id)))!;
  const record = decodePaperRecord(text, id)!;
  expect(record.listed_on).toEqual([X, Y]);
  await env.PAPERS.put(paperRecordKey(id), encodePaperRecord({ ...record, listed_on: [Y] }));
  forgetStored();
  const first = await call(`/api/papers/${id}`);
  expect(((await first.json()) as { listed_on: string[] }).listed_on).toEqual([Y]);
  const lastModified = first.headers.get("last-modified")!;

  // Days later, the repair pass checks X and puts it back in the record.
  await settleDay({ kv: env.PAPERS, date: X, runId: "repair", now: LATER + 3 * 86_400_000, check: true });
  forgetStored();
  expect((await answer(PaperAnswer, `/api/papers/${id}`)).listed_on).toEqual([X, Y]);
  const again = await call(`/api/papers/${id}`, { headers: { "if-modified-since": lastModified } });
  expect(again.status).toBe(200);
});
