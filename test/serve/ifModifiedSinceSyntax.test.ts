// RFC 9110 section 13.1.3: a recipient MUST ignore If-Modified-Since when its value is not a
// valid HTTP-date. Date.parse reads far more than HTTP-dates ("2099", ISO dates), so such a
// value (a client's bug, a proxy's rewrite) is taken as a date in the future and every
// answer is a 304: the client never sees new data.
import { beforeEach, describe, expect, it } from "vitest";
import { fakeOrigin } from "../fixtures";
import { call, runScrape } from "../helpers";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

describe("If-Modified-Since that is not an HTTP-date", () => {
  it.each(["/feed.atom", "/api/papers", "/api/papers/2605.13301", "/api/days"])(
    "%s ignores it and answers 200",
    async (path) => {
      for (const value of ["2099-01-01", "2099", "2099-01-01T00:00:00Z"]) {
        const res = await call(path, { headers: { "if-modified-since": value } });
        expect(res.status, value).toBe(200);
      }
      // A real HTTP-date after the data's last change still gets its 304, in each of its three
      // forms (RFC 9110 section 5.6.7: IMF-fixdate, the obsolete RFC 850 and asctime).
      for (const value of [
        "Fri, 01 Jan 2100 00:00:00 GMT",
        "Friday, 01-Jan-49 00:00:00 GMT",
        "Fri Jan  1 00:00:00 2100",
      ]) {
        const fresh = await call(path, { headers: { "if-modified-since": value } });
        expect(fresh.status, value).toBe(304);
      }
    },
  );
});
