// text:D, the search text: each paper's title, AI keywords and abstract, lowercased, one
// line a paper, what `q=` scans where the word index cannot answer. Written with the day's
// content; its head names the content hash it was written for, so a reader can tell it is
// current.
import type { IsoDate, PaperContent } from "../../core/paper";
import { toAscii } from "../ascii";
import { linesContaining } from "../find";
import { DAY_MAX_BYTES } from "./dayRecord";
import { clean, decodeSections, encodeSections, type Sectioned, type SectionedFormat } from "./sectioned";

export const searchTextKey = (date: IsoDate) => `text:${date}`;
/** No larger than the day record it is made from. */
export const SEARCH_TEXT_MAX_BYTES = DAY_MAX_BYTES;

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
  /** The ids of the papers whose text contains `needle` (lowercased). */
  find(needle: string): Set<string> {
    return new Set(linesContaining(this.text, toAscii(needle)).map((i) => this.ids[i]!));
  }
}

export function decodeSearchText(raw: string, date: IsoDate): SearchText | null {
  const value = decodeSections(raw, searchTextKey(date), ACCEPTED, ["ids", "text"]);
  return value && new SearchText(value);
}
