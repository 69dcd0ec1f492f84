// HTML reads a numeric character reference to 0x80–0x9F as the Windows-1252 character of
// that byte (HTML Living Standard, "Numeric character reference end state": &#150; is an en
// dash, &#128; the euro sign), and so does linkedom. The fast path must give what the DOM
// gives (embedded.ts), not a C1 control character in its place.
import { describe, expect, it } from "vitest";
import { domProps, embeddedProps } from "../../src/scrape/embedded";

const page = (value: string) =>
  `<html><body><div data-target="DailyPapers" data-props="{&quot;t&quot;:&quot;${value}&quot;}"></div></body></html>`;

describe("a numeric reference to a C1 code point", () => {
  it.each([
    ["&#150;", "\u2013"],
    ["&#128;", "\u20ac"],
    ["&#x9F;", "\u0178"],
    ["&#x92;", "\u2019"],
  ])("%s reads as the browser reads it", (entity, char) => {
    const html = page(`a${entity}b`);
    expect(domProps(html)).toBe(`{"t":"a${char}b"}`);
    expect(embeddedProps(html)).toBe(domProps(html));
  });
});
