// The helper scripts as a user runs them: `npm run demo` and `npm start` stop with every
// child when they are sent SIGTERM or their output is closed, `npm start` says in one line
// that the origin cannot be reached, and `npm run backfill` explains its usage and the
// Worker's errors.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const listening = (port: number) =>
  new Promise<boolean>((ok) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => ok(!!socket.end()));
    socket.once("error", () => ok(false));
  });
/** Processes whose environment carries `mark`: the script and everything it started. */
function processesMarked(mark: string): { pid: number; command: string }[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid)
    .flatMap((pid) => {
      try {
        if (!readFileSync(`/proc/${pid}/environ`, "latin1").includes(mark)) return [];
        const command = readFileSync(`/proc/${pid}/cmdline`, "latin1").replaceAll("\0", " ").slice(0, 120);
        return [{ pid: Number(pid), command }];
      } catch {
        return []; // gone meanwhile, or not ours to read
      }
    });
}
/** An origin that takes every connection and drops it at once: unreachable, with no network. */
function droppingOrigin(): () => string {
  const server = createTcpServer((socket) => socket.destroy());
  beforeAll(() => new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok)));
  afterAll(() => new Promise((ok) => server.close(ok)));
  return () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * `npm run <script>` with its own local KV, on ports the servers pick (PORT=0, ORIGIN_PORT=0),
 * every process it starts marked in its environment so the test can find them all. Whatever
 * the test's outcome, nothing it started outlives it.
 */
function runScript(script: string, args: string[]) {
  const state = mkdtempSync(join(tmpdir(), "dpf-script-"));
  const id = randomUUID();
  const mark = `DPF_SCRIPT_TEST=${id}`;
  const child = spawn("npm", ["run", script, "--", "--persist-to", state, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", ORIGIN_PORT: "0", DPF_SCRIPT_TEST: id },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  /** Waits up to 10 s for every marked process to end; what is left. */
  const left = async () => {
    for (const gone = Date.now() + 10_000; processesMarked(mark).length && Date.now() < gone; )
      await sleep(200);
    return processesMarked(mark);
  };
  onTestFinished(async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    for (const { pid } of await left()) process.kill(pid, "SIGKILL");
    rmSync(state, { recursive: true, force: true });
  });
  return {
    child,
    log: () => log,
    /** Waits until the output has a line matching `line`, and gives its match. */
    async waitFor(line: RegExp): Promise<RegExpMatchArray> {
      for (const deadline = Date.now() + 90_000; Date.now() < deadline && child.exitCode === null; ) {
        const found = log.match(line);
        if (found) return found;
        await sleep(200);
      }
      throw new Error(`no line matching ${line} in:\n${log}`);
    },
    /** Checks that workerd runs, has `stop` end the script, then that nothing it started is left and `ports` are free. */
    async stopsWhole(stop: () => void, ports: number[]): Promise<void> {
      expect(processesMarked(mark).some((p) => p.command.includes("workerd"))).toBe(true);
      stop();
      expect((await left()).map((p) => p.command)).toEqual([]);
      for (const port of ports) expect(await listening(port), `port ${port}`).toBe(false);
    },
  };
}
/** The Worker's port, from the script's closing "try: http://127.0.0.1:PORT/ …" line. */
const TRY_LINE = /\[(?:demo|start)\] try: http:\/\/127\.0\.0\.1:(\d+)\//;

describe("npm run demo", () => {
  it("scrapes the stand-in once, and stops whole when what reads its output goes away", {
    timeout: 120_000,
  }, async () => {
    const demo = runScript("demo", []);
    const [, originPort] = await demo.waitFor(/\[demo\] stand-in origin on http:\/\/127\.0\.0\.1:(\d+) /);
    const [, port] = await demo.waitFor(TRY_LINE);
    expect(demo.log()).toContain("[demo] scraped (two runs per task)");
    // The readiness probe is /healthz, so the cron is the only scrape: no bootstrap run.
    expect(demo.log()).not.toContain('"trigger":"bootstrap"');
    // Its runs stored the newest list, though a scheduled run stages a page it reads for the
    // task's next run to settle.
    const listed = (await (await fetch(`http://127.0.0.1:${port}/api/papers`)).json()) as {
      papers: unknown[];
    };
    expect(listed.papers.length).toBeGreaterThan(0);
    expect(demo.log()).not.toContain('"trigger":"bootstrap"');
    // (`npm start` is the same script: its test stops it with SIGTERM.)
    await demo.stopsWhole(() => {
      demo.child.stdout.destroy();
      demo.child.stderr.destroy();
      // The Worker's log line for this request is written to the closed output.
      fetch(`http://127.0.0.1:${port}/healthz`).catch(() => {});
    }, [Number(port), Number(originPort)]);
  });
});

describe("npm start, when the origin cannot be reached", () => {
  const origin = droppingOrigin();

  it("says so in one line, scrapes nothing, and stops whole when it is sent SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const start = runScript("start", ["--var", `HF_ORIGIN:${origin()}`]);
    const [, port] = await start.waitFor(TRY_LINE);
    // wrangler logs each request as it ends: once a request made now is logged, whatever the
    // script's own requests made the Worker print is in the output too.
    const marker = `/after-start-${randomUUID()}`;
    await fetch(`http://127.0.0.1:${port}${marker}`);
    await start.waitFor(new RegExp(`GET ${marker} 404`));
    const lines = start.log().split("\n");
    const unreachable = lines.filter((l) => l.includes("could not be reached"));
    expect(unreachable).toEqual([
      expect.stringMatching(
        /^\[start\] 127\.0\.0\.1 could not be reached \(no connection: .+\); serving local KV as it is\. Offline, try `npm run demo`\.$/,
      ),
    ]);
    expect(start.log()).not.toMatch(/\n\s+at /); // no stack trace
    expect(lines.filter((l) => /scrape|__scheduled|\[ERROR\]/i.test(l))).toEqual([]);
    await start.stopsWhole(() => start.child.kill("SIGTERM"), [Number(port)]);
  });
});

