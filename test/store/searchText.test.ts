// What the searches scan and what a digest shows (text:D, brief:D): exact matches, stored
// as ASCII whatever the papers' script, and the older format still read.
import { describe, expect, it } from "vitest";
import { fold, fromAscii, toAscii } from "../../src/store/ascii";
import { linesContaining } from "../../src/store/find";
import { decodeBrief, encodeBrief } from "../../src/store/values/brief";
import { decodeSearchText, encodeSearchText } from "../../src/store/values/searchText";
import { decodeWordIndex, encodeWordIndex, isWordPart } from "../../src/store/values/wordIndex";

const DAY = "2026-05-15";
const HASH = "c0ffee".padEnd(32, "0");
const searchTextOf = (papers: Parameters<typeof encodeSearchText>[0]) => encodeSearchText(papers, HASH);
const briefOf = (papers: Parameters<typeof encodeBrief>[0]) => encodeBrief(papers, HASH);
const wordsOf = (papers: Parameters<typeof encodeSearchText>[0], content = HASH) =>
  decodeWordIndex(encodeWordIndex(decodeSearchText(searchTextOf(papers), DAY)!, content), DAY)!;

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

/** The ids of the papers a value found, from the lines of its ids it gives. */
const idsAt = (value: { ids: string[] }, lines: Set<number> | null) =>
  lines && new Set([...lines].map((i) => value.ids[i]!));

const text = decodeSearchText(searchTextOf(PAPERS), DAY)!;
const brief = decodeBrief(briefOf(PAPERS), DAY)!;

