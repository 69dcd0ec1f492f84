// brief:D: what `author=` and `org=` search in a day (authors' names and the organisation,
// folded), and what a daily digest shows of its papers (titles and names as shown), so
// neither reads the day record. Written with the day's content.
import type { DigestPaper, IsoDate, PaperContent } from "../../core/paper";
import { paperLinks } from "../../core/paper";
import { fold, fromAscii, toAscii } from "../ascii";
import { linesContaining } from "../find";
import { MAX_PAPER_BYTES, MAX_PAPERS_PER_DAY } from "./dayRecord";
import { clean, decodeSections, encodeSections, type Sectioned, type SectionedFormat } from "./sectioned";

export const briefKey = (date: IsoDate) => `brief:${date}`;

type Section = "ids" | "authors" | "organization" | "titles" | "names";
/** What the searches look in. */
export type BriefColumn = "authors" | "organization";

const SECTIONS: Section[] = ["ids", "authors", "organization", "titles", "names"];
/**
 * Version 2 separates names with a tab, which no needle may hold (serve/query.ts), so a
 * needle never matches across two names; its head names the content hash.
 */
const CURRENT: SectionedFormat<Section> = { head: "brief", version: 2, hashed: true, sections: SECTIONS };
/** Version 1 joined names with " | ": it answers only needles without "|", which cannot span two. */
const V1: SectionedFormat<Section> = { head: "brief", version: 1, hashed: false, sections: SECTIONS };
const V1_SEPARATOR = "|";

export type BriefPaper = Pick<PaperContent, "id" | "title" | "authors" | "organization">;

const COLUMNS: Record<Section, (p: BriefPaper) => string> = {
  ids: (p) => clean(p.id),
  authors: (p) => p.authors.map((a) => clean(fold(a))).join("\t"),
  organization: (p) =>
    [p.organization?.name, p.organization?.fullname]
      .filter((s): s is string => !!s)
      .map((s) => clean(fold(s)))
      .join("\t"),
  titles: (p) => clean(p.title),
  names: (p) => p.authors.map(clean).join("\t"),
};

/** What one paper takes in a brief: store/fit.ts holds it to MAX_PAPER_BYTES. */
export const briefBytes = (p: BriefPaper) =>
  SECTIONS.reduce((n, s) => n + toAscii(COLUMNS[s](p)).length + 1, 0);
/** So a brief is at most 12 MB, and two fit one bulk read (store/kv.ts). */
export const BRIEF_MAX_BYTES = MAX_PAPERS_PER_DAY * MAX_PAPER_BYTES + 1024;

export function encodeBrief(papers: BriefPaper[], content: string): string {
  return encodeSections(
    CURRENT,
    content,
    SECTIONS.map((s) => toAscii(papers.map(COLUMNS[s]).join("\n"))),
  );
}

/** brief:D read back and checked. */
export class Brief {
  constructor(private readonly value: Sectioned<Section>) {}
  get ids() {
    return this.value.ids;
  }
  get content() {
    return this.value.content;
  }
  get isCurrentFormat() {
    return this.value.format === CURRENT;
  }
  /** Whether it is of the current format and what its checksum says (one pass over it). */
  get intact(): boolean {
    return this.value.format === CURRENT && this.value.intact();
  }

  /**
   * The papers whose authors (or organisation) contain `needle`, folded, as lines of `ids`
   * (their positions in it); null when this value cannot answer it (version 1 and a needle
   * holding its separator).
   */
  lines(needle: string, column: BriefColumn): Set<number> | null {
    if (this.value.format === V1 && needle.includes(V1_SEPARATOR)) return null;
    return new Set(linesContaining(this.value.sections[column]!, toAscii(needle)));
  }

  /** The papers with the given upvotes as a digest shows them. */
  digestPapers(votes: Map<string, number>): Map<string, DigestPaper> {
    const titleLines = this.value.sections.titles!.split("\n");
    const nameLines = this.value.sections.names!.split("\n");
    const out = new Map<string, DigestPaper>();
    for (const [i, id] of this.ids.entries()) {
      const upvotes = votes.get(id);
      if (upvotes === undefined) continue;
      const authors = nameLines[i] ? fromAscii(nameLines[i]!).split("\t") : [];
      out.set(id, { id, title: fromAscii(titleLines[i] ?? ""), authors, upvotes, url: paperLinks(id).url });
    }
    return out;
  }
}

export function decodeBrief(raw: string, date: IsoDate): Brief | null {
  const value = decodeSections(raw, briefKey(date), [CURRENT, V1], SECTIONS);
  return value && new Brief(value);
}