describe("npm run backfill", () => {
  const backfill = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string; err: string }>((ok) => {
      const child = spawn(process.execPath, ["scripts/backfill.ts", ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("exit", (code) => ok({ code, out, err }));
    });

  let server: Server | undefined;
  afterAll(() => server?.close());
  /** A stand-in Worker: answers each POST with `answer(from, to)`. */
  async function worker(
    answer: (from: string, to: string) => { status: number; body: unknown },
  ): Promise<string> {
    server = createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x");
      const { status, body } = answer(u.searchParams.get("from") ?? "", u.searchParams.get("to") ?? "");
      res.writeHead(status, {
        "content-type": status < 400 ? "application/json" : "application/problem+json",
      });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  /** A refusal as the Worker answers one: an RFC 9457 problem. */
  const refusal = (status: number, title: string, detail: string) => ({
    status,
    body: { type: `x/problems/${title.toLowerCase().replace(" ", "-")}`, title, status, detail },
  });

  it("--help prints its usage and exits 0", async () => {
    const { code, out, err } = await backfill(["--help"]);
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out).toMatch(/^usage: npm run backfill -- --from YYYY-MM-DD --to YYYY-MM-DD/m);
    expect(out).toContain("ADMIN_TOKEN");
  });

  it("an unknown option is named, with the usage, and no stack trace", async () => {
    const { code, err } = await backfill(["--form", "2026-01-01"], { ADMIN_TOKEN: "t" });
    expect(code).toBe(2);
    expect(err).toContain("backfill: unknown option '--form'");
    expect(err).toContain("usage: npm run backfill");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("shows the problem's title and detail when the Worker refuses", async () => {
    const url = await worker(() => refusal(401, "Unauthorized", "Missing or wrong bearer token"));
    const { code, err } = await backfill(["--from", "2026-05-01", "--to", "2026-05-02", "--url", url], {
      ADMIN_TOKEN: "t",
    });
    expect(code).toBe(2);
    expect(err).toContain("2026-05-01..2026-05-02: 401 Unauthorized: Missing or wrong bearer token");
  });

  it("says why the route may be missing when the Worker answers 404 (no ADMIN_TOKEN secret there)", async () => {
    const url = await worker(() => refusal(404, "Not Found", "Route POST /api/admin/scrape not found"));
    const { code, err } = await backfill(["--from", "2026-05-01", "--to", "2026-05-01", "--url", url], {
      ADMIN_TOKEN: "t",
    });
    expect(code).toBe(2);
    expect(err).toContain("404 Not Found: Route POST /api/admin/scrape not found");
    expect(err).toContain("the admin route exists only where the Worker has an ADMIN_TOKEN");
  });

  it("names an answer that is not a scrape report, instead of printing nothing for it", async () => {
    const url = await worker(() => ({ status: 200, body: { days: [{ asked: "2026-05-01" }] } }));
    const { code, err } = await backfill(["--from", "2026-05-01", "--to", "2026-05-01", "--url", url], {
      ADMIN_TOKEN: "t",
    });
    expect(code).toBe(2);
    expect(err).toContain("backfill: 2026-05-01..2026-05-01: the Worker's answer is not a scrape report:");
    expect(err).toContain("days[0].outcome");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("prints a progress line per batch, with days done, days left and an estimate", async () => {
    const url = await worker((from, to) => ({
      status: 200,
      body: {
        days: [from, to]
          .filter((d, i, a) => a.indexOf(d) === i)
          .map((d) => ({ asked: d, date: d, outcome: "stored", count: 3 })),
      },
    }));
    const { code, out } = await backfill(["--from", "2026-05-01", "--to", "2026-05-07", "--url", url], {
      ADMIN_TOKEN: "t",
    });
    expect(code).toBe(0);
    const progress = out.split("\n").filter((l) => l.startsWith("["));
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(
      /^\[1\/3\] 2026-05-01\.\.2026-05-03: .* · 3 of 7 days done, 4 left, about \d+ s to go$/,
    );
    expect(progress[2]).toMatch(/7 of 7 days done, 0 left$/);
    expect(out).toContain("backfill: done, 3 call(s), 0 day(s) failed");
  });
});
