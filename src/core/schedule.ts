// The cron's schedule: how often a scheduled run starts, and the tasks the runs take in turn.
// Scrape plans each run by it; the bench fires runs by it. wrangler.toml's cron says the same
// (a test holds the two together).
import { RunTask } from "./runReport";

/**
 * Minutes between scheduled runs. The runs take three tasks in turn, one each: reading the
 * newest list, reading the next day of the window, and upkeep (the repair pass and a word
 * index). Together they cost more CPU than the free plan's 10 ms per invocation; one at a
 * time, each comes near it (README, "Performance"). Each task comes round every 30 minutes.
 */
export const CRON_INTERVAL_MINUTES = 10;
export const CRON = `*/${CRON_INTERVAL_MINUTES} * * * *`;
export const TASKS = RunTask.options;
export type Task = RunTask;
export const RUN_SLOT_MS = CRON_INTERVAL_MINUTES * 60_000;
/** A round of the tasks, each once: the rotations (window days, the repair pass's day) count these. */
export const ROUND_MS = RUN_SLOT_MS * TASKS.length;

/** The task of the scheduled run at `now`, by its slot. */
export const taskOf = (now: number): Task => TASKS[Math.floor(now / RUN_SLOT_MS) % TASKS.length]!;
