// What the attack tests share: pages of a fixture day with a change, a KV whose writes
// wait, two runs overlapping, one that fails a write, one that refuses values past KV's
// 25 MiB, planting a run record that lies, papers made up for settleDay, and looks at what a
// paper's record and a day's line hold.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Paper } from "../../src/core/paper";
import { newRunId, runRecordKey } from "../../src/store/runs";
import { type FreshRead, type Settled, type SettleRequest, settleDay } from "../../src/store/settle";
import { dayRecordKey, paperLine } from "../../src/store/values/dayRecord";
import { decodePaperRecord, type PaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { decodeRunRecord, encodeRunRecord } from "../../src/store/values/runRecord";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { dayKeys } from "../stored";

/** A fixture day's page with `change` made to its props; the other days as the fixtures have them. */
export const dayPage = (date: string, change: (props: ReturnType<typeof propsOf>) => void) => {
  const props = propsOf(date);
  change(props);
  return fakeOrigin((url) => (url.endsWith(date) ? new Response(pageWith(props)) : undefined));
};

type Props = ReturnType<typeof propsOf>;
type Item = Props["dailyPapers"][number];

/** A site serving each given day's props as that day's page; the other days as the fixtures have them. */
export const pagesOf = (days: Record<string, Props>) =>
  fakeOrigin((url) => {
    const day = Object.keys(days).find((d) => url.endsWith(d));
    return day ? new Response(pageWith(days[day]!)) : undefined;
  });

/** A copy of an item as listed on `day` too. */
export const listedOn = (item: Item, day: string): Item => ({
  ...structuredClone(item),
  paper: { ...structuredClone(item.paper), submittedOnDailyAt: `${day}T00:00:00.000Z` },
});

/** The site once paper `id` of day `x` was renamed and day `y` lists it too. */
export function renamedAndListedOn(id: string, x: string, y: string) {
  const onX = propsOf(x);
  const item = onX.dailyPapers.find((i) => i.paper.id === id)!;
  item.paper.title = `${item.paper.title} (revised)`;
  const onY = propsOf(y);
  onY.dailyPapers.push(listedOn(item, y));
  return pagesOf({ [x]: onX, [y]: onY });
}

/** A fixture day's page whose first paper shows `upvotes`. */
export const firstPaperAt = (date: string, upvotes: number) =>
  dayPage(date, (p) => {
    p.dailyPapers[0]!.paper.upvotes = upvotes;
  });

/** An upstream that answers nothing: the run's reads fail, its other steps run. */
export const down = () => fakeOrigin(() => new Response("down", { status: 503 }));

/**
 * A KV binding whose writes wait until `release()`: a run whose writes reach KV late. With
 * `holds`, only the writes of the keys it picks wait; the others go through at once.
 */
export function slowWrites(kv: KVNamespace, holds: (key: string) => boolean = () => true) {
  let release!: () => void;
  const gate = new Promise<void>((go) => {
    release = go;
  });
  let blocked = 0;
  const slow = new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "put") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: Parameters<KVNamespace["put"]>) => {
        if (!holds(args[0])) return target.put(...args);
        blocked++;
        await gate;
        return target.put(...args);
      };
    },
  });
  return { kv: slow, release, blocked: () => blocked };
}

/** Waits until a slow run has reached its first write. */
/**
 * A KV whose writes are held until they are put down by hand: `land` puts down the keys given, in
 * that order (one not held is skipped), `landRest` every other, in the order they were written;
 * `holds`, whether a write of a key waits; `runId`, the id of the run started at `at`, from the
 * summary (under `summaryKey`) it wrote and that waits.
 */
export function heldWrites(kv: KVNamespace = env.PAPERS) {
  const held = new Map<string, Parameters<KVNamespace["put"]>>();
  const proxy = new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "put") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: Parameters<KVNamespace["put"]>) => {
        held.set(args[0], args);
      };
    },
  });
  const land = async (...keys: string[]) => {
    for (const key of keys) {
      const args = held.get(key);
      if (!args) continue;
      held.delete(key);
      await kv.put(...args);
    }
  };
  const runId = (summaryKey: string, at: number) =>
    String(JSON.parse(held.get(summaryKey)![1] as string).runs)
      .split(" ")
      .find((id) => id.startsWith(new Date(at).toISOString()))!;
  return {
    kv: proxy,
    land,
    landRest: () => land(...held.keys()),
    holds: (key: string) => held.has(key),
    runId,
  };
}

