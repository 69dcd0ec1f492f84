// What XML 1.0 cannot carry (section 2.2, "Char"), found and taken out of a text.
import { describe, expect, it } from "vitest";
import { hasXmlForbidden, XML_FORBIDDEN, xmlSafe } from "../../src/core/text";

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
    const units = [
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
    for (const u of units) {
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
