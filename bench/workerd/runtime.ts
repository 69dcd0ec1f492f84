// Starts the bench Worker (entry.ts: src/index.ts with its KV counted) in workerd, and finds
// the workerd process that runs it, whose CPU the harness reads.
//
// Three ways:
// - "wrangler-dev": the CLI as a developer runs it. workerd runs with an inspector, and
//   wrangler keeps a DevTools session on it (Runtime.enable) to relay console output.
// - "no-inspector": the same bundle and the same Miniflare setup through wrangler's
//   startWorker API with `dev.inspector: false` (the CLI always has one): the inspector's
//   effect alone.
// - "workerd": the bundle `wrangler deploy` uploads (--dry-run --outdir: minified, without
//   wrangler dev's middleware), served by `workerd serve` from a config written here: no
//   Miniflare entry Worker, no proxy, no inspector, no KV simulator. The least besides the
//   Worker in the process, so the most precise per-request figure. Its KV is a MemoryKv in
//   the isolate, as in the other two, or (`kv: "service"`) workerd's own binding, answered
//   from this process (kvService.ts). Scheduled runs are fired
//   through the bench entry (/__bench/scheduled), since workerd has no trigger of its own.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { descendants, processCpu } from "./cpu";
import { startKvService } from "./kvService";

export type Mode = "workerd" | "no-inspector" | "wrangler-dev";
export const MODES: Mode[] = ["workerd", "no-inspector", "wrangler-dev"];

