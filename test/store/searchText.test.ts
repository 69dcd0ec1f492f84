// What the searches scan and what a digest shows (text:D, brief:D): exact matches, stored
// as ASCII whatever the papers' script, and the older format still read.
import { describe, expect, it } from "vitest";
import {
  briefOf,
  DayText,
  fold,
  fromAscii,
  isCurrent,
  isWordPart,
  linesContaining,
  searchTextOf,
  toAscii,
  wordsOf,
} from "../../src/store/searchText";

const paper = (id: string, title: string, extra: { summary?: string; authors?: string[] } = {}) => ({
  id,
  title,
  summary: extra.summary ?? "",
  authors: extra.authors ?? [],
  ai_keywords: [] as string[],
});

const PAPERS = [
  paper("2605.00001", "Diffusion for Zoë", {
    summary: "A 扩散 model 🦜 with text-to-image.",
    authors: ["Zoë Müller", "王 伟"],
  }),
  paper("2605.00002", "Video diffusion, diffusion again", { authors: ["Ada Lovelace"] }),
  paper("2605.00003", "Nothing to see", { summary: "No match\there", authors: [] }),
];

const text = DayText.read(searchTextOf(PAPERS))!;
const brief = DayText.read(briefOf(PAPERS))!;

describe("the stored values", () => {
  it("are all ASCII, whatever the papers' script", () => {
    for (const value of [searchTextOf(PAPERS), briefOf(PAPERS)]) {
      expect(value).toMatch(/^[\x00-\x7f]*$/);
      expect(isCurrent("text", value) || isCurrent("brief", value)).toBe(true);
    }
  });

  it("toAscii and fromAscii are inverses, surrogate pairs and lone halves included", () => {
    for (const s of ["plain", "Zoë 王伟", "🦜 parrot", "lone \ud800 half", "é\u0301"]) {
      expect(toAscii(s)).toMatch(/^[\x00-\x7f]*$/);
      expect(fromAscii(toAscii(s))).toBe(s);
    }
  });
});

describe("finding", () => {
  it("finds a needle in any script, once per paper, only in the column asked", () => {
    expect(text.find("diffusion", "text")).toEqual(new Set(["2605.00001", "2605.00002"]));
    expect(text.find("扩散", "text")).toEqual(new Set(["2605.00001"]));
    expect(text.find("🦜 with", "text")).toEqual(new Set(["2605.00001"]));
    expect(text.find("text-to-image", "text")).toEqual(new Set(["2605.00001"]));
    expect(brief.find(fold("ZOE"), "authors")).toEqual(new Set(["2605.00001"]));
    expect(brief.find(fold("王"), "authors")).toEqual(new Set(["2605.00001"]));
    expect(brief.find("lovelace", "authors")).toEqual(new Set(["2605.00002"]));
    // A title word is not an author, and an author is not in the text.
    expect(brief.find("diffusion", "authors")).toEqual(new Set());
    expect(text.find("lovelace", "text")).toEqual(new Set());
  });

  it("never matches inside the encoding of another character", () => {
    // "ë" is stored as \x01 and four controls; no needle of letters matches part of that.
    expect(text.find("zo", "text")).toEqual(new Set(["2605.00001"]));
    expect(text.find("zoe", "text")).toEqual(new Set());
    expect(text.find("e", "text")).toEqual(new Set(["2605.00001", "2605.00002", "2605.00003"]));
  });

  it("a tab in a field is a space, not a column break", () => {
    expect(text.find("match here", "text")).toEqual(new Set(["2605.00003"]));
  });
});

describe("linesContaining", () => {
  it("gives each line's number once, however often it matches", () => {
    expect(linesContaining("aa diffusion diffusion\nnone\nx diffusion", "diffusion")).toEqual([0, 2]);
  });

  it("checks the whole needle around where it starts searching (its rarest letter)", () => {
    // The search starts from "ffusio" in "diffusion"; what precedes it must match too.
    expect(linesContaining("confusion\ninfusion\ndiffusion", "diffusion")).toEqual([2]);
    // ...and must not be taken from the line before.
    expect(linesContaining("di\nffusion", "diffusion")).toEqual([]);
    expect(linesContaining("diffusio\nn", "diffusion")).toEqual([]);
  });

  it("finds needles at the very start and end, and short needles", () => {
    expect(linesContaining("diffusion\nab", "diffusion")).toEqual([0]);
    expect(linesContaining("ab\nxdiffusion", "diffusion")).toEqual([1]);
    expect(linesContaining("ab\ncd\nab", "b")).toEqual([0, 2]);
    expect(linesContaining("ab\ncd", "")).toEqual([]);
  });
});

