import { describe, expect, it } from "vitest";
import { seeded } from "../../bench/workerd/seeded";
import {
  decodeAttribute,
  domProps,
  embeddedProps,
  fastProps as fastPropsOfBytes,
} from "../../src/scrape/embedded";
import { ParseError } from "../../src/scrape/errors";
import { pages } from "../fixtures";

const fastProps = (html: string) => fastPropsOfBytes(new TextEncoder().encode(html));
const page = (tag: string) => `<html><body>${tag}<article>x</article></body></html>`;

/** An attribute value as a page writes it (HTML's escaping of a double-quoted attribute). */
const attribute = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const propsPage = (json: string) =>
  page(`<div data-target="DailyPapers" data-props="${attribute(json)}"></div>`);

describe("the embedded data's fast path", () => {
  it.each(Object.keys(pages))("gives exactly what linkedom gives for the %s page", (date) => {
    const fast = fastProps(pages[date]!);
    expect(fast).toBeDefined();
    expect(fast).toBe(domProps(pages[date]!));
  });

  it("gives what linkedom gives for JSON with entities and characters beyond ASCII, and for damaged bytes", () => {
    // Seeded, so a failure can be replayed.
    const random = seeded(7);
    const rand = (n: number) => Math.floor(random() * n);
    const pieces = [
      "a",
      " ",
      "\\",
      '"',
      "&",
      "<",
      "é",
      "李",
      "🚀",
      "\u00a0",
      "\u2028",
      "'",
      "&amp;",
      "\\u00e9",
      "\n",
    ];
    const texts = () => Array.from({ length: rand(6) }, () => pieces[rand(pieces.length)]).join("");
    const encoder = new TextEncoder();
    let damagedCompared = 0;
    for (let n = 0; n < 400; n++) {
      const json = JSON.stringify({ [texts()]: texts(), list: [texts(), { x: texts() }], n });
      const html = propsPage(json);
      expect(fastProps(html), html).toBe(json);
      // The same page with a few bytes changed: a stray backslash, quote, UTF-8 lead or
      // continuation byte, or a character beyond ASCII outside any string.
      const bytes = encoder.encode(html);
      const at = html.indexOf("data-props") + 12;
      for (let k = 0; k < 3; k++)
        bytes[at + rand(bytes.length - at - 40)] = [0x5c, 0x22, 0xc3, 0xa9, 0xe2, 0x80, 0x7b][rand(7)]!;
      const fast = fastPropsOfBytes(bytes);
      if (fast === undefined) continue; // linkedom decides those
      expect(fast, html).toBe(domProps(new TextDecoder().decode(bytes)));
      damagedCompared++;
    }
    expect(damagedCompared).toBeGreaterThan(40);
  });

  it("decodes each entity exactly once", () => {
    expect(
      decodeAttribute(
        "{&quot;t&quot;:&quot;Q&amp;A &lt;b&gt; &#39;x&#39; &amp;amp; &#x1F680; &#128640;&quot;}",
      ),
    ).toBe('{"t":"Q&A <b> \'x\' &amp; 🚀 🚀"}');
    expect(decodeAttribute("&amp;quot;")).toBe("&quot;");
  });

  it("hands anything it is not sure of to the DOM, which gives the same answer as a browser", () => {
    for (const tag of [
      '<div data-target="DailyPapers" data-props="{&quot;a&quot;:&quot;x&nbsp;y&quot;}">', // a named entity it does not know
      '<div data-target="DailyPapers" data-props="{&quot;a&quot;:&quot;AT&T&quot;}">', // a bare ampersand
      '<div data-target="DailyPapers" data-props=\'{"a":1}\'>', // single quotes
      '<div data-props="{&quot;a&quot;:2}" data-target="DailyPapers">', // props first
    ]) {
      expect(embeddedProps(page(tag))).toBe(domProps(page(tag)));
    }
    expect(
      fastProps(page('<div data-target="DailyPapers" data-props="{&quot;a&quot;:&quot;x&nbsp;y&quot;}">')),
    ).toBeUndefined();
    expect(
      embeddedProps(
        page('<div data-target="DailyPapers" data-props="{&quot;a&quot;:&quot;x&nbsp;y&quot;}">'),
      ),
    ).toBe('{"a":"x\u00a0y"}');
    expect(embeddedProps(page('<div data-props="{&quot;a&quot;:2}" data-target="DailyPapers">'))).toBe(
      '{"a":2}',
    );
  });

  it("reports a missing element as a ParseError, even when another element has data-props", () => {
    expect(fastProps(page('<div data-target="DailyPapers"></div><div data-props="{}">'))).toBeUndefined();
    expect(() => embeddedProps(page('<div data-target="DailyPapers"></div><div data-props="{}">'))).toThrow(
      ParseError,
    );
    expect(() => embeddedProps(page("<div>nothing</div>"))).toThrow(/no DailyPapers element/);
  });
});
