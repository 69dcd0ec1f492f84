// What the searches scan and what a daily digest shows, kept apart from the day record
// and written when a day's content changes: text:D holds each paper's text (title, AI
// keywords, abstract) for `q=`; brief:D its authors and organisation for `author=` and
// `org=`, and its title and authors as a digest shows them. Both are read for every covered
// day of a filtered query, so they are built to be read without work: plain ASCII (toAscii),
// cut into sections whose lengths the first line gives, so a search takes its section by
// position and scans it with indexOf, and a digest splits two sections into lines.
import type { DigestPaper, Paper } from "../core/paper";
import { paperLinks } from "../core/paper";

/** Case and accents set aside: "Zoë" and "ZOE" fold to "zoe" (Unicode NFD, then marks dropped). */
export const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** What a search looks in: the text (title, AI keywords, abstract), the authors, the organisation. */
export type SearchColumn = "text" | "authors" | "organization";

/**
 * The values and their sections. In text:D and brief:D each section has one line per paper,
 * in the same order: the text is lowercased, authors' names and organisations (name and
 * full name) are folded; titles and names (tab-separated) are as shown. Version 1 of text:D
 * had no head: one tab-separated line per paper, with the id, text, authors and
 * organisation. words:D is an index of text:D (wordsOf): the content hash of the papers it
 * was built from, their ids, and one line per word.
 */
const FORMATS = {
  text: { head: "search-text 2", sections: ["ids", "text"] },
  brief: { head: "brief 1", sections: ["ids", "authors", "organization", "titles", "names"] },
  words: { head: "search-words 1", sections: ["content", "ids", "words"] },
} as const;
type Kind = keyof typeof FORMATS;
type Section = (typeof FORMATS)[Kind]["sections"][number];
/** The sections made of one line per paper. */
type PaperSection = (typeof FORMATS)["text" | "brief"]["sections"][number];

/** No control character inside a field: tab, line feed and form feed are the format's separators. */
const clean = (s: string) => s.replace(/[\u0000-\u001f]/g, " ");

/**
 * Text as ASCII: each UTF-16 unit beyond ASCII becomes \x01 and four "digits" \x10 to \x1F.
 * No stored field holds those controls (clean) and no needle may (query.ts), so an encoded
 * needle is found in encoded text exactly where the needle is found in the text. KV hands
 * values over as UTF-8, and ASCII decodes far faster (kvJson.ts, asciiJson).
 */
export const toAscii = (s: string): string =>
  NON_ASCII.test(s)
    ? s.replace(NON_ASCII_G, (c) => {
        const n = c.charCodeAt(0);
        const digit = (shift: number) => String.fromCharCode(0x10 + ((n >> shift) & 15));
        return `\u0001${digit(12)}${digit(8)}${digit(4)}${digit(0)}`;
      })
    : s;
const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_G = /[\u0080-\uffff]/g;

/** The text toAscii was given. */
export const fromAscii = (s: string): string =>
  s.includes("\u0001")
    ? s.replace(/\u0001([\u0010-\u001f]{4})/g, (_, d: string) =>
        String.fromCharCode([...d].reduce((n, c) => n * 16 + c.charCodeAt(0) - 0x10, 0)),
      )
    : s;

export type SearchablePaper = Pick<
  Paper,
  "id" | "title" | "summary" | "ai_keywords" | "authors" | "organization"
>;

const COLUMNS: Record<PaperSection, (p: SearchablePaper) => string> = {
  ids: (p) => clean(p.id),
  text: (p) => clean([p.title, ...(p.ai_keywords ?? []), p.summary].join(" ").toLowerCase()),
  authors: (p) => clean(fold(p.authors.join(" | "))),
  organization: (p) =>
    clean(fold([p.organization?.name, p.organization?.fullname].filter(Boolean).join(" | "))),
  titles: (p) => clean(p.title),
  names: (p) => p.authors.map(clean).join("\t"),
};

function encode(kind: "text" | "brief", papers: SearchablePaper[]): string {
  return withHead(
    kind,
    FORMATS[kind].sections.map((s) => toAscii(papers.map(COLUMNS[s]).join("\n"))),
  );
}

/** A value of its kind: the head, with each section's length, then the sections. */
const withHead = (kind: Kind, sections: string[]) =>
  [`${FORMATS[kind].head} ${sections.map((s) => s.length).join(" ")}`, ...sections].join("\f");

