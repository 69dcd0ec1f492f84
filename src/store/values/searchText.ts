// text:D, the search text: each paper's title, AI keywords and abstract, lowercased, one
// line a paper, what `q=` scans where the word index cannot answer. Written with the day's
// content; its head names the content hash it was written for, so a reader can tell it is
// current.
import type { IsoDate, PaperContent } from "../../core/paper";
import { toAscii } from "../ascii";
import { linesContaining } from "../find";
import { MAX_PAPER_BYTES, MAX_PAPERS_PER_DAY } from "./dayRecord";
import { clean, decodeSections, encodeSections, type Sectioned, type SectionedFormat } from "./sectioned";

export const searchTextKey = (date: IsoDate) => `text:${date}`;
/**
 * Most bytes one paper may take here (store/fit.ts holds it to this): half a day record's
 * line, because the word index made from this text can take twice its bytes (a word of one
 * letter costs two bytes here, and its paper's number up to four there).
 */
export const SEARCH_PAPER_MAX_BYTES = MAX_PAPER_BYTES / 2;
export const SEARCH_TEXT_MAX_BYTES = MAX_PAPERS_PER_DAY * SEARCH_PAPER_MAX_BYTES + 1024;

type Section = "ids" | "text";
const CURRENT: SectionedFormat<Section> = {
  head: "search-text",
  version: 3,
  hashed: true,
  sections: ["ids", "text"],
};
/** Accepted: 3, and 2, which has no content hash (it is current while its ids are the summary's). */
const ACCEPTED = [CURRENT, { ...CURRENT, version: 2, hashed: false }];

export type SearchablePaper = Pick<PaperContent, "id" | "title" | "summary" | "ai_keywords">;

/** What `q=` looks in for one paper: title, AI keywords and abstract, lowercased. */
export const searchLine = (p: SearchablePaper) =>
  clean([p.title, ...(p.ai_keywords ?? []), p.summary].join(" ").toLowerCase());

/** What one paper takes in a search text: its id and its line, each with a line feed. */
export const searchBytes = (p: SearchablePaper) => p.id.length + toAscii(searchLine(p)).length + 2;

export function encodeSearchText(papers: SearchablePaper[], content: string): string {
  const ids = toAscii(papers.map((p) => clean(p.id)).join("\n"));
  return encodeSections(CURRENT, content, [ids, toAscii(papers.map(searchLine).join("\n"))]);
}

/** text:D read back and checked. */
export class SearchText {
  constructor(private readonly value: Sectioned<Section>) {}
  get ids() {
    return this.value.ids;
  }
  /** The content hash it was written for; undefined in version 2. */
  get content() {
    return this.value.content;
  }
  /** The lowercased text of every paper, one line each (ASCII-encoded). */
  get text() {
    return this.value.sections.text!;
  }
  /** Whether it was written in the current format. */
  get isCurrentFormat() {
    return this.value.format === CURRENT;
  }
  /** Whether it is of the current format and what its checksum says (one pass over it). */
  get intact(): boolean {
    return this.value.format === CURRENT && this.value.intact();
  }
  /** The papers whose text contains `needle` (lowercased), as lines of `ids` (their positions in it). */
  lines(needle: string): Set<number> {
    return new Set(linesContaining(this.text, toAscii(needle)));
  }
}

/** text:D read back; `listed` is the day's ids as its summary gives them (decodeSections). */
export function decodeSearchText(raw: string, date: IsoDate, listed?: readonly string[]): SearchText | null {
  const value = decodeSections(raw, searchTextKey(date), ACCEPTED, ["ids", "text"], listed);
  return value && new SearchText(value);
}
