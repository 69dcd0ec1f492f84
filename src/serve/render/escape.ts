// Escaping for HTML and XML. Escaping runs over every title and abstract of a feed (a
// 7-day Atom feed has about 300), so each function first tests whether there is anything
// to do (most strings have nothing) and then makes one pass (README, "Performance").
//
// Paper text should never hold characters XML cannot carry: they are stripped where papers
// are made (core/text.ts). Escaping strips them again, for anything stored before that.
import type { Paper } from "../../core/paper";
import { hasXmlForbidden, xmlSafe } from "../../core/text";

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
  return /[&<>"]/.test(joined) || hasXmlForbidden(joined) ? escapeHtml : (s) => s;
}

/** Markup carried as character data: one CDATA section, split where the text has "]]>". */
export const cdata = (s: string) =>
  `<![CDATA[${s.includes("]]>") ? s.replaceAll("]]>", "]]]]><![CDATA[>") : s}]]>`;

/**
 * Characters from U+0590 on: every right-to-left letter (Hebrew starts the range) and every
 * explicit directional formatting character (U+061C, U+200E–U+200F, U+202A–U+202E,
 * U+2066–U+2069) lie there. Below it every character is left-to-right, a number or neutral
 * (Unicode UAX #9, section 3.2; DerivedBidiClass.txt), so text without any cannot reorder
 * the text after it.
 */
const MAY_REORDER = /[\u0590-\uFFFF]/;

/**
 * An escaped title or name as a bidirectional isolate (HTML's <bdi>) when it holds a
 * character that could reorder the text around it (a right-to-left override, U+202E, or a
 * right-to-left letter): it then reorders only itself. Other text is left as it is: an
 * isolate would change nothing, and a feed names thousands of authors.
 */
export const bdi = (escaped: string) => (MAY_REORDER.test(escaped) ? `<bdi>${escaped}</bdi>` : escaped);

/**
 * Names, each escaped and isolated on its own where it needs it, joined with ", ". One test
 * over all of them first: escaping works character by character, so names that need no
 * isolate escape as one joined string.
 */
export function isolatedNames(names: string[], esc: (s: string) => string = escapeHtml): string {
  const joined = names.join(", ");
  return MAY_REORDER.test(joined) ? names.map((n) => bdi(esc(n))).join(", ") : esc(joined);
}

/**
 * Text isolated where no markup can go (the document's <title>): FIRST STRONG ISOLATE and
 * POP DIRECTIONAL ISOLATE, the plain-text form of <bdi> (Unicode UAX #9, rules X5c and X6a).
 */
export const isolatedText = (text: string) => `\u2068${text}\u2069`;

/** Text isolated where no markup can go, only when it holds a character that could reorder the text after it. */
export const isolatedWhereNeeded = (text: string) => (MAY_REORDER.test(text) ? isolatedText(text) : text);
