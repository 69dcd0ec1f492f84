// One scrape run: read the newest list and the trailing window of days, save each day.
// Used by the cron (src/scheduled.ts). Pure of globals: KV, fetch and "now" come in.
import type { Config } from "./config";
import { addDays, toIsoDate } from "./dates";
import type { IsoDate } from "./model";
import { fetchDay, type FetchFn } from "./source";
import { saveDay, updateIndex, type SaveOutcome } from "./store";

export interface DayReport {
  /** What was asked for: "latest" or a date. */
  asked: "latest" | IsoDate;
  /** The day the page showed (absent when the read failed). */
  date?: IsoDate;
  outcome: SaveOutcome | "repeat" | "failed";
  count?: number;
  /** Items dropped by validation, when any. */
  dropped?: number;
  error?: string;
}

export interface RunReport {
  started_at: string;
  duration_ms: number;
  ok: boolean;
  days: DayReport[];
}

export interface ScrapeOptions {
  kv: KVNamespace;
  config: Pick<Config, "HF_ORIGIN" | "WINDOW_DAYS">;
  fetch: FetchFn;
  /** The run's time (controller.scheduledTime); the window counts back from its date. */
  now: number;
}

/** The newest list, then each of the WINDOW_DAYS days before the run's date. */
export function windowTargets(now: number, windowDays: number): ("latest" | IsoDate)[] {
  const today = toIsoDate(now);
  return ["latest", ...Array.from({ length: windowDays }, (_, i) => addDays(today, -(i + 1)))];
}

export async function scrape({ kv, config, fetch, now }: ScrapeOptions, targets = windowTargets(now, config.WINDOW_DAYS)): Promise<RunReport> {
  const started = Date.now();
  const days: DayReport[] = [];
  const saved = new Map<IsoDate, number>();
  // One page at a time: a run holds one page's strings, not all of them.
  for (const asked of targets) {
    try {
      const read = await fetchDay({ origin: config.HF_ORIGIN, date: asked === "latest" ? undefined : asked, fetch });
      const extra = read.dropped ? { dropped: read.dropped } : {};
      if (saved.has(read.date)) {
        // A weekend day shows the previous list, which this run has already saved.
        days.push({ asked, date: read.date, outcome: "repeat", count: saved.get(read.date), ...extra });
        continue;
      }
      const { outcome, count } = await saveDay(kv, read, new Date(now));
      if (outcome !== "empty") saved.set(read.date, count);
      days.push({ asked, date: read.date, outcome, count, ...extra });
    } catch (e) {
      days.push({ asked, outcome: "failed", error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  await updateIndex(kv, [...saved].map(([date, count]) => ({ date, count })));
  const report: RunReport = {
    started_at: new Date(now).toISOString(),
    duration_ms: Date.now() - started,
    ok: days.every((d) => d.outcome !== "failed" && d.outcome !== "empty"),
    days,
  };
  log(report);
  return report;
}

/** One structured line per run; failures also go to the error log. */
function log(report: RunReport): void {
  const count = (o: DayReport["outcome"]) => report.days.filter((d) => d.outcome === o).length;
  const line = JSON.stringify({
    event: "scrape",
    ...report,
    stored: count("stored"),
    merged: count("merged"),
    unchanged: count("unchanged"),
    empty: count("empty"),
    failed: count("failed"),
  });
  if (report.ok) console.log(line);
  else console.error(line);
}
