// The repair pass: each scheduled run checks one stored day (a day a reader found damaged
// first, else the next in rotation), reads every value of it, and rewrites whatever does
// not agree with the others (store/settle.ts, check). A day whose papers no value holds the
// content of any more is reported unreadable: the run then reads it again from upstream.
import type { IsoDate } from "../core/paper";
import type { RepairOutcome } from "../core/runReport";
import { readTexts } from "./kv";
import { type Settled, settleDay } from "./settle";
import type { DayIndex } from "./values/dayIndex";
import {
  decodeRepairQueue,
  encodeRepairQueue,
  MAX_TRIES,
  REPAIR_QUEUE_KEY,
  REPAIR_QUEUE_MAX_BYTES,
  type RepairQueue,
} from "./values/repairQueue";
import { wordIndexKey } from "./values/wordIndex";

export interface RepairRequest {
  kv: KVNamespace;
  index: DayIndex;
  runId: string;
  now: number;
  /** Numbers the rotation (the run's slot). */
  slot: number;
  /** Days this run settles anyway: a key is written at most once a run. */
  skip: Set<IsoDate>;
  /** Days older than this have settled: their word index is checked too. */
  settledBefore: IsoDate;
}

/** The day whose turn it is: the first a reader queued, else the next in rotation. */
async function dayToCheck(r: RepairRequest): Promise<{ date: IsoDate; queued: RepairQueue } | undefined> {
  const text =
    (await readTexts(r.kv, [REPAIR_QUEUE_KEY], REPAIR_QUEUE_MAX_BYTES)).get(REPAIR_QUEUE_KEY) ?? null;
  const queued: RepairQueue = text === null ? new Map() : decodeRepairQueue(text);
  const stored = new Set(r.index.days.map((e) => e.date));
  for (const date of queued.keys()) if (stored.has(date) && !r.skip.has(date)) return { date, queued };
  const days = r.index.days.filter((e) => !r.skip.has(e.date));
  if (days.length === 0) return undefined;
  return { date: days[r.slot % days.length]!.date, queued };
}

export async function repairOne(
  r: RepairRequest,
): Promise<{ date: IsoDate; outcome: RepairOutcome; settled: Settled } | undefined> {
  const turn = await dayToCheck(r);
  if (!turn) return undefined;
  const { date, queued } = turn;
  const settled = await settleDay({
    kv: r.kv,
    date,
    runId: r.runId,
    now: r.now,
    check: true,
    settled: date < r.settledBefore,
  });
  const outcome: RepairOutcome =
    settled.missing > 0 || settled.count === 0
      ? "unreadable"
      : settled.wrote.length === 1 && settled.wrote[0] === wordIndexKey(date)
        ? "indexed"
        : settled.wrote.length
          ? "repaired"
          : "sound";
  // An unreadable day stays queued, behind the others, until a fresh read restores it or it
  // has been tried MAX_TRIES times (the rotation still reaches it): one upstream cannot
  // restore holds no other queued day back.
  const entry = queued.get(date);
  if (entry) {
    queued.delete(date);
    if (outcome === "unreadable" && entry.tries + 1 < MAX_TRIES)
      queued.set(date, { ...entry, tries: entry.tries + 1 });
    await r.kv.put(REPAIR_QUEUE_KEY, encodeRepairQueue(queued));
  }
  return { date, outcome, settled };
}
