// `npm run backfill`: a day the Worker answers `deferred` was not stored ("nothing written",
// README "Status") and "has to be asked for again" (README, "A run, step by step"). A backfill
// that ends with such days must not report success.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
let server: Server | undefined;
afterAll(() => server?.close());

it("does not exit 0 or say every day went well when the Worker deferred a day", async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const from = u.searchParams.get("from");
    const days = [{ asked: from, outcome: "deferred", error: "KV operations of this invocation used up" }];
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ days }));
  });
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const { code, out } = await new Promise<{ code: number | null; out: string }>((ok) => {
    const child = spawn(
      process.execPath,
      ["scripts/backfill.ts", "--from", "2026-05-01", "--to", "2026-05-01", "--url", url],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", ADMIN_TOKEN: "t" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => ok({ code, out }));
  });
  expect(out).toContain("2026-05-01 deferred");
  expect(out).toMatch(/^backfill: done, 1 call\(s\), 0 day\(s\) failed, 1 day\(s\) deferred/m);
  expect(code).not.toBe(0);
});
