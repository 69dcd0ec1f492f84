// Text from upstream, made safe once where papers are made, so every later reader (the
// renderers above all) can rely on it.
//
// Old titles and abstracts carry hard line wraps (SOURCE-NOTES.md), and XML 1.0 (section
// 2.2, "Char") cannot carry C0 controls or lone surrogates.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// One cheap scan says whether a string needs any of the work below: most do not, and this
// runs on every title and abstract of every page (a run has 10 ms of CPU on the free plan).
const ODD_CHARS =
  /[\u0000-\u001F\u007F\uD800-\uDFFF\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF\uFFFE\uFFFF]/;

/**
 * What CONTROL and LONE_SURROGATE could change: most odd text (an abstract's hard line
 * wraps) has only white space to fold, and then those two passes are skipped.
 */
const NOT_ONLY_SPACE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF\uFFFE\uFFFF]/;
const SPACES = /\s+/g;

/** Drops what XML cannot carry and folds runs of white space into one space. */
export function normalizeText(s: string): string {
  if (!ODD_CHARS.test(s) && !s.includes("  ") && s[0] !== " " && s.at(-1) !== " ") return s;
  const safe = NOT_ONLY_SPACE.test(s) ? s.replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD") : s;
  return safe.replace(SPACES, " ").trim();
}

/**
 * Characters XML 1.0 does not allow anywhere (section 2.2, "Char"): C0 controls other than
 * tab, line feed and carriage return, U+FFFE, U+FFFF, and surrogates that are not paired.
 */
export const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const XML_FORBIDDEN_G = new RegExp(XML_FORBIDDEN.source, "g");

/**
 * Every character XML_FORBIDDEN can match, as one class: a text without any (nearly every
 * title and abstract) is passed by one scan V8 runs fast, where the lookarounds of
 * XML_FORBIDDEN scan a two-byte string at a third of the speed.
 */
const MAY_BE_XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Whether the text holds a character XML 1.0 forbids. */
export const hasXmlForbidden = (s: string) => MAY_BE_XML_FORBIDDEN.test(s) && XML_FORBIDDEN.test(s);

/** The text without what XML 1.0 forbids (for anything stored before ingest removed it). */
export const xmlSafe = (s: string) => (hasXmlForbidden(s) ? s.replace(XML_FORBIDDEN_G, "") : s);

/** An upstream URL, kept only when it is an absolute http(s) URL: no javascript:, data: or others. */
export function safeUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The string cut to at most `max` UTF-16 units, never between the two halves of a surrogate
 * pair (a lone half is a character XML 1.0 forbids, section 2.2).
 */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
