// Serves fixtures/ over HTTP as a local stand-in for huggingface.co:
//   node scripts/fixture-origin.ts [port]     (default 8788)
// The fixture days are from May 2026. So that a scrape run today finds them in its
// trailing window, the stand-in shifts dates after FIXTURE_TODAY back: today reads as
// FIXTURE_TODAY. Dates up to FIXTURE_TODAY (a backfill of May 2026) are served as asked.

import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFixtureOrigin } from "../fixtures/origin.js";

export const FIXTURE_TODAY = "2026-05-19";

/**
 * The stand-in's server. Upvotes keep growing on the real site: a stand-in told to
 * (`upvotesBump`) adds that many to every count it serves, in the embedded data and in the cards.
 */
export type FixtureOrigin = Server & { upvotesBump: number };

// Paths, not URLs: this file is also compiled beside the Workers types (bench/), whose URL is not Node's.
const dir = (d: string) => join(fileURLToPath(import.meta.url), "../../fixtures", d);
const load = (d: string, ext: string) =>
  Object.fromEntries(
    readdirSync(dir(d))
      .filter((f) => f.endsWith(ext))
      .map((f) => [f.slice(0, -ext.length), readFileSync(join(dir(d), f), "utf8")]),
  );
const resolve = createFixtureOrigin(load("pages", ".html"), load("api", ".json"));

const DAY = 86_400_000;
const shift = (date: string, offsetDays: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - offsetDays * DAY).toISOString().slice(0, 10);

/** Starts the stand-in on `port` (0: one the system picks; read it from `server.address()`). */
export function startFixtureOrigin(
  port = 8788,
  host = "127.0.0.1",
  now = Date.now(),
  { quiet = false } = {},
): Promise<FixtureOrigin> {
  const offset = Math.round(
    (Date.parse(new Date(now).toISOString().slice(0, 10)) - Date.parse(FIXTURE_TODAY)) / DAY,
  );
  const server: FixtureOrigin = Object.assign(
    createServer((req, res) => {
      const asked = req.url ?? "/";
      const url = asked.replace(/\d{4}-\d{2}-\d{2}/g, (d) =>
        d > FIXTURE_TODAY ? shift(d, Math.max(offset, 0)) : d,
      );
      const answer = resolve(`http://${host}${url}`);
      if (server.upvotesBump && answer.status === 200) {
        const bump = (n: string) => String(Number(n) + server.upvotesBump);
        answer.body = answer.body
          .replace(/(&quot;upvotes&quot;:)(\d+)/g, (_, k: string, n: string) => k + bump(n))
          .replace(/("upvotes":\s*)(\d+)/g, (_, k: string, n: string) => k + bump(n))
          .replace(/(<div class="leading-none">)(\d+)/g, (_, k: string, n: string) => k + bump(n));
      }
      if (!quiet)
        console.log(
          `fixture origin: ${req.method} ${asked} -> ${answer.status}${url !== asked ? ` (as ${url})` : ""}`,
        );
      res.writeHead(answer.status, { "content-type": answer.contentType });
      res.end(answer.body);
    }),
    { upvotesBump: 0 },
  );
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok(server));
  });
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 8788);
  await startFixtureOrigin(port);
  console.log(`fixture origin on http://127.0.0.1:${port}, today reads as ${FIXTURE_TODAY}`);
}