describe("the stored values", () => {
  it("are all ASCII, whatever the papers' script", () => {
    for (const value of [searchTextOf(PAPERS), briefOf(PAPERS)]) {
      expect(value).toMatch(/^[\x00-\x7f]*$/);
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
    expect(idsAt(text, text.lines("diffusion"))).toEqual(new Set(["2605.00001", "2605.00002"]));
    expect(idsAt(text, text.lines("扩散"))).toEqual(new Set(["2605.00001"]));
    expect(idsAt(text, text.lines("🦜 with"))).toEqual(new Set(["2605.00001"]));
    expect(idsAt(text, text.lines("text-to-image"))).toEqual(new Set(["2605.00001"]));
    expect(idsAt(brief, brief.lines(fold("ZOE"), "authors"))).toEqual(new Set(["2605.00001"]));
    expect(idsAt(brief, brief.lines(fold("王"), "authors"))).toEqual(new Set(["2605.00001"]));
    expect(idsAt(brief, brief.lines("lovelace", "authors"))).toEqual(new Set(["2605.00002"]));
    // A title word is not an author, and an author is not in the text.
    expect(idsAt(brief, brief.lines("diffusion", "authors"))).toEqual(new Set());
    expect(idsAt(text, text.lines("lovelace"))).toEqual(new Set());
  });

  it("never matches inside the encoding of another character", () => {
    // "ë" is stored as \x01 and four controls; no needle of letters matches part of that.
    expect(idsAt(text, text.lines("zo"))).toEqual(new Set(["2605.00001"]));
    expect(idsAt(text, text.lines("zoe"))).toEqual(new Set());
    expect(idsAt(text, text.lines("e"))).toEqual(new Set(["2605.00001", "2605.00002", "2605.00003"]));
  });

  it("a tab in a field is a space, not a column break", () => {
    expect(idsAt(text, text.lines("match here"))).toEqual(new Set(["2605.00003"]));
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
  });
});

describe("older and damaged values", () => {
  it('a brief of version 1 (names joined by " | ") answers needles that cannot span two names, and no other', () => {
    const v1 = [
      "brief 1 21 30 2 1 1",
      "2605.00001\n2605.00002",
      "zoe muller | wang\nada lovelace",
      "\n",
      "a\nb",
      "\n",
    ].join("\f");
    // Its head gives the sections' lengths: make them fit.
    const sections = v1.split("\f").slice(1);
    const value = [`brief 1 ${sections.map((x) => x.length).join(" ")}`, ...sections].join("\f");
    const b = decodeBrief(value, DAY)!;
    expect(idsAt(b, b.lines("muller", "authors"))).toEqual(new Set(["2605.00001"]));
    expect(idsAt(b, b.lines("muller | wang", "authors"))).toBeNull();
  });

  it("in version 2 a needle never matches across two authors", () => {
    const b = decodeBrief(briefOf([{ id: "2605.00001", title: "t", authors: ["Ann Lee", "Bo Li"] }]), DAY)!;
    expect(idsAt(b, b.lines("lee bo", "authors"))).toEqual(new Set());
    expect(idsAt(b, b.lines("lee", "authors"))).toEqual(new Set(["2605.00001"]));
  });

  it("a head whose lengths do not fit the sections, or lines that do not match the ids, read as nothing", () => {
    const value = searchTextOf(PAPERS);
    expect(decodeSearchText(value.slice(0, -5), DAY)).toBeNull();
    expect(
      decodeSearchText(
        value.replace(/ (\d+) (\d+)\f/, (_, a) => ` ${a} 3\f`),
        DAY,
      ),
    ).toBeNull();
    const lengths = value.split("\f")[0]!;
    const [, ids, body] = value.split("\f");
    const oneLineShort = body!.slice(0, body!.lastIndexOf("\n"));
    expect(
      decodeSearchText(
        [lengths.replace(/\d+$/, String(oneLineShort.length)), ids, oneLineShort].join("\f"),
        DAY,
      ),
    ).toBeNull();
    expect(decodeSearchText("search-text 9 1 1\fa\fb", DAY)).toBeNull();
  });

  it("a brief's sections are checked as they are used: one short of a line hides only what needs it", () => {
    const value = briefOf(PAPERS);
    const [head, ...sections] = value.split("\f");
    // The names (the last section) one line short, the head's lengths made to fit.
    const names = sections[4]!;
    sections[4] = names.slice(0, names.lastIndexOf("\n"));
    const lengths = head!
      .split(" ")
      .slice(0, 4)
      .concat(sections.map((x) => String(x.length)));
    const b = decodeBrief([lengths.join(" "), ...sections].join("\f"), DAY)!;
    // author= reads the folded authors, which are whole: it still answers.
    expect(idsAt(b, b.lines("lovelace", "authors"))).toEqual(new Set(["2605.00002"]));
    // A digest needs the names: none from this value (the archive reads the papers instead).
    expect(b.digestPapers(new Map([["2605.00001", 7]])).size).toBe(0);
    // And the repair pass finds it wanting, as it would a checksum that does not match.
    expect(b.intact).toBe(false);
    expect(decodeBrief(value, DAY)!.intact).toBe(true);
    // Its authors one line short: author= cannot answer from it.
    const short = [...value.split("\f").slice(1)];
    short[1] = short[1]!.slice(0, short[1]!.lastIndexOf("\n"));
    const head2 = head!
      .split(" ")
      .slice(0, 4)
      .concat(short.map((x) => String(x.length)));
    expect(decodeBrief([head2.join(" "), ...short].join("\f"), DAY)!.lines("lovelace", "authors")).toBeNull();
  });

  it("an ids section that is the day's listed ids is taken as they are; any other is checked", () => {
    const value = searchTextOf(PAPERS);
    const listed = ["2605.00001", "2605.00002", "2605.00003"];
    expect(decodeSearchText(value, DAY, listed)!.ids).toBe(listed);
    expect(decodeBrief(briefOf(PAPERS), DAY, listed)!.ids).toBe(listed);
    // Other ids than listed: read and checked from the value itself.
    const other = decodeSearchText(value, DAY, ["2605.00003", "2605.00002", "2605.00001"])!;
    expect(other.ids).toEqual(listed);
    const [head, ids, ...rest] = value.split("\f");
    const bad = ids!.replace("2605.00002", "2605.0000x");
    const withBad = [head!.replace(/ \d+ (\d+)$/, ` ${bad.length} $1`), bad, ...rest].join("\f");
    expect(decodeSearchText(withBad, DAY, listed)).toBeNull();
  });

  it("an ids section holding anything but arXiv ids, one a line, reads as nothing", () => {
    const value = searchTextOf(PAPERS);
    const [head, ids, ...rest] = value.split("\f");
    const withIds = (section: string) =>
      decodeSearchText(
        [head!.replace(/ \d+ (\d+)$/, ` ${section.length} $1`), section, ...rest].join("\f"),
        DAY,
      );
    expect(withIds(ids!)?.ids).toEqual(["2605.00001", "2605.00002", "2605.00003"]);
    expect(withIds(ids!.replace("2605.00002", "2605.00002v3"))?.ids[1]).toBe("2605.00002v3");
    for (const bad of [
      ids!.replace("2605.00002", "2605.0000x"),
      ids!.replace("2605.00002", "2605.00002 "),
      ids!.replace("\n2605.00002", "\n\n2605.00002").replace("\n2605.00003", ""),
      ids!.replace("2605.00001", "../secrets"),
    ])
      expect([bad, withIds(bad)]).toEqual([bad, null]);
    // More ids than a day holds, a million of them: read as nothing, checked without a regular expression's backtracking.
    expect(withIds(Array.from({ length: 1_000_000 }, () => "2605.00001").join("\n"))).toBeNull();
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
  const words = wordsOf(many);
  const scanned = decodeSearchText(searchTextOf(many), DAY)!;

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
      expect(idsAt(words, words.lines(needle)), needle).toEqual(idsAt(scanned, scanned.lines(needle)));
    }
    expect(idsAt(words, words.lines("diffusion"))).toEqual(
      new Set(["2605.00001", "2605.00002", "2605.00004", "2605.00005"]),
    );
    expect(words.content).toBe(HASH);
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
    const index = wordsOf(crowd);
    const text = decodeSearchText(searchTextOf(crowd), DAY)!;
    for (const needle of ["wordzz", "common", "paper", "129", "12"])
      expect(idsAt(index, index.lines(needle)), needle).toEqual(idsAt(text, text.lines(needle)));
    expect(idsAt(index, index.lines("wordzz"))!.size).toBe(19);
  });

  it("reads only a value of its kind and of the content hash it names", () => {
    expect(decodeWordIndex(briefOf(PAPERS), DAY)).toBeNull();
    expect(decodeWordIndex(searchTextOf(PAPERS), DAY)).toBeNull();
  });
});
