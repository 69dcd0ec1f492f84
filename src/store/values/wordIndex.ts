// words:D, the word index of a day's search text: every distinct word of text:D on a line,
// followed by the numbers of the papers whose text holds it. A needle that lies within one
// word is in a paper's text exactly when it is in one of that paper's words, so the words
// find what a scan of the text finds, in a third of the bytes. Built once a day's content
// has settled (scrape/run.ts), and used only while its content hash is the summary's.
import type { IsoDate } from "../../core/paper";
import { toAscii } from "../ascii";
import { isContentHash } from "../content";
import { eachMatch } from "../find";
import type { SearchText } from "./searchText";
import { SEARCH_TEXT_MAX_BYTES } from "./searchText";
import { decodeSections, encodeSections, type Sectioned, type SectionedFormat } from "./sectioned";

export const wordIndexKey = (date: IsoDate) => `words:${date}`;
/** At most twice the text it is made from (searchText.ts, SEARCH_PAPER_MAX_BYTES). */
export const WORD_INDEX_MAX_BYTES = 2 * SEARCH_TEXT_MAX_BYTES;

type Section = "content" | "ids" | "words";
/**
 * Version 2: the content hash and a checksum in the head (sectioned.ts), so the repair pass
 * finds a damaged index that still names the right content without rebuilding it. Version
 * 1, still read, had the content hash as its first section and no checksum.
 */
const CURRENT: SectionedFormat<Section> = {
  head: "search-words",
  version: 2,
  hashed: true,
  sections: ["ids", "words"],
};
const V1: SectionedFormat<Section> = {
  head: "search-words",
  version: 1,
  hashed: false,
  sections: ["content", "ids", "words"],
};

/**
 * What a word of the text is made of: lowercase letters, digits, and the encoding of
 * anything beyond ASCII (toAscii). Every other character separates words.
 */
const WORD_CHARS = "a-z0-9\\u0001\\u0010-\\u001f";
const WORD_SEPARATORS = new RegExp(`[^${WORD_CHARS}]+`);
const WORD_PART = new RegExp(`^[${WORD_CHARS}]+$`);

/**
 * Whether a needle (lowercased) lies within one word wherever it occurs, so that the words
 * that contain it are the whole answer: it holds no separator.
 */
export const isWordPart = (needle: string) => WORD_PART.test(toAscii(needle));

/**
 * The characters that number papers in a word's postings: none can be part of a word (the
 * text is lowercased, so no capital), nor a line feed or form feed. One character numbers
 * up to 58 papers, two up to 3,364.
 */
const POSTING = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const POSTING_DIGIT = Int8Array.from({ length: 128 }, (_, c) => POSTING.indexOf(String.fromCharCode(c)));
const postingWidth = (papers: number) => (papers <= POSTING.length ? 1 : 2);
const posting = (n: number, width: number) =>
  width === 1 ? POSTING[n]! : POSTING[Math.floor(n / POSTING.length)]! + POSTING[n % POSTING.length]!;

/** words:D from a day's search text, for the content hash it was written for. */
export function encodeWordIndex(text: SearchText, content: string): string {
  const lines = text.text === "" ? [] : text.text.split("\n");
  const width = postingWidth(lines.length);
  const words = new Map<string, string>();
  for (const [n, line] of lines.entries()) {
    const code = posting(n, width);
    for (const word of line.split(WORD_SEPARATORS)) {
      if (word === "") continue;
      const seen = words.get(word);
      if (seen === undefined) words.set(word, code);
      else if (!seen.endsWith(code)) words.set(word, seen + code);
    }
  }
  const index: string[] = [];
  for (const [word, papers] of words) index.push(word + papers);
  return encodeSections(CURRENT, content, [toAscii(text.ids.join("\n")), index.join("\n")]);
}

/** words:D read back and checked. */
export class WordIndex {
  constructor(private readonly value: Sectioned<Section>) {}
  get ids() {
    return this.value.ids;
  }
  get content() {
    return this.value.content ?? this.value.sections.content!;
  }
  /** Whether it is of the current version and what its checksum says (one pass over it). */
  get intact(): boolean {
    return this.value.format === CURRENT && this.value.intact();
  }

  /**
   * The papers whose text contains `needle` (lowercased), which must lie within one word
   * (isWordPart), as lines of `ids` (their positions in it).
   */
  lines(needle: string): Set<number> {
    const words = this.value.sections.words!;
    const found = new Set<number>();
    const width = postingWidth(this.ids.length);
    eachMatch(words, toAscii(needle), (at) => {
      const end = words.indexOf("\n", at);
      const lineEnd = end < 0 ? words.length : end;
      // The line's postings close it, in characters no word holds.
      for (let p = lineEnd - width; p >= at && POSTING_DIGIT[words.charCodeAt(p)]! >= 0; p -= width) {
        let n = 0;
        for (let k = 0; k < width; k++) n = n * POSTING.length + POSTING_DIGIT[words.charCodeAt(p + k)]!;
        if (n < this.ids.length) found.add(n);
      }
      return end < 0 ? -1 : end + 1;
    });
    return found;
  }
}

/** words:D read back; `listed` is the day's ids as its summary gives them (decodeSections). */
export function decodeWordIndex(raw: string, date: IsoDate, listed?: readonly string[]): WordIndex | null {
  const value = decodeSections(raw, wordIndexKey(date), [CURRENT, V1], ["ids"], listed);
  if (!value) return null;
  const content = value.content ?? value.sections.content ?? "";
  if (!isContentHash(content)) return null;
  return new WordIndex(value);
}
