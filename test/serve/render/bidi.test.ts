// A title or an author's name may hold a right-to-left override (U+202E), which reverses
// what follows it up to the end of its paragraph. Every HTML output isolates each title and
// each name that holds such a character or a right-to-left letter (<bdi>, HTML's
// "bidirectional isolate"), so it reorders only itself; text below U+0590 is left bare.
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import type { Paper } from "../../../src/core/paper";
import { renderAtom } from "../../../src/serve/render/atom";
import { digestHtml } from "../../../src/serve/render/entryHtml";
import { isolatedNames } from "../../../src/serve/render/escape";
import { renderJsonFeed } from "../../../src/serve/render/jsonFeed";
import { renderPage } from "../../../src/serve/render/page";
import { renderPaperPage } from "../../../src/serve/render/paperPage";
import { renderRss } from "../../../src/serve/render/rss";
import { parseAtom } from "../../feedValidators";
import { SAMPLE, sampleView } from "./sample";

const RLO = "\u202E";
const tricky: Paper = {
  ...SAMPLE,
  title: `Invoice ${RLO}fdp.exe`,
  authors: [`Mallory ${RLO}yrollaM`, "Bob", `${RLO}Trudy`, "Zoë", "דנה"],
};
/** Those of the paper's strings that can reorder what follows them: an override, a Hebrew name. */
const reorders = (names: string[]) => names.filter((n) => n.includes(RLO) || /[֐-׿]/.test(n));

/**
 * Every title and name in the body that can reorder text is alone in a <bdi> of its own, the
 * others in none, and every override in the body lies inside one; the document's <title>,
 * which can hold no markup, isolates it with FSI and PDI (U+2068, U+2069), their plain-text
 * counterpart.
 */
function expectIsolated(html: string, names: string[]): void {
  const { document } = parseHTML(html.startsWith("<!doctype") ? html : `<!doctype html><body>${html}</body>`);
  const isolates = [...document.querySelectorAll("bdi")].map((b) => b.textContent);
  for (const name of reorders(names)) expect(isolates, name).toContain(name);
  for (const text of isolates) expect(reorders(names), "one such name per <bdi>").toContain(text);
  expect(html, "the bare names are there").toContain("Bob, ");
  const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.includes(RLO)) continue;
    expect(node.parentElement?.closest("bdi"), node.textContent).toBeTruthy();
  }
  const title = document.querySelector("title")?.textContent ?? "";
  if (title.includes(RLO)) expect(title).toMatch(/\u2068[^\u2069]*\u202E[^\u2069]*\u2069/);
}

describe("right-to-left overrides in titles and names", () => {
  it("the front page isolates each title and each author", () => {
    expectIsolated(renderPage(sampleView({ papers: [tricky] })), [tricky.title, ...tricky.authors]);
  });

  it("a paper's page isolates its title (in <title> too) and each author", () => {
    expectIsolated(renderPaperPage({ paper: tricky, listedOn: ["2026-05-15"] }), [
      tricky.title,
      ...tricky.authors,
    ]);
  });

  it("the HTML of feed entries isolates each author, in Atom, RSS and JSON Feed", () => {
    const view = sampleView({ papers: [tricky] });
    const atom = parseAtom(renderAtom(view)).entries[0]!.content["#text"] as string;
    const rss = renderRss(view).match(/<description><!\[CDATA\[([\s\S]*?)\]\]><\/description>/)![1]!;
    const json = JSON.parse(renderJsonFeed(view)).items[0].content_html as string;
    for (const html of [atom, rss, json]) expectIsolated(html, tricky.authors);
  });

  it("a digest isolates each title and each author", () => {
    const day = { date: "2026-05-15", addedAt: "2026-05-15T08:00:00Z", papers: [tricky] };
    expectIsolated(digestHtml(day), [tricky.title, ...tricky.authors]);
  });
});

describe("names with nothing that reorders", () => {
  it("are escaped as each name would be, joined with commas, and left bare", () => {
    expect(isolatedNames(['A <b> & "C"', "Bob", "Eve\u0008"])).toBe(
      "A &lt;b&gt; &amp; &quot;C&quot;, Bob, Eve",
    );
  });

  it("sit beside isolated ones when another name of the paper can reorder", () => {
    expect(isolatedNames(["A & B", `${RLO}x`, "Zoë"])).toBe(`A &amp; B, <bdi>${RLO}x</bdi>, Zoë`);
  });
});
