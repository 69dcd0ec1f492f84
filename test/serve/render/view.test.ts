// The feed title says what a feed is filtered and ordered on.
import { describe, expect, it } from "vitest";
import { ListQuery } from "../../../src/serve/query";
import { FEED_TITLE, feedTitle } from "../../../src/serve/render/view";

describe("feedTitle", () => {
  it("names every order but the default, each in its own words", () => {
    const orders = ListQuery.shape.sort.unwrap().options;
    const titles = orders.map((sort) => feedTitle({ sort }));
    expect(titles[orders.indexOf("date")]).toBe(FEED_TITLE);
    expect(new Set(titles).size).toBe(orders.length);
    expect(feedTitle({ sort: "rising" })).toBe(`${FEED_TITLE}, rising fastest first`);
    expect(feedTitle({ sort: "upvotes", min_upvotes: 20 })).toBe(
      `${FEED_TITLE}, 20+ upvotes, most upvoted first`,
    );
  });
});