/** text:D for a day's papers. */
export const searchTextOf = (papers: SearchablePaper[]) => encode("text", papers);
/** brief:D for a day's papers. */
export const briefOf = (papers: SearchablePaper[]) => encode("brief", papers);

/** Whether a stored value is in the current format of its kind. */
export const isCurrent = (kind: Kind, raw: string | null) => !!raw?.startsWith(`${FORMATS[kind].head} `);

/** A day's text:D or brief:D, read: its papers' ids and its sections, each one string. */
export class DayText {
  readonly ids: string[];
  private constructor(
    private readonly sections: Partial<Record<Section, string>>,
    /** ASCII-encoded (the current formats) or not (version 1). */
    private readonly encoded: boolean,
  ) {
    // Decoded whole, then split: one check for encoded characters a day, not one an id.
    const ids = sections.ids ?? "";
    this.ids = ids ? (encoded ? fromAscii(ids) : ids).split("\n") : [];
  }

  /** Reads either kind in its current format, or text:D in version 1; null for anything else. */
  static read(raw: string): DayText | null {
    for (const kind of ["text", "brief", "words"] as const) {
      if (!isCurrent(kind, raw)) continue;
      const sections = sectionsAt(raw, kind);
      return sections && new DayText(sections, true);
    }
    if (!/^[^\t\n\f]*\t/.test(raw) && raw !== "") return null;
    const rows = raw === "" ? [] : raw.split("\n").map((line) => line.split("\t"));
    const section = (i: number) => rows.map((r) => r[i] ?? "").join("\n");
    return new DayText(
      { ids: section(0), text: section(1), authors: section(2), organization: section(3) },
      false,
    );
  }

  /** Whether `find` can look in this column. */
  has = (column: SearchColumn) => this.sections[column] !== undefined;

  /** Whether it holds the titles and names a digest shows. */
  get showsDigest() {
    return this.sections.titles !== undefined && this.sections.names !== undefined;
  }

  /** The ids of the papers whose `column` contains `needle` (lowercased for text, folded otherwise). */
  find(needle: string, column: SearchColumn): Set<string> {
    const lines = linesContaining(this.sections[column] ?? "", this.encoded ? toAscii(needle) : needle);
    return new Set(lines.map((i) => this.ids[i]!));
  }

  /** words:D: the content hash of the papers it indexes, or undefined for another kind. */
  get content(): string | undefined {
    return this.sections.content;
  }

  /**
   * words:D: the ids of the papers whose text contains `needle` (lowercased), which must lie
   * within one word (isWordPart); those are found by the words that contain it.
   */
  findInWords(needle: string): Set<string> {
    const { words } = this.sections;
    const found = new Set<string>();
    if (words === undefined) return found;
    const width = postingWidth(this.ids.length);
    eachMatch(words, toAscii(needle), (at) => {
      const end = words.indexOf("\n", at);
      const lineEnd = end < 0 ? words.length : end;
      // The line's postings close it, in characters no word holds.
      for (let p = lineEnd - width; p >= at && POSTING_DIGIT[words.charCodeAt(p)]! >= 0; p -= width) {
        let n = 0;
        for (let k = 0; k < width; k++) n = n * POSTING.length + POSTING_DIGIT[words.charCodeAt(p + k)]!;
        const id = this.ids[n];
        if (id !== undefined) found.add(id);
      }
      return end < 0 ? -1 : end + 1;
    });
    return found;
  }

