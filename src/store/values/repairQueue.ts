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

/** Each queued day, and when it was first reported. */
export type RepairQueue = Map<IsoDate, string>;

export const encodeRepairQueue = (q: RepairQueue) =>
  asciiJson({ v: 1, days: Object.fromEntries([...q].slice(0, MAX_QUEUED)) });

export function decodeRepairQueue(text: string): RepairQueue {
  const out: RepairQueue = new Map();
  try {
    const raw = JSON.parse(text) as { v?: unknown; days?: Record<string, unknown> };
    if (raw?.v !== 1 || !raw.days || typeof raw.days !== "object") throw new Error("not a queue");
    for (const [d, at] of Object.entries(raw.days))
      if (isCalendarDate(d) && typeof at === "string" && isIsoTime(at)) out.set(d, at);
  } catch {
    logInvalid(REPAIR_QUEUE_KEY, "not a repair queue");
  }
  return out;
}
