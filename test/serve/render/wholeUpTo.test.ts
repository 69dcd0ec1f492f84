// The front page's min_upvotes pattern takes exactly what the server takes.
import { describe, expect, it } from "vitest";
import { MIN_UPVOTES, parseListQuery } from "../../../src/serve/query";
import { wholeUpTo } from "../../../src/serve/render/page";

const formTakes = (max: number, s: string) => new RegExp(`^(?:${wholeUpTo({ min: 0, max })})$`, "v").test(s);
const serverTakes = (s: string) =>
  parseListQuery(new URLSearchParams({ min_upvotes: s })).min_upvotes !== undefined;

describe("wholeUpTo", () => {
  it("agrees with the server on min_upvotes, at its bounds and beyond", () => {
    const { max } = MIN_UPVOTES;
    const values = ["0", "7", "0000005", "00", String(max - 1), String(max), `0${max}`, String(max + 1)];
    values.push(String(max * 10), "1e3", "-1", "+5", " 5", "5.0", "", "١٢");
    for (const v of values) expect(formTakes(max, v), v).toBe(safely(() => serverTakes(v)));
  });

  it.each([9, 10, 250, 305, 1999])("takes 0 to %i and nothing above, in digits", (max) => {
    for (let n = 0; n <= max * 3; n++) expect(formTakes(max, String(n)), String(n)).toBe(n <= max);
    expect(formTakes(max, `000${max}`)).toBe(true);
  });
});

function safely(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}
