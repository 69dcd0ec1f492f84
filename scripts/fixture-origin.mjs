// Serves fixtures/ over HTTP as a local stand-in for huggingface.co:
//   node scripts/fixture-origin.mjs [port]     (default 8788)
import { createServer } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { createFixtureOrigin } from "../fixtures/origin.js";

const dir = (d) => new URL(`../fixtures/${d}/`, import.meta.url);
const load = (d, ext) =>
  Object.fromEntries(
    readdirSync(dir(d))
      .filter((f) => f.endsWith(ext))
      .map((f) => [f.slice(0, -ext.length), readFileSync(new URL(f, dir(d)), "utf8")]),
  );
const resolve = createFixtureOrigin(load("pages", ".html"), load("api", ".json"));

export function startFixtureOrigin(port = 8788, host = "127.0.0.1") {
  const server = createServer((req, res) => {
    const answer = resolve(`http://${host}:${port}${req.url}`);
    res.writeHead(answer.status, { "content-type": answer.contentType });
    res.end(answer.body);
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 8788);
  await startFixtureOrigin(port);
  console.log(`fixture origin on http://127.0.0.1:${port} (pages: ${readdirSync(dir("pages")).join(", ")})`);
}
