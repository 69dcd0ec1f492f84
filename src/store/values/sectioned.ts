// The layout text:D, brief:D and words:D share: a head line naming the kind and its
// version, then sections separated by form feeds, whose lengths the head gives, so a
// reader takes a section by position without scanning for it. Each section of a day's
// papers has one line per paper, in the order of the ids section.
import { fnv1a } from "../../core/hash";
import { ARXIV_ID, LIMITS } from "../../core/paper";
import { isContentHash } from "../content";
import { logInvalid } from "../kv";

/**
 * One version of one kind: its head word, its sections, and whether the head names a
 * content hash. A hashed head also carries a checksum of everything after it (FNV-1a), which
 * the repair pass checks (Sectioned.intact) and readers do not: it costs a pass over the value.
 */
export interface SectionedFormat<S extends string = string> {
  head: string;
  version: number;
  /** The head carries the content hash of the papers the value was written for (store/content.ts), and a checksum. */
  hashed: boolean;
  sections: readonly S[];
}

/** The longest ids section of a day: its most papers, of the longest ids ARXIV_ID allows with a version. */
const MAX_IDS_TEXT = LIMITS.papersPerDay * 24;
/** An ids section as written: arXiv ids, a line each (one regex pass for all, not one a paper). */
const IDS = new RegExp(`^${ARXIV_ID}(?:\n${ARXIV_ID})*$`);
const CHECKSUM = /^[0-9a-f]{8}$/;

/** A value of its kind: the head (with the content hash, if the format has one, and each section's length), then the sections. */
export function encodeSections(
  format: SectionedFormat,
  content: string | undefined,
  sections: string[],
): string {
  const body = sections.join("\f");
  const head = [
    format.head,
    format.version,
    ...(format.hashed ? [content, fnv1a(body)] : []),
    ...sections.map((s) => s.length),
  ];
  return `${head.join(" ")}\f${body}`;
}

/** A sectioned value read back: its format, content hash (if its format has one), ids and sections. */
export interface Sectioned<S extends string> {
  format: SectionedFormat<S>;
  content?: string;
  ids: string[];
  sections: Partial<Record<S, string>>;
  /** Whether what follows the head is what its checksum says (a hashed format; one pass over the value). */
  intact: () => boolean;
}

/**
 * Reads a value in one of the accepted formats of its kind; null (logged) when it is in
 * none, when the lengths do not fit, when an id is not an arXiv id, or when a section of
 * the papers has another number of lines than there are ids. `listed`, the day's ids as its
 * summary gives them (already checked), is what the ids section usually holds: then those
 * are its ids, and the section is neither checked nor split again.
 */
export function decodeSections<S extends string>(
  raw: string,
  key: string,
  accepted: readonly SectionedFormat<S>[],
  paperSections: readonly S[],
  listed?: readonly string[],
): Sectioned<S> | null {
  const headEnd = raw.indexOf("\f");
  const head = raw.slice(0, headEnd < 0 ? raw.length : headEnd).split(" ");
  const format = accepted.find((f) => f.head === head[0] && String(f.version) === head[1]);
  const invalid = (why: string) => {
    logInvalid(key, why);
    return null;
  };
  if (headEnd < 0 || !format) return invalid("not a value of an accepted format");
  const content = format.hashed ? head[2] : undefined;
  const sum = format.hashed ? head[3] : undefined;
  if (format.hashed && (!isContentHash(content ?? "") || !CHECKSUM.test(sum ?? "")))
    return invalid("no content hash and checksum");
  const lengths = head.slice(format.hashed ? 4 : 2).map(Number);
  if (lengths.length !== format.sections.length) return invalid("its head does not fit its format");
  const sections: Partial<Record<S, string>> = {};
  let at = headEnd + 1;
  for (const [i, name] of format.sections.entries()) {
    const length = lengths[i]!;
    const end = at + length;
    if (
      !Number.isSafeInteger(length) ||
      length < 0 ||
      end > raw.length ||
      (end !== raw.length && raw[end] !== "\f")
    )
      return invalid("its sections do not fit the lengths its head gives");
    sections[name] = raw.slice(at, end);
    at = end + 1;
  }
  if (at !== raw.length + 1) return invalid("its sections do not fit the lengths its head gives");
  const idText = sections["ids" as S] ?? "";
  const ids = listed && idText === listed.join("\n") ? (listed as string[]) : idsOf(idText);
  if (!ids) return invalid("an id is not an arXiv id, or there are more than a day holds");
  for (const name of paperSections) {
    if (name === "ids" || !format.sections.includes(name)) continue;
    if (!hasLines(sections[name]!, ids.length)) return invalid(`its ${name} do not match its ids`);
  }
  return { format, content, ids, sections, intact: () => !!sum && fnv1a(raw, headEnd + 1) === sum };
}

/** The ids of an ids section, checked; null when one is not an arXiv id or there are more than a day holds. */
function idsOf(idText: string): string[] | null {
  if (idText === "") return [];
  // Bounded first: a regular expression's repetitions over millions of lines could exhaust its backtracking stack.
  if (idText.length > MAX_IDS_TEXT || !IDS.test(idText)) return null;
  return idText.split("\n");
}

/** Whether a section has `n` lines: n - 1 line feeds (a section of no papers is empty). */
export function hasLines(section: string, n: number): boolean {
  if (n === 0) return section === "";
  let feeds = 0;
  for (let at = section.indexOf("\n"); at >= 0 && feeds < n; at = section.indexOf("\n", at + 1)) feeds++;
  return feeds === n - 1;
}

/** No control character inside a field: tab, line feed and form feed are the layout's separators. */
export const clean = (s: string) => s.replace(/[\u0000-\u001f]/g, " ");