/** The kind of value a key holds: paper records, day record, summary, history, or a search value. */
export const kindOf = (key: string) => {
  const prefix = key.slice(0, key.indexOf(":"));
  return ["paper", "day", "list", "hist"].includes(prefix) ? prefix : "search";
};

/** A KV whose writes are kept, in the order made, and not made. */
export function capturing(kv: KVNamespace) {
  const writes: Parameters<KVNamespace["put"]>[] = [];
  const proxy = new Proxy(kv, {
    get(target, prop) {
      if (prop === "put")
        return async (...args: Parameters<KVNamespace["put"]>) => {
          writes.push(args);
        };
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { kv: proxy, writes };
}

/**
 * A run's writes held by kind of value (kindOf) until `land(kind)` puts that kind's down, in the
 * order written; `runId(at)`, the id of the run started at `at`, from the summary it wrote.
 */
export function heldByKind(kv: KVNamespace) {
  const { kv: proxy, writes } = capturing(kv);
  const land = async (kind: string) => {
    for (const args of writes.filter(([key]) => kindOf(key) === kind)) await kv.put(...args);
  };
  const runId = (at: number) =>
    String(JSON.parse(writes.find(([key]) => key.startsWith("list:"))![1] as string).runs)
      .split(" ")
      .find((id) => id.startsWith(new Date(at).toISOString()));
  return { kv: proxy, land, runId };
}

/**
 * The runs after the race, upstream down, for each of `days`: the repair pass at `from` minutes, a
 * run with nothing to fold five minutes later, and the repair pass again.
 */
export async function runsAfter(days: ReturnType<typeof madeUpDay>[], from: number, kv = env.PAPERS) {
  const { T0, MIN } = days[0]!;
  for (const day of days) await day.run(T0 + from * MIN, { check: true, kv });
  for (const day of days) await day.run(T0 + (from + 5) * MIN, { observed: [], kv });
  for (const day of days) await day.run(T0 + (from + 10) * MIN, { check: true, kv });
}

export const untilBlocked = async (blocked: () => number) => {
  for (let i = 0; i < 400 && blocked() === 0; i++) await new Promise((r) => setTimeout(r, 5));
  expect(blocked()).toBeGreaterThan(0);
};

/**
 * Two runs at once: `slower` (given a KV whose writes wait) reads first, then `faster` runs
 * whole, then the slower run's writes land.
 */
export async function overlapping(
  kv: KVNamespace,
  slower: (kv: KVNamespace) => Promise<unknown>,
  faster: () => Promise<unknown>,
): Promise<void> {
  const slow = slowWrites(kv);
  const pending = slower(slow.kv);
  await untilBlocked(slow.blocked);
  await faster();
  slow.release();
  await pending;
}

/** A KV binding whose write of a key starting with `prefix` fails: a run that crashes partway. */
export function failingWrite(kv: KVNamespace, prefix: string) {
  return new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "put") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: Parameters<KVNamespace["put"]>) => {
        if (args[0].startsWith(prefix)) throw new Error(`KV PUT failed: 500 (planted, ${args[0]})`);
        return target.put(...args);
      };
    },
  });
}

/** KV's limit on one value (developers.cloudflare.com/kv/platform/limits: "Value size", 25 MiB). */
export const KV_VALUE_LIMIT = 25 * 1024 * 1024;

/** A KV binding that refuses a value larger than KV takes, as production does, and notes each refusal. */
export function valueLimitedKv(kv: KVNamespace): KVNamespace & { refused: [string, number][] } {
  const refused: [string, number][] = [];
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "refused") return refused;
      const v = Reflect.get(target, prop);
      if (prop !== "put") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: Parameters<KVNamespace["put"]>) => {
        const size = typeof args[1] === "string" ? new TextEncoder().encode(args[1]).length : 0;
        if (size > KV_VALUE_LIMIT) {
          refused.push([args[0], size]);
          throw new Error(`KV PUT failed: 413 Value length of ${size} exceeds limit of ${KV_VALUE_LIMIT}`);
        }
        return target.put(...args);
      };
    },
  }) as KVNamespace & { refused: [string, number][] };
}

/** The raw observation a run record stores (store/values/runRecord.ts). */
export interface RawObservation {
  date: string;
  at: number;
  ids: string;
  counters: (number | null)[][];
}

