// The front page, as HTML from the Worker (the browser test in test/node drives it).
import { beforeEach, describe, expect, it } from "vitest";
import { FORMATS } from "../../src/serve/formats";
import { fakeOrigin } from "../fixtures";
import { call, LATER, runScrape, shareStorage, testHost } from "../helpers";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

describe("GET /", () => {
  it("is an HTML page with the newest day, feed discovery links and escaped text", async () => {
    const res = await call("/");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    // Every discoverable format, and only those, is announced to feed readers.
    const alternates = [
      ...html.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">/g),
    ].map((m) => m.slice(1));
    expect(alternates).toEqual(
      FORMATS.filter((f) => f.discoverable).map((f) => [
        f.contentType.split(";")[0],
        `Hugging Face Daily Papers (${f.label})`,
        `${testHost()}${f.path}`,
      ]),
    );
    // Every format but the page itself has a URL to copy.
    for (const f of FORMATS.filter((f) => f.path !== "/"))
      expect(html).toContain(
        `data-path="${f.path}" data-digests="${!!f.digests}" value="${testHost()}${f.path}"`,
      );
    expect(html).toContain("the feeds show at least the newest\n7 stored days, and link weekly archives");
    expect(html).toContain("Newest day: 2026-05-18");
    expect(html).toContain('href="/openapi.json"');
    expect(html).toContain("Last scrape: <time");
    const awkward = await (await call("/?date=2026-05-14")).text();
    expect(awkward).toContain(
      "Q&amp;A &lt;b&gt;is not a tag&lt;/b&gt;: &quot;Quotes&quot;, 'apostrophes' &amp; AT&amp;T",
    );
    expect(awkward).not.toContain("<script>alert(1)</script>");
  });

  it("treats the form's empty fields as not set", async () => {
    const res = await call("/?date=&from=&to=&min_upvotes=20");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`value="${testHost()}/feed.atom?min_upvotes=20"`);
  });

  it("offers every filter the feeds take, filled in from the query, and carries them into the feed URLs", async () => {
    const html = await (await call("/?sort=rising&q=diffusion&week=2026-W20&org=nvidia")).text();
    expect(html).toContain('<input type="week" name="week"');
    expect(html).toContain('value="2026-W20"');
    expect(html).toContain('<input type="month" name="month"');
    expect(html).toMatch(/<input type="search" name="q" maxlength="200" [^>]*value="diffusion">/);
    expect(html).toContain('<option value="rising" selected>');
    expect(html).toContain('<option value="" selected>one per paper</option>');
    expect(html).toContain(
      `value="${testHost()}/feed.atom?week=2026-W20&amp;q=diffusion&amp;org=nvidia&amp;sort=rising"`,
    );
    // The script builds URLs in the same order as the server.
    expect(html).toContain(
      'const order = ["date","from","to","week","month","min_upvotes","q","author","org","digest","sort"];',
    );
  });

  it("links the OPML list of every feed, with the filters shown", async () => {
    const html = await (await call("/?min_upvotes=20&author=wang&digest=day")).text();
    expect(html).toContain(
      `data-path="/feeds.opml" data-digests="true" value="${testHost()}/feeds.opml?min_upvotes=20&amp;author=wang&amp;digest=day"`,
    );
  });
});

describe("the front page and the last run", () => {
  it("says so when the last run failed, even right after showing a good one", async () => {
    expect(await (await call("/")).text()).not.toContain("with errors");
    await runScrape(
      fakeOrigin(() => new Response("down", { status: 503 })),
      { targets: ["latest"], now: LATER },
    );
    expect(await (await call("/")).text()).toContain("(with errors, see");
  });
});

describe("the front page with a digest chosen for its feeds", () => {
  shareStorage(() => runScrape(fakeOrigin()));

  it("pages its own list by its next link (a digest is the feeds' choice)", async () => {
    const first = await (await call("/?month=2026-05&digest=day&limit=5")).text();
    const next = first.match(/<a rel="next" href="([^"]+)">/)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const res = await call(next!.replace(testHost(), ""));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<option value="day" selected>');
    expect(html.match(/<li><span class="votes"/g)).toHaveLength(5);
  });
});
