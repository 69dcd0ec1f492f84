// GET /papers/:id on this Worker: the paper, its curve with labelled axes, and where it was listed.
import { describe, expect, it } from "vitest";
import { Problem } from "../../src/serve/answers";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, NOW, runScrape } from "../helpers";

describe("the paper page", () => {
  it("shows the full curve with labelled axes, the abstract, authors, links and listed days", async () => {
    const props = propsOf("2026-05-15");
    await runScrape(
      fakeOrigin(() => new Response(pageWith(props))),
      { targets: ["2026-05-15"], now: NOW },
    );
    props.dailyPapers[0]!.paper.upvotes += 10;
    await runScrape(
      fakeOrigin(() => new Response(pageWith(props))),
      { targets: ["2026-05-15"], now: NOW + 3_600_000 },
    );
    const id = props.dailyPapers[0]!.paper.id;
    const res = await call(`/papers/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-tag")).toBe("d:2026-05-15");
    const html = await res.text();
    expect(html).toContain('<svg class="curve"');
    expect(html).toContain(">upvotes</text>");
    expect(html).toContain(">time (UTC)</text>");
    const first = props.dailyPapers[0]!.paper.upvotes - 10;
    expect(html).toContain(`Upvotes from ${first} to ${first + 10}`);
    expect(html).toContain(`<a href="https://arxiv.org/abs/${id}">arXiv</a>`);
    expect(html).toContain('<a href="/?date=2026-05-15">2026-05-15</a>');
    expect(html).toContain("<h2>Abstract</h2>");
  });

  it("shows a paper read once as one observation, not a line from N to N", async () => {
    const props = propsOf("2026-05-15");
    await runScrape(
      fakeOrigin(() => new Response(pageWith(props))),
      { targets: ["2026-05-15"], now: NOW },
    );
    const { id, upvotes } = props.dailyPapers[0]!.paper;
    const html = await (await call(`/papers/${id}`)).text();
    expect(html).toContain(
      `One observation: ${upvotes} upvote${upvotes === 1 ? "" : "s"} at 2026-05-19 06:00 UTC`,
    );
    expect(html).not.toContain("<polyline");
    expect(html).not.toContain(`Upvotes from ${upvotes} to ${upvotes}`);
  });

  it("answers 404 for an unknown paper and 400 for a malformed id", async () => {
    expect((await call("/papers/2605.00001")).status).toBe(404);
    const bad = await call("/papers/%ZZ");
    expect(bad.status).toBe(400);
    expect(Problem.parse(await bad.json()).parameter).toBe("id");
  });
});
