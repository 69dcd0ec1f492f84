// repair-queue: the days a reader found damaged (a value that did not validate), for the
// next scheduled run to repair first instead of waiting for its turn in the rotation.
// Written only when a day is not queued yet, so damage costs a write or two, not one a
// request.
import { isIsoTime } from "../../core/dates";
import { type IsoDate, isCalendarDate } from "../../core/paper";
import { asciiJson } from "../ascii";
import { logInvalid } from "../kv";

export const REPAIR_QUEUE_KEY = "repair-queue";
export const REPAIR_QUEUE_MAX_BYTES = 16 * 1024;
/** Days queued at most: a run repairs one or two, the rotation finds the rest. */
export const MAX_QUEUED = 50;

/** Times a day found unreadable is tried before it leaves the queue to the rotation. */
export const MAX_TRIES = 3;

/** A queued day: when it was first reported, and how many repair passes found it unreadable. */
export interface Queued {
  at: string;
  tries: number;
}
/** The queued days, first to repair first. */
export type RepairQueue = Map<IsoDate, Queued>;

/** Version 2 counts the tries; version 1, still read, held the report time alone. */
const VERSION = 2;

export const encodeRepairQueue = (q: RepairQueue) =>
  asciiJson({ v: VERSION, days: Object.fromEntries([...q].slice(0, MAX_QUEUED)) });

export function decodeRepairQueue(text: string): RepairQueue {
  const out: RepairQueue = new Map();
  try {
    const raw = JSON.parse(text) as { v?: unknown; days?: Record<string, unknown> };
    if ((raw?.v !== 1 && raw?.v !== VERSION) || !raw.days || typeof raw.days !== "object")
      throw new Error("not a queue");
    for (const [d, entry] of Object.entries(raw.days)) {
      const e = (raw.v === 1 ? { at: entry, tries: 0 } : entry) as Partial<
        Record<keyof Queued, unknown>
      > | null;
      const tries = e?.tries;
      if (
        isCalendarDate(d) &&
        typeof e?.at === "string" &&
        isIsoTime(e.at) &&
        Number.isSafeInteger(tries) &&
        (tries as number) >= 0
      )
        out.set(d, { at: e.at, tries: Math.min(tries as number, MAX_TRIES) });
      if (out.size >= MAX_QUEUED) break;
    }
  } catch {
    logInvalid(REPAIR_QUEUE_KEY, "not a repair queue");
  }
  return out;
}
