// CPU time of a process, read from Linux's scheduler statistics: the first field of
// /proc/<pid>/task/<tid>/schedstat is the time the thread has run, in nanoseconds
// (kernel.org, Documentation/scheduler/sched-stats.rst). Summed over the process's threads,
// so V8's helper threads (concurrent GC, compilation) count too.
import { readdirSync, readFileSync } from "node:fs";

export interface CpuSample {
  /** All threads, ms. */
  total: number;
  /** The process's main thread (tid = pid), ms. */
  main: number;
}

const threadMs = (pid: number, tid: string): number => {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return 0; // the thread ended between listing and reading
  }
};

/** The process's CPU time so far. */
export function processCpu(pid: number): CpuSample {
  let total = 0;
  let main = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const ms = threadMs(pid, tid);
    total += ms;
    if (tid === String(pid)) main = ms;
  }
  return { total, main };
}

/** CPU time per thread name (comm), ms: which threads did the work. */
export function threadsCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let name = "?";
    try {
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
    } catch {}
    const key = tid === String(pid) ? `${name} (main)` : name;
    out.set(key, (out.get(key) ?? 0) + threadMs(pid, tid));
  }
  return out;
}

/** The process ids below `root` (children, grandchildren…), from /proc/<pid>/stat's ppid. */
export function descendants(root: number): { pid: number; comm: string }[] {
  const parent = new Map<number, { ppid: number; comm: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after its last ")".
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      parent.set(Number(entry), { ppid, comm });
    } catch {}
  }
  const out: { pid: number; comm: string }[] = [];
  const walk = (p: number) => {
    for (const [pid, info] of parent)
      if (info.ppid === p) {
        out.push({ pid, comm: info.comm });
        walk(pid);
      }
  };
  walk(root);
  return out;
}

export interface Stats {
  median: number;
  p10: number;
  p90: number;
  n: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), n: s.length };
}
