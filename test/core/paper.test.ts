// sameContent says what comparing two contents' stored JSON says, field by field.
import { expect, it } from "vitest";
import { contentOf, type PaperContent, sameContent } from "../../src/core/paper";
import { asciiJson } from "../../src/store/ascii";
import { SAMPLE } from "../serve/render/sample";

const BASE: PaperContent = { ...contentOf(SAMPLE), organization: { name: "acme", fullname: "Acme Labs" } };
const VARIANTS: [string, PaperContent][] = [
  ["the same, copied", structuredClone(BASE)],
  ["another title", { ...BASE, title: `${BASE.title}.` }],
  ["an author more", { ...BASE, authors: [...BASE.authors, "X"] }],
  ["authors reordered", { ...BASE, authors: [...BASE.authors].reverse() }],
  ["no authors", { ...BASE, authors: [] }],
  ["no keywords", { ...BASE, ai_keywords: undefined }],
  ["a keyword changed", { ...BASE, ai_keywords: ["agents", "R&D!"] }],
  ["no organization", { ...BASE, organization: undefined }],
  ["another organization name", { ...BASE, organization: { name: "acme2", fullname: "Acme Labs" } }],
  ["an organization without fullname", { ...BASE, organization: { name: "acme" } }],
  ["a project page added", { ...BASE, project_page: "https://x.example/" }],
  ["a published time added", { ...BASE, published_at: "2026-05-12T20:00:00.000Z" }],
];

it.each(VARIANTS)("%s: as comparing their JSON says", (_, other) => {
  const json = (c: PaperContent) =>
    asciiJson(Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));
  expect(sameContent(BASE, other)).toBe(json(BASE) === json(other));
  expect(sameContent(other, BASE)).toBe(json(BASE) === json(other));
});
