// npm run bench:compare -- --a=A1.json[,A2.json…] --b=B1.json[,B2.json…] [--main]
//
// Compares two sets of workerd samples (`npm run bench:workerd -- --samples=PATH`), typically
// the same rows measured in two checkouts, run by turns so the machine's state falls on both
// alike. Each file is one run: one workerd process, whose own state (what V8 compiled, when it
// collects) moves all of that run's samples together, by as much as a third between runs of the
// same code (bench/FINDINGS.md). So the run, not the sample, is the unit: for each row, the
// median of each run, each side's median of all its samples, B / A, and a 90 % interval of that
// ratio by a two-stage bootstrap (the runs of each side resampled with replacement, then the
// samples within each run; 4,000 times, a fixed seed so a rerun prints the same). A row is
// "dearer" or "cheaper" only when the whole interval lies beyond 1; otherwise the difference is
// within what the runs can tell. With fewer than four runs a side, resampling the runs sees too
// little of how they differ, and the interval is too narrow: the table says so. Bootstrap of clustered
// data: Davison & Hinkley, Bootstrap Methods and their Application (1997), section 3.8.
// `--main` compares the main thread's CPU instead of all threads'.
import { readFileSync } from "node:fs";
import { stats } from "./cpu";

const median = (xs: number[]) => stats(xs).median;

interface SampleFile {
  mode: string;
  at: string;
  samples: Record<string, { total: number[]; main: number[] }>;
}

const argv = process.argv.slice(2);
const list = (name: string) =>
  argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(",")
    .filter(Boolean) ?? [];
const field = argv.includes("--main") ? "main" : "total";
const [aFiles, bFiles] = [list("a"), list("b")];
if (aFiles.length === 0 || bFiles.length === 0) {
  console.error("usage: npm run bench:compare -- --a=A1.json[,A2.json] --b=B1.json[,B2.json] [--main]");
  process.exit(2);
}

/** Each row's samples, run by run, of one side's files. */
function runsOf(files: string[]): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  for (const f of files) {
    const data = JSON.parse(readFileSync(f, "utf8")) as SampleFile;
    for (const [key, s] of Object.entries(data.samples)) out.set(key, [...(out.get(key) ?? []), s[field]]);
  }
  return out;
}

/** mulberry32: a small seeded generator, so the intervals are the same on every run. */
function seeded(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const resample = (xs: number[], random: () => number) =>
  Array.from({ length: xs.length }, () => xs[Math.floor(random() * xs.length)]!);

/** Runs resampled, then each chosen run's samples, pooled. */
const resampleRuns = (runs: number[][], random: () => number) =>
  resample(
    runs.map((_, i) => i),
    random,
  ).flatMap((i) => resample(runs[i]!, random));

/** The 5th and 95th percentiles of median(b) / median(a) over two-stage bootstrap resamples. */
export function ratioInterval(a: number[][], b: number[][], rounds = 4000, seed = 1): [number, number] {
  const random = seeded(seed);
  const ratios = Array.from(
    { length: rounds },
    () => median(resampleRuns(b, random)) / median(resampleRuns(a, random)),
  ).sort((x, y) => x - y);
  return [ratios[Math.floor(rounds * 0.05)]!, ratios[Math.floor(rounds * 0.95)]!];
}

const a = runsOf(aFiles);
const b = runsOf(bFiles);
const fmt = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
const rows: string[][] = [["row", "A ms (each run)", "B ms (each run)", "B / A", "90 % interval", "verdict"]];
const side = (runs: number[][]) =>
  `${fmt(median(runs.flat()))} (${runs.map((r) => fmt(median(r))).join(", ")})`;
for (const [key, as] of a) {
  const bs = b.get(key);
  if (!bs) continue;
  const [low, high] = ratioInterval(as, bs);
  const verdict = low > 1 ? "dearer" : high < 1 ? "cheaper" : "within the noise";
  rows.push([
    key,
    side(as),
    side(bs),
    (median(bs.flat()) / median(as.flat())).toFixed(2),
    `${low.toFixed(2)}–${high.toFixed(2)}`,
    verdict,
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(
  `${field === "main" ? "Main thread" : "All threads"}: A = ${aFiles.join(", ")}; B = ${bFiles.join(", ")}\n`,
);
if (aFiles.length < 4 || bFiles.length < 4)
  console.log(
    "Fewer than four runs a side: the intervals below understate how much runs of the same code differ.\n",
  );
for (const [n, r] of rows.entries()) {
  console.log(`| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`);
  if (n === 0) console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
}
