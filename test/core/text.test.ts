// What XML 1.0 cannot carry (section 2.2, "Char"), found and taken out of a text.
import { describe, expect, it } from "vitest";
import { hasXmlForbidden, normalizeText, XML_FORBIDDEN, xmlSafe } from "../../src/core/text";

/** Every code unit XML_FORBIDDEN could match, and the ones either side of its ranges. */
const XML_EDGE_UNITS = [
  ...Array.from({ length: 0x21 }, (_, i) => i),
  0x7f,
  0xd7ff,
  0xd800,
  0xdbff,
  0xdc00,
  0xdfff,
  0xe000,
  0xfffd,
  0xfffe,
  0xffff,
];

describe("characters XML forbids", () => {
  const allowed = [
    "plain",
    "tab\tline\nreturn\r",
    "naïve — “quoted”",
    "emoji 🦜 pair",
    "\uE000 private use",
    "",
  ];
  const forbidden: [string, string][] = [
    ["a C0 control", "a\u0001b"],
    ["U+FFFE", "a\uFFFEb"],
    ["U+FFFF", "a\uFFFFb"],
    ["a lone high surrogate", `a${String.fromCharCode(0xd83e)}b`],
    ["a lone low surrogate", `a${String.fromCharCode(0xdd9c)}b`],
    ["a high surrogate at the end", `ab${String.fromCharCode(0xd83e)}`],
  ];

  it("finds none in text XML can carry, surrogate pairs included", () => {
    for (const s of allowed) expect([s, hasXmlForbidden(s), xmlSafe(s)]).toEqual([s, false, s]);
  });

  it("finds exactly what XML_FORBIDDEN finds, for every code unit it could match and their neighbours", () => {
    for (const u of XML_EDGE_UNITS) {
      const alone = `a${String.fromCharCode(u)}b`;
      expect([u.toString(16), hasXmlForbidden(alone)]).toEqual([u.toString(16), XML_FORBIDDEN.test(alone)]);
    }
  });

  it.each(forbidden)("finds %s, and xmlSafe takes out only it", (_, s) => {
    expect(hasXmlForbidden(s)).toBe(true);
    expect(xmlSafe(s)).toBe("ab");
    expect(hasXmlForbidden(`🦜${s}🦜`)).toBe(true);
  });
});

describe("normalizeText", () => {
  // The definition: controls and U+FFFE/U+FFFF dropped, lone surrogates replaced, white space folded and trimmed.
  const byDefinition = (s: string) =>
    s
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, "")
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
      .replace(/\s+/g, " ")
      .trim();

  it("gives what the definition gives, for every code unit its checks look at, alone and between others", () => {
    // Beyond what XML forbids: the white space `\s` folds, and the halves of a pair.
    const units = [
      ...XML_EDGE_UNITS,
      0x85,
      0xa0,
      0x1680,
      ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
      0x2028,
      0x2029,
      0x202f,
      0x205f,
      0x3000,
      0xd83e,
      0xdd9c,
      0xfeff,
    ];
    for (const u of units) {
      const c = String.fromCharCode(u);
      for (const s of [c, `a${c}b`, `a ${c} b`, `${c}\n${c}`, `x\n${c}🦜`, `line\nwrap${c}`, `\ud83e${c}`])
        expect([u.toString(16), normalizeText(s)]).toEqual([u.toString(16), byDefinition(s)]);
    }
  });

  it("folds an abstract's hard line wraps and leaves ordinary text as it is", () => {
    expect(normalizeText("  A model\nfor  text.\n")).toBe("A model for text.");
    const plain = "Plain — naïve 🦜 text.";
    expect(normalizeText(plain)).toBe(plain);
  });
});
