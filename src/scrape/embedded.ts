// The page's embedded data: the `data-props` attribute of its `DailyPapers` element, as
// the JSON text the page was built from (entities decoded exactly once).
//
// Cutting the attribute out of the page by byte search and decoding its few kinds of
// entity costs about a tenth of what a DOM parse of the whole page does (a scheduled run
// has 10 ms of CPU on the free plan; README, "Performance"). Anything the fast path is not
// sure of (another tag layout, an entity it does not know) goes to linkedom, which decodes
// attributes as a browser does. Cloudflare's HTMLRewriter would not do: it hands attribute
// values over with their entities still encoded (cloudflare/lol-html#131).
import { parseHTML } from "linkedom";
import { ParseError } from "./errors";

const TARGET = 'data-target="DailyPapers"';
const PROPS = ' data-props="';
const utf8 = new TextDecoder();

/** The decoded `data-props` text. Throws ParseError when the element is missing. */
export function embeddedProps(html: string | Uint8Array): string {
  // A run has the response's bytes; a string (tests, benchmarks) takes the same path.
  const bytes = typeof html === "string" ? new TextEncoder().encode(html) : html;
  return fastProps(bytes) ?? domProps(typeof html === "string" ? html : utf8.decode(html));
}

/** The same, always through linkedom: the reference the fast path is tested against. */
export function domProps(html: string): string {
  const { document } = parseHTML(html);
  const el = document.querySelector('[data-target="DailyPapers"][data-props]');
  if (!el) throw new ParseError("no DailyPapers element with data-props in the page");
  return el.getAttribute("data-props") ?? "";
}

const TARGET_BYTES = new TextEncoder().encode(TARGET);
const PROPS_BYTES = new TextEncoder().encode(PROPS);

/** Where `needle` starts in `hay` at or after `from`, or -1 (native indexOf on its first byte). */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number, to = hay.length): number {
  for (
    let i = hay.indexOf(needle[0]!, from);
    i >= 0 && i + needle.length <= to;
    i = hay.indexOf(needle[0]!, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/**
 * The attribute cut out of the response's bytes by search, or undefined when the DOM
 * should decide. Only the attribute is decoded from UTF-8, not the whole page (its
 * delimiters are ASCII, so byte offsets are safe).
 */
export function fastProps(html: Uint8Array): string | undefined {
  const at = indexOfBytes(html, TARGET_BYTES, 0);
  if (at < 0) return undefined;
  const tagStart = html.lastIndexOf(0x3c /* < */, at);
  const propsAt = tagStart < 0 ? -1 : indexOfBytes(html, PROPS_BYTES, tagStart);
  // The attribute must be in the same start tag: no tag end between the two.
  if (propsAt < 0 || html.subarray(tagStart, propsAt).includes(0x3e /* > */)) return undefined;
  const start = propsAt + PROPS_BYTES.length;
  const end = html.indexOf(0x22 /* " */, start);
  if (end < 0) return undefined;
  return decodeAttribute(utf8.decode(html.subarray(start, end)));
}

const QUOT = /&quot;/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntity(name: string): string | undefined {
  // Own keys only: `in` would also find toString, valueOf and __proto__ on the prototype,
  // which are no entities (a browser leaves `&toString;` as written).
  if (Object.hasOwn(NAMED, name)) return NAMED[name];
  const code = /^#\d{1,7}$/.test(name)
    ? Number(name.slice(1))
    : /^#[xX][0-9a-fA-F]{1,6}$/.test(name)
      ? parseInt(name.slice(2), 16)
      : NaN;
  // Leave zero, surrogates, out-of-range code points and 0x80-0x9F (read as Windows-1252:
  // HTML Living Standard, "Numeric character reference end state") to the DOM's rules.
  return code > 0 && code <= 0x10ffff && (code < 0x80 || code > 0x9f) && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : undefined;
}

/** Decodes an attribute value in one pass over its quotes and one over the rest. */
export function decodeAttribute(value: string): string | undefined {
  // Every JSON quote is an &quot;: one native pass for those, then a walk over what is left.
  // A global regular expression, not replaceAll: in workerd it costs half as much on a
  // page's 13,000 quotes (bench/FINDINGS.md, "Reading the page").
  const s = value.replace(QUOT, '"');
  let i = s.indexOf("&");
  if (i < 0) return s;
  // Concatenation, not join: V8 builds a rope here and flattens it once, in JSON.parse.
  let out = "";
  let from = 0;
  while (i >= 0) {
    const semi = s.indexOf(";", i);
    const decoded = semi > i && semi - i <= 10 ? decodeEntity(s.slice(i + 1, semi)) : undefined;
    if (decoded === undefined) return undefined;
    out += s.slice(from, i) + decoded;
    from = semi + 1;
    i = s.indexOf("&", from);
  }
  return out + s.slice(from);
}
