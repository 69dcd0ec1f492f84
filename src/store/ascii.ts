// Every stored value is ASCII. KV hands a value to the Worker as UTF-8 bytes to decode,
// and a single character beyond Latin-1 (a dash, a quote mark) makes decoding it some 20
// times slower (npm run bench, "Reading stored values"). JSON values escape what lies
// beyond ASCII; the search values encode it with control characters no field or needle
// holds, so that encoded needles are found in encoded text exactly where they should be.

/** A character beyond ASCII. */
export const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_G = /[\u0080-\uffff]/g;

/**
 * A value as JSON that is all ASCII: every other character is written as a \uXXXX escape
 * (RFC 8259 section 7), which JSON.parse reads back unchanged.
 */
export const asciiJson = (value: unknown): string => {
  const json = JSON.stringify(value);
  return NON_ASCII.test(json)
    ? json.replace(NON_ASCII_G, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    : json;
};

/**
 * Text as ASCII for the search values: each UTF-16 unit beyond ASCII becomes \x01 and four
 * "digits" \x10 to \x1F. No stored field holds those controls (they are cleaned out) and
 * no needle may (serve/query.ts), so an encoded needle is found in encoded text exactly
 * where the needle is found in the text.
 */
export const toAscii = (s: string): string =>
  NON_ASCII.test(s)
    ? s.replace(NON_ASCII_G, (c) => {
        const n = c.charCodeAt(0);
        const digit = (shift: number) => String.fromCharCode(0x10 + ((n >> shift) & 15));
        return `\u0001${digit(12)}${digit(8)}${digit(4)}${digit(0)}`;
      })
    : s;

/** The text toAscii was given. */
export const fromAscii = (s: string): string =>
  s.includes("\u0001")
    ? s.replace(/\u0001([\u0010-\u001f]{4})/g, (_, d: string) =>
        String.fromCharCode([...d].reduce((n, c) => n * 16 + c.charCodeAt(0) - 0x10, 0)),
      )
    : s;

/** Case and accents set aside: "Zoë" and "ZOE" fold to "zoe" (Unicode NFD, then marks dropped). */
export const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
