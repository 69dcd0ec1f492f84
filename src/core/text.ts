// Text from upstream, made safe once where papers are made, so every later reader (the
// renderers above all) can rely on it.
//
// Old titles and abstracts carry hard line wraps (SOURCE-NOTES.md), and XML 1.0 (section
// 2.2, "Char") cannot carry C0 controls or lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// One cheap scan says whether a string needs any of the work below: most do not, and this
// runs on every title and abstract of every page (a run has 10 ms of CPU on the free plan).
const ODD_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it looks for
  /[\u0000-\u001F\u007F\uD800-\uDFFF\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/;

/** Drops what XML cannot carry and folds runs of white space into one space. */
export function normalizeText(s: string): string {
  if (!ODD_CHARS.test(s) && !s.includes("  ") && s[0] !== " " && s.at(-1) !== " ") return s;
  return s.replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD").replace(/\s+/g, " ").trim();
}
