// The staged read's codec: what is written reads back the same, and a read too large to
// stage is not written (its run settles it itself).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Paper } from "../../src/core/paper";
import { readStagedRead, stageRead } from "../../src/store/staged";
import { STAGED_READ_MAX_AGE_MS, type StagedRead, stagedReadKey } from "../../src/store/values/stagedRead";
import { NOW } from "../helpers";

const paper = (n: number, summary = "An abstract."): Paper => ({
  id: `2605.${String(n).padStart(5, "0")}`,
  upvotes: n,
  date: "2026-05-18",
  title: `Paper ${n} – on “quotes”`,
  summary,
  authors: ["Zoë", "J. Doe"],
  url: `https://huggingface.co/papers/2605.${String(n).padStart(5, "0")}`,
  arxiv_url: `https://arxiv.org/abs/2605.${String(n).padStart(5, "0")}`,
  pdf_url: `https://arxiv.org/pdf/2605.${String(n).padStart(5, "0")}`,
});

const read = (papers: Paper[]): StagedRead => ({
  readAt: NOW,
  asked: "latest",
  date: "2026-05-18",
  via: "cards",
  papers,
  partial: true,
  unknownUpvotes: new Set([papers[0]!.id]),
  dropped: 2,
  otherDay: 1,
  fallbacks: ["page: data-props is not valid JSON"],
});

describe("staged read", () => {
  it("reads back what was staged, within its age", async () => {
    const staged = read([paper(1), paper(2)]);
    expect(await stageRead(env.PAPERS, "newest", staged)).toBe(true);
    expect(await readStagedRead(env.PAPERS, "newest", NOW + STAGED_READ_MAX_AGE_MS)).toEqual(staged);
    expect(await readStagedRead(env.PAPERS, "newest", NOW + STAGED_READ_MAX_AGE_MS + 1)).toBeUndefined();
    expect(await readStagedRead(env.PAPERS, "window", NOW)).toBeUndefined();
  });

  it("stages no read larger than it may be: nothing is written", async () => {
    // 300 papers whose abstracts and AI summaries are quotes: each is 2 characters escaped.
    const papers = Array.from({ length: 300 }, (_, n) => ({
      ...paper(n + 1, '"'.repeat(10_000)),
      ai_summary: '"'.repeat(5_000),
    }));
    expect(await stageRead(env.PAPERS, "newest", read(papers))).toBe(false);
    expect(await env.PAPERS.get(stagedReadKey("newest"))).toBeNull();
  });
});
