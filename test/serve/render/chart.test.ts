// Upvote curves: a line from two observations on; one observation is one marker, said so.
import { describe, expect, it } from "vitest";
import type { HistoryPoint } from "../../../src/core/paper";
import { curve, sparkline } from "../../../src/serve/render/chart";

const t0 = Date.parse("2026-05-15T06:00:00Z") / 1000;
const one: HistoryPoint[] = [[t0, 42]];
const two: HistoryPoint[] = [
  [t0, 3],
  [t0 + 7200, 42],
];
const count = (html: string, what: string) => html.split(what).length - 1;

describe("the paper page's curve", () => {
  it("shows one observation as a single marker, with its count and time, and no axis from N to N", () => {
    const html = curve(one);
    const text = "One observation: 42 upvotes at 2026-05-15 06:00 UTC";
    expect(html).toContain(`aria-label="${text}"`);
    expect(html).toContain(`<title>${text}</title>`);
    expect(html).toContain(
      `<figcaption>${text}. The curve is drawn from the second observation on.</figcaption>`,
    );
    expect(count(html, "<circle")).toBe(1);
    expect(html).not.toContain("<polyline");
    expect(html).not.toContain("<line");
    expect(html).not.toContain("from 42 to 42");
    expect(curve([[t0, 1]])).toContain("One observation: 1 upvote at");
  });

  it("draws the curve with labelled axes from two observations on", () => {
    const html = curve(two);
    expect(html).toContain(
      'aria-label="Upvotes from 3 to 42 between 2026-05-15 06:00 and 2026-05-15 08:00 UTC"',
    );
    expect(count(html, "<polyline")).toBe(1);
    expect(count(html, "<line")).toBe(2);
    expect(html).not.toContain("<circle");
    expect(html).toContain(">upvotes</text>");
  });

  it("says when there is no history at all", () => {
    expect(curve([])).toBe("<p>No upvote history stored yet.</p>");
    expect(curve(undefined)).toBe("<p>No upvote history stored yet.</p>");
  });
});

describe("the front page's sparkline", () => {
  it("is one marker for one observation, with the same text alternative", () => {
    const svg = sparkline(one);
    expect(svg).toContain('aria-label="One observation: 42 upvotes at 2026-05-15 06:00 UTC"');
    expect(svg).toContain('<circle cx="40" cy="10" r="2.5" fill="currentColor"/>');
    expect(svg).not.toContain("<polyline");
  });

  it("is a line from two observations on, and nothing without any", () => {
    const svg = sparkline(two);
    expect(svg).toMatch(/<polyline [^>]*points="2,18 78,18 78,2"\/>/);
    expect(svg).not.toContain("<circle");
    expect(sparkline([])).toBe("");
    expect(sparkline(undefined)).toBe("");
  });
});
