// `wrangler dev` as the scripts and the Node tests run it: wrangler's own entry run by this
// Node (no npx or shell in between), in a process group of its own that stop() ends whole,
// so neither wrangler nor its workerd processes outlive their caller and hold a port.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { stripVTControlCharacters } from "node:util";

const WRANGLER = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin",
  "wrangler.js",
);

export interface WranglerDev {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /**
   * Where the Worker is served, as wrangler says once it is ("Ready on http://…"); rejected
   * when wrangler exits first or says nothing of it within `readyWithinMs`.
   */
  served: Promise<string>;
  /** Ends wrangler's process group: SIGTERM, SIGKILL after 5 s, then SIGKILL for anything left. */
  stop(): Promise<void>;
}

/**
 * Starts `wrangler dev` with `args`. `--port 0` lets the system pick a free port, which
 * `served` then names: nothing else can take it between choosing and listening. (Add
 * `--inspector-port 0`: otherwise wrangler looks for a free one near 9229 itself, which two
 * wranglers starting at once can both pick.) Each line it prints goes to `onLine`, without
 * terminal colours in `text`.
 */
export function wranglerDev(
  args: string[],
  onLine: (line: { raw: string; text: string; stream: "stdout" | "stderr" }) => void,
  { readyWithinMs = 120_000 } = {},
): WranglerDev {
  const child = spawn(process.execPath, [WRANGLER, "dev", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  const served = new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`wrangler dev did not serve within ${readyWithinMs / 1000} s`)),
      readyWithinMs,
    );
    for (const stream of ["stdout", "stderr"] as const) {
      createInterface({ input: child[stream] }).on("line", (raw) => {
        const text = stripVTControlCharacters(raw);
        const url = text.match(/\bReady on (http:\/\/\S+)/)?.[1];
        if (url) {
          clearTimeout(timer);
          ok(url);
        }
        onLine({ raw, text, stream });
      });
    }
    exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}) before serving`));
    });
  });
  served.catch(() => {}); // a caller that stops before it serves does not wait for it
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {} // the group is gone already
  };
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      group("SIGTERM");
      const timer = setTimeout(() => group("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      group("SIGKILL"); // anything wrangler started and left behind in its group
    })();
    return stopped;
  };
  return { child, served, stop };
}
