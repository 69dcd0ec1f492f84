// Runs of the bench as the unit of comparison: each `--samples` file is one run (one workerd
// process), and runs of the same code differ by up to half (scheduled runs) or twice (some list
// rows), far more than samples within a run (bench/FINDINGS.md, "A/B by runs"). So intervals come
// from resampling whole runs (a cluster bootstrap: the chosen runs keep all their samples; Davison
// & Hinkley, Bootstrap Methods and their Application, 1997, section 3.8), with a seeded generator
// so a rerun prints the same. With a few runs a side it is approximate, and narrower than it should
// be: four runs show only so much of how runs differ.
import { readFileSync } from "node:fs";
import * as z from "zod";
import { stats } from "./cpu";
import { seeded } from "./seeded";

export { seeded };

/** A row's samples as `npm run bench:workerd -- --samples=PATH` writes them (section.ts). */
export const RowSamples = z
  .object({ total: z.array(z.number()), main: z.array(z.number()), control: z.array(z.number()).optional() })
  .refine((r) => r.main.length === r.total.length && (!r.control || r.control.length === r.total.length), {
    message: "total, main and control must have a sample each",
  });
export type RowSamples = z.infer<typeof RowSamples>;
const SampleFile = z.object({ samples: z.record(z.string(), RowSamples) });

/**
 * What a run's figure is read as: all threads' CPU, the main thread's, or (scheduled runs
 * only) all threads' over the control measured right after each run.
 */
export type Field = "total" | "main" | "perControl";

export const median = (xs: number[]) => stats(xs).median;

/**
 * Each run's all-threads CPU over the control's measured right after it (both less /healthz):
 * what the run costs whatever state the machine was in, which moves both alike
 * (bench/FINDINGS.md, "The machine's two speeds"). Undefined for rows without a control.
 */
export const perControl = ({ total, control }: RowSamples): number[] | undefined =>
  control && total.map((x, i) => x / control[i]!);

/** Each row's samples, one array per file (run), all threads' CPU or the main thread's. */
export function readRuns(files: string[], field: Field = "total"): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  for (const f of files) {
    const data = SampleFile.parse(JSON.parse(readFileSync(f, "utf8")));
    for (const [key, s] of Object.entries(data.samples)) {
      const values = field === "perControl" ? perControl(s) : s[field];
      if (values) out.set(key, [...(out.get(key) ?? []), values]);
    }
  }
  return out;
}

const resample = <T>(xs: T[], random: () => number) =>
  Array.from({ length: xs.length }, () => xs[Math.floor(random() * xs.length)]!);

/** Runs resampled whole, their samples pooled. */
const resampleRuns = (runs: number[][], random: () => number) => resample(runs, random).flat();

/** The 5th and 95th percentiles of median(b) / median(a) over resamples of whole runs. */
export function ratioInterval(a: number[][], b: number[][], rounds = 4000, seed = 1): [number, number] {
  const random = seeded(seed);
  const ratios = Array.from(
    { length: rounds },
    () => median(resampleRuns(b, random)) / median(resampleRuns(a, random)),
  ).sort((x, y) => x - y);
  return [ratios[Math.floor(rounds * 0.05)]!, ratios[Math.floor(rounds * 0.95)]!];
}

/** "dearer" or "cheaper" only when the whole interval lies beyond 1. */
export const verdictOf = ([low, high]: [number, number]) =>
  low > 1 ? "dearer" : high < 1 ? "cheaper" : "within the noise";

/** A table in Markdown, columns padded. */
export function markdownTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .flatMap((r, n) => {
      const line = `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
      return n === 0 ? [line, `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`] : [line];
    })
    .join("\n");
}
