import { describe, expect, it } from "vitest";
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

describe("the embedded data's fast path", () => {
  it.each(Object.keys(pages))("gives exactly what linkedom gives for the %s page", (date) => {
    const fast = fastProps(pages[date]!);
    expect(fast).toBeDefined();
    expect(fast).toBe(domProps(pages[date]!));
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
