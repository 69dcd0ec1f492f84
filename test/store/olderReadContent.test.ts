// Overlapping runs: a summary written from older content must not replace newer content. A run
// stamped before the one that wrote the day last (a cron run whose invocation came late, beside
// an admin run) holds an older page: its read of a paper's title is older than what is stored,
// and the newer title stays. A paper only it read is still added.
import { expect, it } from "vitest";
import { PapersAnswer } from "../../src/serve/answers";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, forgetStored, LATER, runScrape } from "../helpers";

const DAY = "2026-05-15";

/** DAY's page with its first paper's title as given, and optionally one paper more. */
function pageShowing(title: string, extra = false) {
  const props = propsOf(DAY);
  props.dailyPapers[0]!.paper.title = title;
  if (extra) {
    const added = structuredClone(props.dailyPapers[1]!);
    added.paper.id = "2605.99902";
    props.dailyPapers.push(added);
  }
  return fakeOrigin((url) => (url.endsWith(DAY) ? new Response(pageWith(props)) : undefined));
}

it("a read older than the stored day's keeps the stored, newer title, and still adds a paper only it saw", async () => {
  const id = propsOf(DAY).dailyPapers[0]!.paper.id;
  await runScrape(pageShowing("The first title"), { targets: [DAY], now: LATER });
  // The newer read, stamped later, renames the paper.
  await runScrape(pageShowing("The revised title"), {
    targets: [DAY],
    now: LATER + 120_000,
    trigger: "admin",
  });
  // A run stamped between them, holding the page as it was before the rename, writes last.
  await runScrape(pageShowing("The first title", true), { targets: [DAY], now: LATER + 60_000 });
  forgetStored();
  const { papers } = await answer(PapersAnswer, `/api/papers?date=${DAY}`);
  expect(papers.find((p) => p.id === id)?.title).toBe("The revised title");
  expect(papers.map((p) => p.id)).toContain("2605.99902");
});
