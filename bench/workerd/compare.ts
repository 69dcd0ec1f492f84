// npm run bench:compare -- --a=A1.json[,A2.json…] --b=B1.json[,B2.json…] [--main | --per-control]
//
// Compares two sets of workerd runs (`npm run bench:workerd -- --samples=PATH`), typically the
// same rows measured in two checkouts, run by turns so the machine's state falls on both
// alike. For each row: each run's median, each side's median of all its samples, B / A, and a
// 90 % interval of that ratio that takes the run as the unit (runStats.ts). A row is "dearer"
// or "cheaper" only when the whole interval lies beyond 1. The interval is approximate and, with
// few runs a side, narrower than it should be; under four, the table says so. `--main` compares
// the main thread's CPU instead of all threads'. `--per-control` compares the scheduled runs only,
// each run's CPU over the control measured right after it: the machine's state moves both, so
// their ratio varies far less between runs than either (bench/FINDINGS.md).
import { type Field, markdownTable, median, ratioInterval, readRuns, verdictOf } from "./runStats";

const argv = process.argv.slice(2);
const list = (name: string) =>
  argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(",")
    .filter(Boolean) ?? [];
const field: Field = argv.includes("--main")
  ? "main"
  : argv.includes("--per-control")
    ? "perControl"
    : "total";
const [aFiles, bFiles] = [list("a"), list("b")];
if (aFiles.length === 0 || bFiles.length === 0) {
  console.error(
    "usage: npm run bench:compare -- --a=A1.json[,A2.json] --b=B1.json[,B2.json] [--main | --per-control]",
  );
  process.exit(2);
}

const a = readRuns(aFiles, field);
const b = readRuns(bFiles, field);
const fmt = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
const side = (runs: number[][]) =>
  `${fmt(median(runs.flat()))} (${runs.map((r) => fmt(median(r))).join(", ")})`;
const unit = field === "perControl" ? "÷ control" : "ms";
const rows = [["row", `A ${unit} (each run)`, `B ${unit} (each run)`, "B / A", "90 % interval", "verdict"]];
for (const [key, as] of a) {
  const bs = b.get(key);
  if (!bs) continue;
  const interval = ratioInterval(as, bs);
  rows.push([
    key,
    side(as),
    side(bs),
    (median(bs.flat()) / median(as.flat())).toFixed(2),
    `${interval[0].toFixed(2)}–${interval[1].toFixed(2)}`,
    verdictOf(interval),
  ]);
}
console.log(
  `${field === "main" ? "Main thread" : field === "perControl" ? "Scheduled runs over their control" : "All threads"}: A = ${aFiles.join(", ")}; B = ${bFiles.join(", ")}\n`,
);
if (aFiles.length < 4 || bFiles.length < 4)
  console.log(
    "Fewer than four runs a side: the intervals below understate how much runs of the same code differ.\n",
  );
console.log(markdownTable(rows));