  /** The papers with the given upvotes as a digest shows them; null without titles and names. */
  digestPapers(votes: Map<string, number>): Map<string, DigestPaper> | null {
    const { titles, names } = this.sections;
    if (titles === undefined || names === undefined) return null;
    const titleLines = titles.split("\n");
    const nameLines = names.split("\n");
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

/** The sections of a current-format value, taken by the lengths its head gives; null if they do not fit. */
function sectionsAt(raw: string, kind: Kind): Partial<Record<Section, string>> | null {
  const { head, sections } = FORMATS[kind];
  const headEnd = raw.indexOf("\f");
  const lengths = raw
    .slice(head.length + 1, headEnd)
    .split(" ")
    .map(Number);
  if (headEnd < 0 || lengths.length !== sections.length) return null;
  const out: Partial<Record<Section, string>> = {};
  let at = headEnd + 1;
  for (const [i, name] of sections.entries()) {
    const end = at + lengths[i]!;
    if (!(end <= raw.length) || (end !== raw.length && raw[end] !== "\f")) return null;
    out[name] = raw.slice(at, end);
    at = end + 1;
  }
  return at === raw.length + 1 ? out : null;
}

/**
 * The numbers of the lines of `section` that contain `needle`, in order. A needle holds no
 * line feed (query.ts forbids controls), so a match never spans two lines.
 */
export function linesContaining(section: string, needle: string): number[] {
  const found: number[] = [];
  let line = 0;
  let lineStart = 0;
  eachMatch(section, needle, (at) => {
    for (let nl = section.indexOf("\n", lineStart); nl >= 0 && nl < at; nl = section.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    found.push(line);
    // One match is enough for a line: go on from the next one.
    const end = section.indexOf("\n", at);
    if (end < 0) return -1;
    line++;
    lineStart = end + 1;
    return lineStart;
  });
  return found;
}

/**
 * Calls `visit` with where `needle` occurs in `text`, going on from where visit says (not
 * before it), or stopping when it says -1.
 */
function eachMatch(text: string, needle: string, visit: (at: number) => number): void {
  // indexOf finds a pattern by scanning for its first character and comparing the rest
  // there (V8, src/strings/string-search.h; 7 characters or more it searches with
  // Boyer-Moore-Horspool, slower on this text). So the cost is the first character's
  // frequency: search for the part of the needle that starts at its rarest character,
  // at most 6 long, then check the whole needle in place (npm run bench, "Reading stored values").
  if (needle === "") return;
  const from0 = anchorOf(needle);
  const head = needle.slice(from0, from0 + 6);
  let earliest = 0;
  let from = 0;
  for (;;) {
    const headAt = text.indexOf(head, from);
    if (headAt < 0) return;
    const at = headAt - from0;
    if (at < earliest || !text.startsWith(needle, at)) {
      from = headAt + 1;
      continue;
    }
    earliest = visit(at);
    if (earliest < 0) return;
    from = earliest + from0;
  }
}

// ---- words:D ----

/**
 * What a word of the text is made of: lowercase letters, digits, and the encoding of
 * anything beyond ASCII (toAscii). Every other character separates words.
 */
const WORD_CHARS = "a-z0-9\\u0001\\u0010-\\u001f";
const WORD_SEPARATORS = new RegExp(`[^${WORD_CHARS}]+`);
const WORD_PART = new RegExp(`^[${WORD_CHARS}]+$`);

/**
 * Whether a needle (lowercased, for the text) lies within one word wherever it occurs, so
 * that the words that contain it are the whole answer: it holds no separator.
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

/**
 * words:D from a day's text:D: every distinct word of the papers' text, each on a line
 * followed by the numbers of the papers whose text holds it. A needle that lies within one
 * word (isWordPart) is in a paper's text exactly when it is in one of that paper's words,
 * so the words find what a scan of the text finds, in a third of the bytes. `content` is
 * the content hash (the summary's) of the papers the text was written for: the index is
 * used only while the summary still says so. Null when the text is not in its current
 * format, or holds too many papers to number.
 */
export function wordsOf(text: string, content: string): string | null {
  const sections = isCurrent("text", text) ? sectionsAt(text, "text") : null;
  if (!sections) return null;
  const lines = sections.text!.split("\n");
  if (lines.length > POSTING.length ** 2) return null;
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
  return withHead("words", [content, sections.ids!, index.join("\n")]);
}

/**
 * Letters by how often they occur in abstracts, most frequent first, after the space
 * (counted over the real papers in fixtures/pages).
 */
const BY_FREQUENCY = " etianorslcdmguhpfvybwkxzqj";

/**
 * Where the search for a needle starts: at its rarest character (anything but a letter
 * counts as rarer than every letter), leaving at least 4 characters to search for.
 */
function anchorOf(needle: string): number {
  let best = 0;
  let bestRank = -1;
  for (let i = 0; i <= needle.length - Math.min(needle.length, 4); i++) {
    const rank = BY_FREQUENCY.indexOf(needle[i]!);
    const r = rank < 0 ? BY_FREQUENCY.length : rank;
    if (r > bestRank) {
      best = i;
      bestRank = r;
    }
  }
  return best;
}