/**
 * Writes a run record under a run id started at `startedAt` (ms), its report copied from a
 * real record (`template`, a stored record's text), its observations as given.
 */
export async function plantRunRecord(
  kv: KVNamespace,
  template: string,
  startedAt: number,
  observed: RawObservation[],
): Promise<string> {
  const id = newRunId(new Date(startedAt).toISOString());
  const raw = JSON.parse(template);
  await kv.put(runRecordKey(id), JSON.stringify({ ...raw, id, observed, unpurged: [], unannounced: false }));
  return id;
}

/** A made-up paper of `date`, for settleDay. */
export const madeUpPaper = (date: string, id: string, upvotes: number, title = `Title ${id}`): Paper => ({
  id,
  upvotes,
  date,
  title,
  summary: `Abstract of ${id}`,
  authors: ["Ada Lovelace"],
  url: `https://huggingface.co/papers/${id}`,
  arxiv_url: `https://arxiv.org/abs/${id}`,
  pdf_url: `https://arxiv.org/pdf/${id}`,
});

/** A whole read of `date` showing `papers`. */
export const fullRead = (date: string, papers: Paper[]): FreshRead => ({
  date,
  via: "page",
  papers,
  partial: false,
});

/** A run id started at `now`. */
export const runIdAt = (now: number) => newRunId(new Date(now).toISOString());

/** What one run settled of a day, as later runs fold it from its run record (store/runs.ts). */
export type Observed = NonNullable<SettleRequest["observed"]>[number];

/**
 * The observation of `settled`, a run started at `at`, as another run folds it; with `wrote`, also
 * the papers whose records it wrote listing the day, as its run record hands them on.
 */
export const observedOf = (at: number, settled: Settled, { wrote = false } = {}): Observed => ({
  runId: runIdAt(at),
  observation: settled.observation!,
  ...(wrote ? { wrote: settled.listings!.map(([id]) => id) } : {}),
});

/**
 * The observations of `settled`, a run started at `at`, as a later run folds them: written in the
 * run's record and read back (its observation and its confirmation), so the codec is in the way.
 */
export function observedViaRecord(at: number, settled: Settled): Observed[] {
  const id = runIdAt(at);
  const text = encodeRunRecord({
    id,
    report: {
      trigger: "cron",
      started_at: new Date(at).toISOString(),
      duration_ms: 1,
      ok: true,
      requests: 1,
      days: [],
    },
    observed: settled.observation ? [settled.observation] : [],
    confirmed: settled.confirmed ? [settled.confirmed] : [],
    saved: [],
    changed: [],
    unpurged: [],
    unannounced: false,
    wordIndexes: [],
    listings: [],
  });
  const r = decodeRunRecord(text, runRecordKey(id))!;
  return [
    ...r.observed.map((observation) => ({ runId: id, observation })),
    ...r.confirmed.map((observation) => ({ runId: id, observation, confirmed: true })),
  ];
}

/**
 * An observation as a run record written before records kept the renames holds it (no `renamed`): a
 * fold of it cannot restore the rename, and dates the content it finds as before.
 */
export const beforeRenamesKept = (o: Observed): Observed => {
  const { renamed: _renamed, renamedLost: _lost, ...observation } = o.observation;
  return { ...o, observation };
};

/**
 * What a made-up run does besides its time: a whole read of `papers`, other runs' observations, the
 * repair pass, another KV, and when it stamps its writes (`versionAt`: a run settling a staged read).
 */
export interface RunOptions {
  papers?: Paper[];
  observed?: Observed[];
  check?: boolean;
  kv?: KVNamespace;
  versionAt?: number;
}

/**
 * A made-up day for settleDay tests: its date, keys, a first run's time, a minute, its papers
 * and whole reads; `run`, a run started at `at` settling it; and `settle`, the same with its
 * options in order (a whole read of `papers`, the repair pass, the KV).
 */
