// A brief's digest rows as the isolate keeps them between digests (Brief.digestPapers,
// store/memo.ts), attacked: rows come back only for the very ids, titles and names they were
// split from, each day's its own, and a brief over the memo's bound is split every time.
import { describe, expect, it } from "vitest";
import { type BriefPaper, decodeBrief, encodeBrief } from "../../src/store/values/brief";

const HASH = "0123456789abcdef0123456789abcdef";
const A = "2605.00001";
const B = "2605.00002";
const rows = (text: string, date: string, votes: [string, number][]) =>
  decodeBrief(text, date)!.digestPapers(new Map(votes));

describe("a brief's kept digest rows", () => {
  it("follow the ids: the same titles and names under other ids are rows of those ids", () => {
    const date = "2026-07-10";
    const before = encodeBrief(
      [
        { id: A, title: "One", authors: ["Ann Wu"] },
        { id: B, title: "Two", authors: ["Bo Li"] },
      ],
      HASH,
    );
    expect(rows(before, date, [[A, 1]]).get(A)).toMatchObject({ title: "One", authors: ["Ann Wu"] });
    const swapped = encodeBrief(
      [
        { id: B, title: "One", authors: ["Ann Wu"] },
        { id: A, title: "Two", authors: ["Bo Li"] },
      ],
      HASH,
    );
    const after = rows(swapped, date, [
      [A, 1],
      [B, 2],
    ]);
    expect(after.get(A)).toMatchObject({ id: A, title: "Two", authors: ["Bo Li"], upvotes: 1 });
    expect(after.get(B)).toMatchObject({ id: B, title: "One", authors: ["Ann Wu"], upvotes: 2 });
    expect(after.get(A)?.url).toContain(A);
  });

  it("are each day's own, and a day whose brief no longer fits its ids gives none", () => {
    const papers: BriefPaper[] = [{ id: A, title: "One", authors: ["Ann Wu", "Bo Li"] }];
    const text = encodeBrief(papers, HASH);
    const monday = rows(text, "2026-07-13", [[A, 3]]).get(A);
    const tuesday = rows(text, "2026-07-14", [[A, 4]]).get(A);
    expect(monday).toMatchObject({ title: "One", upvotes: 3 });
    expect(tuesday).toMatchObject({ title: "One", upvotes: 4 });
    // Names that no longer give a line a paper: the section's check refuses them before any row is looked up.
    const two = encodeBrief(
      [
        { id: A, title: "One", authors: ["Ann Wu"] },
        { id: B, title: "Two", authors: ["Bo Li"] },
      ],
      HASH,
    );
    const [head, ...sections] = two.split("\f") as [string, ...string[]];
    sections[4] = sections[4]!.replace("\n", " "); // the names of two papers on one line
    const lengths = head
      .split(" ")
      .slice(0, 4)
      .concat(sections.map((s) => String(s.length)));
    const brief = decodeBrief([lengths.join(" "), ...sections].join("\f"), "2026-07-13")!;
    expect(brief.ids).toEqual([A, B]);
    expect(rows(two, "2026-07-13", [[A, 1]]).get(A)?.title).toBe("One");
    expect(brief.digestPapers(new Map([[A, 1]])).size).toBe(0);
    expect(rows(text, "2026-07-13", [[A, 5]]).get(A)).toMatchObject({ title: "One", upvotes: 5 });
  });

  it("of a brief over 2 M characters are split again each time, and right", () => {
    const date = "2026-07-15";
    const papers: BriefPaper[] = Array.from({ length: 250 }, (_, i) => ({
      id: `2605.${String(i + 1).padStart(5, "0")}`,
      title: `Title ${i}`,
      authors: Array.from({ length: 30 }, (_, j) => `${"n".repeat(290)} ${i} ${j}`),
    }));
    const text = encodeBrief(papers, HASH);
    expect(text.length).toBeGreaterThan(4_000_000); // names and their folded copies, each over 2 M
    const votes: [string, number][] = [[papers[249]!.id, 9]];
    const once = rows(text, date, votes).get(papers[249]!.id)!;
    const twice = rows(text, date, votes).get(papers[249]!.id)!;
    expect(twice).toEqual(once);
    expect(twice.authors).toEqual(papers[249]!.authors);
    expect(twice.authors).not.toBe(once.authors);
    // A small brief of the day after is kept again.
    const small = encodeBrief([papers[0]!], HASH);
    const kept = rows(small, date, votes.concat([[papers[0]!.id, 1]])).get(papers[0]!.id)!;
    expect(rows(small, date, [[papers[0]!.id, 2]]).get(papers[0]!.id)!.authors).toBe(kept.authors);
  });

  it("count every section of the brief they keep alive, not only the three they are split from", () => {
    // The names alone under 2 M characters, with their folded copies (the authors section) over
    // it: the rows' sections are views of the whole brief, which they keep alive.
    const date = "2026-07-16";
    const papers: BriefPaper[] = Array.from({ length: 150 }, (_, i) => ({
      id: `2605.${String(i + 1).padStart(5, "0")}`,
      title: `Title ${i}`,
      authors: Array.from({ length: 30 }, (_, j) => `${"n".repeat(290)} ${i} ${j}`),
    }));
    const text = encodeBrief(papers, HASH);
    expect(text.length).toBeGreaterThan(2_000_000);
    const votes: [string, number][] = [[papers[0]!.id, 1]];
    const once = rows(text, date, votes).get(papers[0]!.id)!;
    expect(rows(text, date, votes).get(papers[0]!.id)!.authors).not.toBe(once.authors);
  });
});
