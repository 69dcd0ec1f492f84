// Text a visitor's query carries (q, author, org) is echoed in the front page's heading and its
// discovery links' titles. A right-to-left override (U+202E) in it must reorder only itself, as
// in a paper's title or an author's name (README, "Feeds": HTML wraps such text in an isolate),
// not the rest of the heading: a link could otherwise show a heading that reads as another.
import { expect, it } from "vitest";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

it("isolates a right-to-left override in the query's text from the heading text after it", async () => {
  await runScrape(fakeOrigin());
  const html = await (await call("/?date=2026-05-15&q=%E2%80%AEabc&author=A1")).text();
  const heading = html.match(/<h2 id="papers">([^<]*(?:<bdi>[^<]*<\/bdi>[^<]*)*)<\/h2>/)?.[1];
  expect(heading).toContain("\u202Eabc");
  // Closed where the needle ends: by </bdi>, or by POP DIRECTIONAL ISOLATE (U+2069).
  expect(heading).toMatch(/\u202Eabc(?:<\/bdi>|\u2069)&quot;, author A1$/);
  for (const title of html.matchAll(/<link rel="alternate"[^>]* title="([^"]*)"/g))
    expect(title[1]).toMatch(/\u202Eabc\u2069/);
});
