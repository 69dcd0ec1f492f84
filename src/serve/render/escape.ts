// Escaping for HTML and XML. Escaping runs over every title and abstract of a feed (a
// 7-day Atom feed has about 300), so each function first tests whether there is anything
// to do (most strings have nothing) and then makes one pass (README, "Performance").
//
// Paper text should never hold characters XML cannot carry: they are stripped where papers
// are made (core/text.ts). Escaping strips them again, for anything stored before that.
import type { Paper } from "../../core/paper";
import { XML_FORBIDDEN, xmlSafe } from "../../core/text";

// All attribute values are double-quoted, so apostrophes need no escaping.
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const SPECIAL_G = /[&<>"]/g;
const toEntity = (c: string) => ENTITY[c]!;

/**
 * Text for HTML or XML element content and double-quoted attribute values. Four
 * `includes` scans (vectorised) cost less than one regex scan.
 */
export const escapeHtml = (text: string) => {
  const s = xmlSafe(text);
  return s.includes("&") || s.includes("<") || s.includes(">") || s.includes('"')
    ? s.replace(SPECIAL_G, toEntity)
    : s;
};

/**
 * An escaper for a paper's many short strings (title, authors, keywords): one regex test
 * over all of them, and when none needs escaping (most papers), no per-string work.
 */
export function escaperFor(p: Paper): (s: string) => string {
  // Joined with line feeds: XML allows them, so the test below sees only the strings' own characters.
  const joined = `${p.title}\n${p.authors.join("\n")}\n${p.ai_keywords?.join("\n") ?? ""}`;
  return /[&<>"]/.test(joined) || XML_FORBIDDEN.test(joined) ? escapeHtml : (s) => s;
}

/** Markup carried as character data: one CDATA section, split where the text has "]]>". */
export const cdata = (s: string) =>
  `<![CDATA[${s.includes("]]>") ? s.replaceAll("]]>", "]]]]><![CDATA[>") : s}]]>`;

/**
 * An escaped title or name as a bidirectional isolate (HTML's <bdi>): a right-to-left
 * override in it (U+202E) then reorders only itself, not the text after it.
 */
export const bdi = (escaped: string) => `<bdi>${escaped}</bdi>`;

/** Names, each escaped and isolated on its own, joined with ", ". */
export const isolatedNames = (names: string[], esc: (s: string) => string = escapeHtml) =>
  names.map((n) => bdi(esc(n))).join(", ");

/**
 * Text isolated where no markup can go (the document's <title>): FIRST STRONG ISOLATE and
 * POP DIRECTIONAL ISOLATE, the plain-text form of <bdi> (Unicode UAX #9, rules X5c and X6a).
 */
export const isolatedText = (text: string) => `\u2068${text}\u2069`;