const ROOT = new URL("../../", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const WRANGLER = join(dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
const WORKERD = require.resolve("workerd/bin/workerd");

export const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

export interface WorkerSetup {
  mode: Mode;
  /** The stand-in upstream (HF_ORIGIN). */
  origin: string;
  adminToken: string;
  /** Uncached answers a client may ask for a minute (wrangler.toml's is far too low for a bench). */
  renderLimit?: number;
  /** wrangler.toml minifies, as a deployment is; a profile wants the real function names. */
  minify?: boolean;
  /** wrangler dev only: the port of its DevTools proxy. */
  inspectorPort?: number;
  /**
   * workerd mode: where KV lives. "isolate" (the default, as in every mode): a MemoryKv inside
   * the isolate. "service": workerd's own KV binding, answered from the harness's process
   * (kvService.ts), so the isolate holds none of the archive, but every KV call is an HTTP
   * request whose handling workerd's process spends CPU on (bench/FINDINGS.md).
   */
  kv?: "service" | "isolate";
}

export interface BenchWorker {
  mode: Mode;
  base: string;
  /** The workerd process running the Worker's isolate. */
  pid: number;
  /** The workerd process's command line (where the runtime's own inspector listens, if anywhere). */
  cmdline: string;
  /** Its folder under the OS temp dir: config, state and wrangler's bundle (removed by stop). */
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

/** One substitution in wrangler.toml that must apply, so a change there fails loudly here. */
function replaceOnce(text: string, pattern: RegExp, by: string): string {
  if (!pattern.test(text)) throw new Error(`bench: wrangler.toml no longer matches ${pattern}`);
  return text.replace(pattern, by);
}

/** wrangler.toml for the bench, in a folder of its own under the OS temp dir. */
function benchConfig(setup: WorkerSetup, dir: string): string {
  let text = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  text = replaceOnce(text, /^main = .*$/m, `main = ${JSON.stringify(join(ROOT, "bench/workerd/entry.ts"))}`);
  text = text.replace(/^#:schema .*$/m, "");
  text = replaceOnce(text, /^minify = true$/m, `minify = ${setup.minify ?? true}`);
  // The binding entry.ts replaces: without it no KV simulator runs in the Worker's process.
  text = replaceOnce(text, /^\[\[kv_namespaces\]\]\nbinding = "PAPERS"\n/m, "");
  text = text.replace(/limit = \d+, period/g, `limit = ${setup.renderLimit ?? 1_000_000}, period`);
  text = replaceOnce(
    text,
    /^HF_ORIGIN = .*$/m,
    `HF_ORIGIN = ${JSON.stringify(setup.origin)}\nADMIN_TOKEN = ${JSON.stringify(setup.adminToken)}`,
  );
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, text);
  return path;
}

/** What the no-inspector mode runs in a child process: wrangler's API, kept alive until SIGTERM. */
const NO_INSPECTOR_SCRIPT = `
const { unstable_startWorker } = await import(process.env.WRANGLER_API);
const worker = await unstable_startWorker({
  config: process.env.BENCH_CONFIG,
  dev: {
    inspector: false,
    server: { hostname: "127.0.0.1", port: Number(process.env.BENCH_PORT) },
    persist: process.env.BENCH_PERSIST,
    watch: false,
    logLevel: "warn",
  },
});
await worker.ready;
console.log("bench worker ready", await worker.url);
process.on("SIGTERM", () => worker.dispose().finally(() => process.exit(0)));
`;

export async function startBenchWorker(setup: WorkerSetup): Promise<BenchWorker> {
  const dir = mkdtempSync(join(tmpdir(), "dpf-bench-"));
  const config = benchConfig(setup, dir);
  const port = await freePort();
  const persist = join(dir, "state");
  const kvService = setup.mode === "workerd" && setup.kv === "service" ? await startKvService() : undefined;
  const child: ChildProcess =
    setup.mode === "wrangler-dev"
      ? spawn(
          process.execPath,
          [
            WRANGLER,
            "dev",
            "--config",
            config,
            "--ip",
            "127.0.0.1",
            "--port",
            String(port),
            "--persist-to",
            persist,
            "--show-interactive-dev-session=false",
            ...(setup.inspectorPort ? ["--inspector-port", String(setup.inspectorPort)] : []),
          ],
          { stdio: ["ignore", "pipe", "pipe"], detached: true, cwd: dir },
        )
      : setup.mode === "no-inspector"
        ? spawn(process.execPath, ["--input-type=module", "-e", NO_INSPECTOR_SCRIPT], {
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
            cwd: dir,
            env: {
              ...process.env,
              WRANGLER_API: require.resolve("wrangler"),
              BENCH_CONFIG: config,
              BENCH_PORT: String(port),
              BENCH_PERSIST: persist,
            },
          })
        : spawn(WORKERD, ["serve", await workerdConfig(config, dir, port, kvService?.port)], {
            stdio: ["ignore", "pipe", "pipe"],
            detached: true,
            cwd: dir,
          });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const exited = new Promise((ok) => (child.exitCode !== null ? ok(null) : child.once("exit", ok)));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {}
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
    try {
      process.kill(-child.pid!, "SIGKILL"); // whatever of the group is left
    } catch {}
    await new Promise((ok) => setTimeout(ok, 300));
    await kvService?.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {}
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`bench: the Worker did not start (${setup.mode}):\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const pid = setup.mode === "workerd" ? child.pid! : await isolateProcess(child.pid!, base);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { mode: setup.mode, base, pid, cmdline, dir, log: () => log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The values of wrangler.toml's top-level [vars], as the bench config has them. */
function varsOf(toml: string): [string, string][] {
  const section = toml.match(/^\[vars\]\n([\s\S]*?)(?=^\[)/m)?.[1] ?? "";
  return [...section.matchAll(/^([A-Z_]+) = ("(?:[^"\\]|\\.)*")$/gm)].map((m) => [
    m[1]!,
    JSON.parse(m[2]!) as string,
  ]);
}

/**
 * The deploy bundle (wrangler deploy --dry-run) and a workerd config serving it on `port`,
 * with the vars as text bindings; fetch() reaches loopback (the stand-in upstream).
 * workerd's config format: github.com/cloudflare/workerd, src/workerd/server/workerd.capnp.
 */
async function workerdConfig(
  config: string,
  dir: string,
  port: number,
  kvPort: number | undefined,
): Promise<string> {
  const outdir = join(dir, "deploy");
  await new Promise<void>((ok, fail) => {
    const build = spawn(
      process.execPath,
      [WRANGLER, "deploy", "--dry-run", "--outdir", outdir, "--config", config, "--env", ""],
      { stdio: ["ignore", "pipe", "pipe"], cwd: dir },
    );
    let log = "";
    build.stdout!.on("data", (d) => (log += d));
    build.stderr!.on("data", (d) => (log += d));
    build.once("exit", (code) =>
      code === 0 ? ok() : fail(new Error(`bench: wrangler deploy --dry-run failed:\n${log}`)),
    );
  });
  const toml = readFileSync(config, "utf8");
  const date = toml.match(/^compatibility_date = "([^"]+)"$/m)?.[1];
  const flags = toml.match(/^compatibility_flags = (\[.*\])$/m)?.[1] ?? "[]";
  if (!date) throw new Error("bench: no compatibility_date in wrangler.toml");
  const bindings = [
    ...varsOf(toml).map(
      ([name, value]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`,
    ),
    // workerd's own KV binding, answered by the harness's KV service (kvService.ts); without
    // one, entry.ts keeps the KV inside the isolate.
    ...(kvPort ? ['(name = "PAPERS", kvNamespace = "kv")', '(name = "BENCH_KV", service = "kv")'] : []),
  ];
  const capnp = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
    ${kvPort ? `(name = "kv", external = (address = "127.0.0.1:${kvPort}", http = ())),` : ""}
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "entry.js", esModule = embed "deploy/entry.js")],
  compatibilityDate = "${date}",
  compatibilityFlags = ${flags},
  bindings = [${bindings.join(", ")}],
);
`;
  const path = join(dir, "config.capnp");
  writeFileSync(path, capnp);
  return path;
}

/**
 * wrangler runs two workerd processes: one for its proxy (the port it listens on) and one
 * for the Worker. The one whose CPU time grows by a spin in the Worker (tens of ms, five
 * times what the other grows by) runs it.
 */
async function isolateProcess(root: number, base: string): Promise<number> {
  const workerds = descendants(root).filter((p) => p.comm === "workerd");
  if (workerds.length === 0) throw new Error("bench: no workerd process found below wrangler");
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = workerds.map((p) => processCpu(p.pid).total);
    const r = await fetch(`${base}/__bench/burn?n=30000000`);
    if (!r.ok) throw new Error(`bench: /__bench/burn answered ${r.status}`);
    const grew = workerds.map((p, i) => processCpu(p.pid).total - before[i]!);
    const best = grew.indexOf(Math.max(...grew));
    const others = Math.max(0, ...grew.filter((_, i) => i !== best));
    if (grew[best]! > 20 && grew[best]! > 5 * others) return workerds[best]!.pid;
  }
  throw new Error("bench: could not tell which workerd process runs the Worker");
}