describe("the digest's view", () => {
  it("titles and authors as shown, with the upvotes given, for the papers asked", () => {
    const shown = brief.digestPapers(new Map([["2605.00001", 7]]))!;
    expect([...shown.values()]).toEqual([
      {
        id: "2605.00001",
        title: "Diffusion for Zoë",
        authors: ["Zoë Müller", "王 伟"],
        upvotes: 7,
        url: "https://huggingface.co/papers/2605.00001",
      },
    ]);
    expect(text.digestPapers(new Map([["2605.00001", 7]]))).toBeNull();
  });
});

describe("older and damaged values", () => {
  it("reads version 1 text (one tab-separated line a paper) for text, authors and organisation", () => {
    const v1 = DayText.read(
      "2605.00001\tdiffusion for zoe\tzoe muller\thf | hugging face\n2605.00002\tvideo\tada lovelace\t",
    )!;
    expect(v1.find("diffusion", "text")).toEqual(new Set(["2605.00001"]));
    expect(v1.find("lovelace", "authors")).toEqual(new Set(["2605.00002"]));
    expect(v1.find("hugging", "organization")).toEqual(new Set(["2605.00001"]));
    expect(v1.showsDigest).toBe(false);
  });

  it("a head whose lengths do not fit the sections reads as nothing, not as wrong matches", () => {
    const value = searchTextOf(PAPERS);
    expect(DayText.read(value.slice(0, -5))).toBeNull();
    expect(DayText.read(value.replace(/^search-text 2 \d+/, "search-text 2 3"))).toBeNull();
  });
});

describe("the word index (words:D)", () => {
  // Real abstracts' words, and the awkward cases: scripts beyond ASCII, digits, a word
  // spelled inside another, the same word twice in one paper.
  const many = [
    ...PAPERS,
    paper("2605.00004", "Stable Diffusion 3.5 vs. SDXL", {
      summary: "Diffusion-based editing of naïve 3D scenes.",
    }),
    paper("2605.00005", "Multidiffusion", {
      summary: "Video VideoDiffusion, 4K at 60fps; GPT-4o and 扩散模型.",
    }),
  ];
  const words = DayText.read(wordsOf(searchTextOf(many), "c0ffee")!)!;
  const scanned = DayText.read(searchTextOf(many))!;

  it("finds exactly what a scan of the text finds, for every needle within a word", () => {
    const needles = [
      "diffusion",
      "diff",
      "usion",
      "3",
      "5",
      "sdxl",
      "naïve",
      "ï",
      "扩散",
      "散模",
      "4k",
      "60fps",
      "4o",
      "zoë",
      "zz",
      "videodiffusion",
      "e",
    ];
    for (const needle of needles) {
      expect(isWordPart(needle), needle).toBe(true);
      expect(words.findInWords(needle), needle).toEqual(scanned.find(needle, "text"));
    }
    expect(words.findInWords("diffusion")).toEqual(
      new Set(["2605.00001", "2605.00002", "2605.00004", "2605.00005"]),
    );
    expect(words.content).toBe("c0ffee");
  });

  it("is not for needles that span words: those are scanned", () => {
    for (const needle of ["text-to-image", "diffusion model", "3.5", " video", "gpt-4"])
      expect(isWordPart(needle)).toBe(false);
  });

  it("numbers more papers than one character can (two characters a paper)", () => {
    const crowd = Array.from({ length: 130 }, (_, i) =>
      paper(`2605.${String(i).padStart(5, "0")}`, `Paper ${i}`, {
        summary: i % 7 === 0 ? "rare wordzz here" : "common",
      }),
    );
    const index = DayText.read(wordsOf(searchTextOf(crowd), "h")!)!;
    const text = DayText.read(searchTextOf(crowd))!;
    for (const needle of ["wordzz", "common", "paper", "129", "12"])
      expect(index.findInWords(needle), needle).toEqual(text.find(needle, "text"));
    expect(index.findInWords("wordzz").size).toBe(19);
  });

  it("is built only from text:D in its current format", () => {
    expect(wordsOf(briefOf(PAPERS), "c")).toBeNull();
    expect(wordsOf("2605.00001\tsome text\t\t", "c")).toBeNull();
  });
});
