// A digest's rows split out of a brief once an isolate: the same brief text gives the same
// frozen rows, a brief that changed gives its new names, and each answer gets its own upvotes.
import { describe, expect, it } from "vitest";
import { decodeBrief, encodeBrief } from "../../src/store/values/brief";

const DAY = "2026-05-20";
const HASH = "0123456789abcdef0123456789abcdef";
const papers = (name: string) => [
  { id: "2605.00001", title: "One", authors: [name, "Bo Li"] },
  { id: "2605.00002", title: "Two", authors: ["Zoë Ng"] },
];
const rows = (text: string, votes: [string, number][]) =>
  decodeBrief(text, DAY)!.digestPapers(new Map(votes));

describe("a brief's digest rows", () => {
  it("are split once from the same text, frozen, each answer with its own upvotes", () => {
    const text = encodeBrief(papers("Ann Wu"), HASH);
    const first = rows(text, [["2605.00001", 3]]);
    const again = rows(text.split("").join(""), [
      ["2605.00001", 5],
      ["2605.00002", 1],
    ]);
    expect(first.get("2605.00001")).toMatchObject({ title: "One", authors: ["Ann Wu", "Bo Li"], upvotes: 3 });
    expect(again.get("2605.00001")?.upvotes).toBe(5);
    expect(again.get("2605.00001")?.authors).toBe(first.get("2605.00001")?.authors);
    expect(again.get("2605.00002")?.authors).toEqual(["Zoë Ng"]);
    expect(() => again.get("2605.00001")!.authors.push("Eve")).toThrow(TypeError);
    expect(rows(text, [["2605.00001", 1]]).get("2605.00001")?.authors).toEqual(["Ann Wu", "Bo Li"]);
  });

  it("are split again once the brief changed", () => {
    expect(rows(encodeBrief(papers("Ann Wu"), HASH), [["2605.00001", 1]]).get("2605.00001")?.authors[0]).toBe(
      "Ann Wu",
    );
    expect(
      rows(encodeBrief(papers("Ann Wu-Li"), HASH), [["2605.00001", 1]]).get("2605.00001")?.authors[0],
    ).toBe("Ann Wu-Li");
  });
});
