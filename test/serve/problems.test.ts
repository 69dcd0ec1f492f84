// Every problem `type` URI resolves to a page on the deployment that says what it means.
import { describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { PROBLEM_TYPES } from "../../src/serve/errors";
import { escapeHtml } from "../../src/serve/render/escape";
import { renderProblemAnswer } from "../../src/serve/render/problemPage";
import { call, testHost } from "../helpers";

describe("problem types", () => {
  it("a problem's type is an absolute URI on this deployment, and it resolves to a page", async () => {
    const problem = Problem.parse(await (await call("/api/papers?limit=0")).json());
    expect(problem.type).toBe(`${testHost()}/problems/invalid-parameter`);
    const page = await call(new URL(problem.type).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain("<h1>Invalid parameter</h1>");
    expect(html).toContain("HTTP status 400");
  });

  it.each(Object.keys(PROBLEM_TYPES))("/problems/%s is served", async (name) => {
    expect((await call(`/problems/${name}`)).status).toBe(200);
  });

  it("an unknown type is a 404 problem, and so is a name from Object's prototype", async () => {
    for (const name of ["nope", "constructor", "__proto__"]) {
      const res = await call(`/problems/${name}`);
      expect(res.status, name).toBe(404);
      expect(Problem.parse(await res.json()).type).toBe("about:blank");
    }
  });
});

describe("a problem on a page a person reads", () => {
  const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

  it.each([
    ["/?from=2026-05-14", 400, "Invalid parameter", "to"],
    ["/?date=2026-05-14&sort=rising&digest=day", 400, "Invalid parameter", "digest"],
    ["/papers/not-an-id", 400, "Invalid parameter", "id"],
    ["/papers/2605.99999", 404, "Not Found", "2605.99999"],
  ])(
    "%s in a browser is an HTML page with the same status, the problem and a way back",
    async (path, status, title, named) => {
      const res = await call(path, { headers: BROWSER });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("vary")).toMatch(/accept/i);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      expect(html).toContain(`<h1>${title}</h1>`);
      // The detail, as the JSON problem says it, is the page's first paragraph.
      const json = Problem.parse(await (await call(path)).json());
      expect(json.detail).toContain(named);
      expect(html).toContain(
        `<p>${escapeHtml(json.detail ?? "").replace(/`([^`]+)`/g, "<code>$1</code>")}</p>`,
      );
      expect(html).toContain('<a href="/">');
      // A problem with a type links to the page that explains it (a 404's is about:blank).
      if (status === 400) expect(html).toMatch(/<a href="[^"]*\/problems\/[a-z-]+">/);
    },
  );

  it("writes every field of the problem as text, never as markup", () => {
    const html = renderProblemAnswer({
      title: `<b>"Bad"</b> & co`,
      status: 400,
      detail: `the value <script>alert("x")</script> is not a \`date\``,
      type: `https://x.test/problems/a"><script>`,
    });
    expect(html).not.toMatch(/<script>|<b>/);
    expect(html).toContain("<h1>&lt;b&gt;&quot;Bad&quot;&lt;/b&gt; &amp; co</h1>");
    expect(html).toContain(
      "<p>the value &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; is not a <code>date</code></p>",
    );
    expect(html).toContain('href="https://x.test/problems/a&quot;&gt;&lt;script&gt;"');
  });

  it.each([
    ["TEXT/HTML", "text/html; charset=utf-8"],
    ["text/html;q=0, application/problem+json", "application/problem+json"],
    ["application/json, text/html;q=0.5", "application/problem+json"],
    ["*/*", "application/problem+json"],
    ["text/*", "text/html; charset=utf-8"],
  ])(
    "Accept: %s is read as RFC 9110 section 12.5.1 says (case, q-values, ranges): %s",
    async (accept, type) => {
      const res = await call("/?from=2026-05-14", { headers: { accept } });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe(type);
    },
  );

  it("stays problem+json for a client that does not ask for HTML, and on the API and feeds", async () => {
    for (const [path, init] of [
      ["/?from=2026-05-14", undefined],
      ["/?from=2026-05-14", { headers: { accept: "application/json" } }],
      ["/api/papers?from=2026-05-14", { headers: BROWSER }],
      ["/feed.atom?from=2026-05-14", { headers: BROWSER }],
    ] as const) {
      const res = await call(path, init);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type"), path).toBe("application/problem+json");
    }
  });
});
