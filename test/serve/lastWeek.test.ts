// week=9999-W52 runs from 9999-12-27 to 10000-01-02. Dates are compared as strings, and
// "+010000-01-02" (or "10000-…") sorts before every stored day, so the feeds take this far
// future week for a settled week before the subscription document: an archive document
// (fh:archive, "will not change"), whose prev-archive link is the newest stored week.
import { describe, expect, it } from "vitest";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

describe("a week that ends after 9999-12-31", () => {
  it("is not answered as a settled archive document", async () => {
    await runScrape(fakeOrigin());
    const atom = await call("/feed.atom?week=9999-W52");
    expect(await atom.text()).not.toContain("fh:archive");
    const json = await call("/feed.json?week=9999-W52");
    expect(await json.text()).not.toContain('"archive":true');
  });
});
