// A parameter given twice (`date=A&date=B`) is ambiguous: the client may mean both days, or
// either. Answering one of them would be a silently different answer (and share the isolate's
// copy of `date=A`): it is a 400 naming the parameter.
import { describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { FORMATS } from "../../src/serve/formats";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

describe("a list parameter given twice", () => {
  it.each([
    ["date", "date=2026-05-15&date=2026-05-14"],
    ["min_upvotes", "min_upvotes=100&min_upvotes=0"],
    ["q", "q=agent&q=diffusion"],
    ["sort", "sort=upvotes&sort=date"],
  ])("%s: answers 400 naming it on every list format", async (param, qs) => {
    await runScrape(fakeOrigin());
    for (const { path } of FORMATS) {
      const res = await call(`${path}?${qs}`);
      expect(res.status, path).toBe(400);
      expect(Problem.parse(await res.json()).parameter, path).toBe(param);
    }
  });
});
