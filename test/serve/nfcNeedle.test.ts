// The needle of q is composed (NFC), but the stored text is not: a title Hugging Face sends
// with a combining accent (decomposed, as text pasted from a PDF often is) is stored and
// indexed as it came. Searching for a phrase copied from that very title must still find it.
import { expect, it } from "vitest";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, NOW, runScrape } from "../helpers";

const X = "2026-05-15";

it("q copied from a stored title written with a combining accent finds that paper", async () => {
  const props = propsOf(X);
  const item = props.dailyPapers[0]!;
  item.paper.title = "Fre\u0301chet Zzyzxq Distances for Review";
  await runScrape(
    fakeOrigin((url) => (url.endsWith(X) ? new Response(pageWith(props)) : undefined)),
    { targets: [X], now: NOW },
  );
  const ids = async (needle: string) =>
    (await answer(PapersAnswer, `/api/papers?date=${X}&q=${encodeURIComponent(needle)}`)).papers.map(
      (p) => p.id,
    );
  // The stored title, as the answers show it, searched for as it reads.
  const shown = (await answer(PaperAnswer, `/api/papers/${item.paper.id}`)).paper.title;
  expect(shown).toContain("e\u0301");
  expect(await ids("Fre\u0301chet Zzyzxq")).toContain(item.paper.id);
});
