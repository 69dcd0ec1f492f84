// npm run bench:runs -- FILE1,FILE2,… [--main]
//
// Several runs of the same code (`npm run bench:workerd -- --samples=FILE`), row by row: each
// run's median and p90, and the median of the runs' medians. Runs of the same code differ by
// up to half, or twice for some rows (each workerd process compiles and collects in its own way: bench/FINDINGS.md,
// "A/B by runs"), so a figure that should hold for the code, not for one process, is the
// median over runs, shown with the spread of the runs. `--main`: the main thread's CPU.
import { stats } from "./cpu";
import { markdownTable, median, readRuns } from "./runStats";

const argv = process.argv.slice(2);
const files = argv.filter((a) => !a.startsWith("--")).flatMap((a) => a.split(",").filter(Boolean));
const field = argv.includes("--main") ? "main" : "total";
if (files.length === 0) {
  console.error("usage: npm run bench:runs -- FILE1,FILE2,… [--main]");
  process.exit(2);
}

const byRow = readRuns(files, field);

const fmt = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
const rows: string[][] = [["row", "median of the runs' medians", "each run's median", "each run's p90"]];
for (const [key, runs] of byRow) {
  const each = runs.map((r) => stats(r));
  rows.push([
    key,
    fmt(median(each.map((s) => s.median))),
    each.map((s) => fmt(s.median)).join(", "),
    each.map((s) => fmt(s.p90)).join(", "),
  ]);
}
console.log(`${field === "main" ? "Main thread" : "All threads"}, ms: ${files.join(", ")}\n`);
console.log(markdownTable(rows));
