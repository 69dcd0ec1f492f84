// The fast path decodes entities from a table (embedded.ts). An entity named like a property
// every object has (`&toString;`, `&valueOf;`, `&__proto__;`) is no HTML entity: a browser,
// and linkedom, leave it as written. A hostile or broken page that writes one must not get
// the text of a JavaScript function into a stored title.
import { describe, expect, it } from "vitest";
import { domProps, embeddedProps } from "../../src/scrape/embedded";
import { parsePage } from "../../src/scrape/readPage";
import { pageWith, propsOf } from "../fixtures";

const page = (value: string) =>
  `<html><body><div data-target="DailyPapers" data-props="{&quot;t&quot;:&quot;${value}&quot;}"></div></body></html>`;

describe("an entity named like an object's own property", () => {
  it.each(["&toString;", "&valueOf;", "&__proto__;"])(
    "%s is read as a browser reads it: left as written",
    (entity) => {
      const html = page(`Q${entity}A`);
      expect(domProps(html)).toBe(`{"t":"Q${entity}A"}`);
      expect(embeddedProps(html)).toBe(domProps(html));
    },
  );

  it("never puts a function's source into a stored title", () => {
    const props = propsOf("2026-05-15");
    // The page writes the title's `&` raw, as a broken template would: no `&amp;` before it.
    const html = pageWith(props).replace(
      props.dailyPapers[0]!.paper.title as string,
      "Scaling &toString; laws",
    );
    const title = parsePage(html).papers.find((p) => p.id === props.dailyPapers[0]!.paper.id)?.title;
    expect(title).toBe("Scaling &toString; laws");
  });
});
