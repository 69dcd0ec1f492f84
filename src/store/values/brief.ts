// brief:D: what `author=` and `org=` search in a day (authors' names and the organisation,
// folded), and what a daily digest shows of its papers (titles and names as shown), so
// neither reads the day record. Written with the day's content.
import type { DigestPaper, IsoDate, PaperContent } from "../../core/paper";
import { paperLinks } from "../../core/paper";
import { fold, fromAscii, toAscii } from "../ascii";
import { linesContaining } from "../find";
import { logInvalid } from "../kv";
import { TextMemo } from "../memo";
import { MAX_PAPER_BYTES, MAX_PAPERS_PER_DAY } from "./dayRecord";
import {
  clean,
  decodeSections,
  encodeSections,
  hasLines,
  type Sectioned,
  type SectionedFormat,
} from "./sectioned";

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

/** The sections with a line a paper, each checked when first used: a search reads one of them, a digest two. */
const COLUMN_SECTIONS = SECTIONS.filter((s) => s !== "ids");

/** brief:D read back and checked. */
export class Brief {
  private readonly lined = new Map<Section, boolean>();
  constructor(
    private readonly value: Sectioned<Section>,
    private readonly key: string,
  ) {}

  /** A section of a line a paper, when it has a line for each id (else logged, and undefined). */
  private column(name: Section): string | undefined {
    let fits = this.lined.get(name);
    if (fits === undefined) {
      fits = hasLines(this.value.sections[name]!, this.ids.length);
      if (!fits) logInvalid(this.key, `its ${name} do not match its ids`);
      this.lined.set(name, fits);
    }
    return fits ? this.value.sections[name] : undefined;
  }
  get ids() {
    return this.value.ids;
  }
  get content() {
    return this.value.content;
  }
  get isCurrentFormat() {
    return this.value.format === CURRENT;
  }
  /** Whether it is of the current format, what its checksum says (one pass over it), and a line a paper in each section. */
  get intact(): boolean {
    return (
      this.value.format === CURRENT &&
      this.value.intact() &&
      COLUMN_SECTIONS.every((s) => this.column(s) !== undefined)
    );
  }

  /**
   * The papers whose authors (or organisation) contain `needle`, folded, as lines of `ids`
   * (their positions in it); null when this value cannot answer it (version 1 and a needle
   * holding its separator, or a section without a line a paper).
   */
  lines(needle: string, column: BriefColumn): Set<number> | null {
    if (this.value.format === V1 && needle.includes(V1_SEPARATOR)) return null;
    const section = this.column(column);
    return section === undefined ? null : new Set(linesContaining(section, toAscii(needle)));
  }

  /** The papers with the given upvotes as a digest shows them (none when its titles or names are not a line a paper). */
  digestPapers(votes: Map<string, number>): Map<string, DigestPaper> {
    const out = new Map<string, DigestPaper>();
    const titles = this.column("titles");
    const names = this.column("names");
    if (titles === undefined || names === undefined) return out;
    // Every section counts: the three compared are slices of the brief and keep it all alive.
    const chars = Object.values<string>(this.value.sections).reduce((n, t) => n + t.length, 0);
    const rows = digestRows(this.key, [this.value.sections.ids!, titles, names], chars, this.ids);
    for (const [i, id] of this.ids.entries()) {
      const upvotes = votes.get(id);
      const row = rows[i]!;
      if (upvotes !== undefined)
        out.set(id, { id, title: row.title, authors: row.authors, upvotes, url: row.url });
    }
    return out;
  }
}

type DigestRow = Omit<DigestPaper, "upvotes">;

/**
 * The digest rows split out of the briefs this isolate read last (store/memo.ts): digests are
 * polled over and over for the same few days, and splitting every name again was about an
 * eighth of a digest's CPU in its profile. Frozen, so no answer changes what the next is given.
 */
const splitRows = new TextMemo<DigestRow[]>(16, 2_000_000);

function digestRows(key: string, sections: [string, string, string], chars: number, ids: readonly string[]) {
  const [, titles, names] = sections;
  const kept = splitRows.get(key, sections);
  if (kept) return kept;
  const titleLines = titles.split("\n");
  const nameLines = names.split("\n");
  const rows = ids.map((id, i): DigestRow => {
    const authors = nameLines[i] ? fromAscii(nameLines[i]!).split("\t") : [];
    Object.freeze(authors);
    return Object.freeze({ id, title: fromAscii(titleLines[i] ?? ""), authors, url: paperLinks(id).url });
  });
  splitRows.set(key, sections, rows, chars);
  return rows;
}

/** brief:D read back; `listed` is the day's ids as its summary gives them (decodeSections). */
export function decodeBrief(raw: string, date: IsoDate, listed?: readonly string[]): Brief | null {
  const key = briefKey(date);
  const value = decodeSections(raw, key, [CURRENT, V1], ["ids"], listed);
  return value && new Brief(value, key);
}
