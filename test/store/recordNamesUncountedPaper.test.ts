// A run stamped before the summary it read keeps its own read in its record (recordedObservation)
// in place of what it wrote, as the read holds history points no other value has. But a cards read
// counts only the papers whose card showed a count: a paper new to the day whose card showed none
// is in the summary the run wrote and in no observation its record keeps. Should a slower run undo
// that summary and day record, no run record names the paper, and the runs after cannot put it
// back.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { newRunId } from "../../src/store/runs";
import { settleDay } from "../../src/store/settle";

const DAY = "2026-05-18";
const T0 = Date.parse("2026-05-19T00:20:00Z");
const paper = (id: string, upvotes: number): Paper => ({
  id,
  upvotes,
  date: DAY,
  title: `Title ${id}`,
  summary: `Abstract of ${id}`,
  authors: ["Ada Lovelace"],
  url: `https://huggingface.co/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
});
const runId = (now: number) => newRunId(new Date(now).toISOString());

it("the record of a run older than the summary it read names a new paper whose card showed no count", async () => {
  const [a, b, q] = ["2605.30021", "2605.30022", "2605.30023"];
  const later = T0 + 60_000;
  await settleDay({
    kv: env.PAPERS,
    date: DAY,
    runId: runId(later),
    now: later,
    fresh: { date: DAY, via: "page", papers: [paper(a, 5), paper(b, 2)], partial: false },
  });
  // Stamped a minute before: the cards, one count older, and a new paper without one.
  const settled = await settleDay({
    kv: env.PAPERS,
    date: DAY,
    runId: runId(T0),
    now: T0,
    fresh: {
      date: DAY,
      via: "cards",
      papers: [paper(a, 4), paper(b, 2), paper(q, 0)],
      partial: true,
      unknownUpvotes: new Set([q]),
    },
  });
  expect(settled.wrote).toContain(`list:${DAY}`);
  expect(settled.observation?.ids).toContain(q);
});