export function madeUpDay(date = "2026-05-18") {
  const run = (
    at: number,
    { papers, observed, check = false, kv = env.PAPERS, versionAt }: RunOptions = {},
  ) =>
    settleDay({
      kv,
      date,
      runId: runIdAt(at),
      now: at,
      ...(versionAt === undefined ? {} : { versionAt }),
      ...(papers ? { fresh: fullRead(date, papers) } : {}),
      ...(observed ? { observed } : {}),
      check,
    });
  /** A read at `at` through the day's cards (titles, links and upvotes: the page's fallback) finding `papers`. */
  const cards = (at: number, papers: Paper[], kv: KVNamespace = env.PAPERS) =>
    settleDay({
      kv,
      date,
      runId: runIdAt(at),
      now: at,
      fresh: {
        date,
        via: "cards",
        partial: true,
        papers: papers.map((p) => ({ ...p, summary: "", authors: [] })),
      },
    });
  const K = dayKeys(date);
  /**
   * A read at `at` of `papers` whose day record and summary an older, slower run's then landed
   * over (put back here); what it settled, and the summary put back.
   */
  const undoneRead = async (at: number, papers: Paper[]) => {
    const [day, summary] = [await env.PAPERS.get(K.day), await env.PAPERS.get(K.summary)];
    const settled = await run(at, { papers });
    await env.PAPERS.put(K.day, day!);
    await env.PAPERS.put(K.summary, summary!);
    return { settled, summary: summary! };
  };
  /**
   * A newer read at `newerAt` of `newer` beside a staged read made at `stagedAt` of `staged` and
   * settled (stamped) at `settledAt`: the newer read's paper records land at once, its other writes
   * wait; the staged read reads while they wait, and all its writes wait; then the newer read's
   * land, then the staged read's. `whileWaiting` looks at the store before the staged read reads.
   * What the newer read settled.
   */
  const stagedBesideNewer = async (
    newer: { at: number; papers: Paper[] },
    staged: { at: number; papers: Paper[]; settledAt: number },
    whileWaiting: () => Promise<void> = async () => {},
  ) => {
    const newerKv = slowWrites(env.PAPERS, (key) => !key.startsWith("paper:"));
    const reading = run(newer.at, { papers: newer.papers, kv: newerKv.kv });
    await untilBlocked(newerKv.blocked);
    await whileWaiting();
    const stagedKv = slowWrites(env.PAPERS);
    const settling = run(staged.at, { papers: staged.papers, kv: stagedKv.kv, versionAt: staged.settledAt });
    await untilBlocked(stagedKv.blocked);
    newerKv.release();
    const newerSettled = await reading;
    stagedKv.release();
    await settling;
    return newerSettled;
  };
  return {
    DAY: date,
    K,
    T0: Date.parse("2026-05-19T00:20:00Z"),
    MIN: 60_000,
    paper: (id: string, upvotes: number, title?: string) => madeUpPaper(date, id, upvotes, title),
    full: (papers: Paper[]) => fullRead(date, papers),
    run,
    cards,
    undoneRead,
    stagedBesideNewer,
    settle: (now: number, papers?: Paper[], check = false, kv: KVNamespace = env.PAPERS) =>
      run(now, { ...(papers ? { papers } : {}), check, kv }),
  };
}

/** A day of madeUpDay's, with a run's time and the papers its read finds. */
export interface ReadOf {
  day: ReturnType<typeof madeUpDay>;
  at: number;
  papers: Paper[];
}

/**
 * A paper's record that lost a day's listing: `landsLast` reads (the paper listed on its day)
 * before `lost`, the first read of the other day that lists it, is written, and its writes land
 * after it.
 */
export async function listingLost(landsLast: ReadOf, lost: ReadOf): Promise<void> {
  const slow = slowWrites(env.PAPERS);
  const reading = landsLast.day.run(landsLast.at, { papers: landsLast.papers, kv: slow.kv });
  await untilBlocked(slow.blocked);
  await lost.day.settle(lost.at, lost.papers);
  slow.release();
  await reading;
}

/**
 * Upstream down, after a race: each day's next run at `at` (folding what the runs left), then the
 * repair pass on each, `step` later.
 */
export async function runsAfterThenRepair(
  days: ReturnType<typeof madeUpDay>[],
  at: number,
  step = 10 * 60_000,
): Promise<void> {
  for (const day of days) await day.run(at, { observed: [] });
  for (const day of days) await day.run(at + step, { check: true });
}

/** A paper's own record as stored; null where it is missing or does not read. */
export async function storedPaperRecord(id: string): Promise<PaperRecord | null> {
  const text = await env.PAPERS.get(paperRecordKey(id));
  return text === null ? null : decodePaperRecord(text, id);
}

/** The title of a paper's line in a day's stored record; undefined where it has none. */
export async function lineTitle(day: string, id: string): Promise<string | undefined> {
  const text = await env.PAPERS.get(dayRecordKey(day));
  return text === null ? undefined : paperLine(text, day, id)?.content?.title;
}
