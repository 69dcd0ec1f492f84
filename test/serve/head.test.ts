// HEAD answers with the headers its GET would carry, Content-Length included (RFC 9110
// section 9.3.2), and no body.
import { beforeEach, describe, expect, it } from "vitest";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

describe("HEAD", () => {
  it.each(["/feed.atom", "/", "/papers/2605.13301", "/healthz"])(
    "HEAD %s carries the Content-Length its GET would: the bytes of the UTF-8 body",
    async (route) => {
      const body = new Uint8Array(await (await call(route)).arrayBuffer());
      const head = await call(route, { method: "HEAD" });
      expect(head.headers.get("content-length")).toBe(String(body.byteLength));
      // The front page and a paper's page hold characters beyond ASCII: bytes, not characters.
      if (route !== "/healthz") expect(new TextDecoder().decode(body).length).toBeLessThan(body.byteLength);
    },
  );
});
