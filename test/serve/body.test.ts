import { expect, it } from "vitest";
import { utf8Body } from "../../src/serve/body";

const encoded = (pieces: string[]) => new TextEncoder().encode(pieces.join(""));

it.each([
  ["nothing", []],
  ["ASCII", ["<feed>", "a & b", "</feed>\n"]],
  [
    "characters beyond Latin-1 and surrogate pairs",
    ["Zoë ", "李雷 ", "🚀", "\u2068x\u2069", "é".repeat(5000)],
  ],
  [
    "thousands of pieces across many runs",
    Array.from({ length: 20_000 }, (_, i) => (i % 7 ? `<p>${i}</p>` : "—")),
  ],
  ["one piece larger than the buffer it starts with, all three-byte characters", ["a", "€".repeat(200_000)]],
  ["a lone surrogate (written as U+FFFD, as Response does)", ["a\ud800b"]],
])("writes %s as TextEncoder writes them joined", (_, pieces) => {
  expect(utf8Body(pieces)).toEqual(encoded(pieces));
});

it("gives each answer bytes of its own: writing the next answer changes none of the last one's", () => {
  const first = utf8Body(["<feed>", "李雷 ".repeat(3000), "</feed>"]);
  const copy = first.slice();
  const second = utf8Body(["x".repeat(50_000)]);
  expect(first).toEqual(copy);
  expect(second).toEqual(encoded(["x".repeat(50_000)]));
  expect(first.buffer).not.toBe(second.buffer);
});
