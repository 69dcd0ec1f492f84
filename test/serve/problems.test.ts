// Every problem `type` URI resolves to a page on the deployment that says what it means.
import { describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { PROBLEM_TYPES } from "../../src/serve/errors";
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
