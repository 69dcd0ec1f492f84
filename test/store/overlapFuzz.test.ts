// Overlapping scheduled runs, randomized and seeded: a small upstream of 2 to 4 days that
// changes step by step (upvotes up, new papers, a title changed, a paper listed on a second
// day), and at each step 2 or 3 runs started together, each of their KV operations held back a
// random number of turns and their times out of order by up to a minute, some with the repair
// pass. Once two ordinary runs have gone by (no overlap, upstream down, so they restore only
// from what the store and the run records hold), nothing any run read may be missing
// (README, "When things fail": overlapping runs lose nothing once a later run has gone by):
// every paper on its days and in their feeds, every day in its papers' listed_on, the highest
// count shown, every history point written, and each title one the last step that read it
// showed (which of a step's reads wins is not promised: see lastStep). The store is an in-memory KV and the turns are
// taken in an order the seed alone decides, so a seed replays the same interleaving.
import { env } from "cloudflare:workers";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { decodeHistory, type HistoryPoint } from "../../src/store/values/history";
import { jsonFeedErrors, parseAtom } from "../feedValidators";
import { type FakeOrigin, fakeOrigin, pageWith, propsOf, type RawItem } from "../fixtures";
import { call, forgetStored, runScrape } from "../helpers";
import { memoryKv } from "../memoryKv";
import { down } from "./attackShared";

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)]!;
  const chance = (p: number) => next() < p;
  const shuffle = <T>(xs: readonly T[]) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { next, int, pick, chance, shuffle };
}
type Rng = ReturnType<typeof prng>;

/**
 * The runs' day (UTC) and the days upstream may list: the day before it, it, and the next
 * (a page may claim the run's day plus one), all within the 48 hours the history keeps every
 * change, and, as a fourth, the day before those, whose history is sparse.
 */
const DENSE_DAYS = ["2026-05-18", "2026-05-19", "2026-05-20"] as const;
const SPARSE_DAY = "2026-05-17";
/** The first step's time; each step is 10 minutes (a cron slot) after the one before. */
const T0 = Date.parse("2026-05-19T00:30:00Z");
const SLOT = 600_000;
const listedAt = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;
const DENSE_S = 48 * 3600;

/** Upstream: each paper's title and upvotes (counts only grow), each day's ids in order. */
interface Upstream {
  papers: Map<string, { title: string; upvotes: number }>;
  days: Map<string, string[]>;
}

const TEMPLATE = propsOf("2026-05-15");

function itemOf(up: Upstream, id: string, date: string): RawItem {
  const item = structuredClone(TEMPLATE.dailyPapers[0]!);
  const { title, upvotes } = up.papers.get(id)!;
  item.paper = { ...item.paper, id, title, upvotes, submittedOnDailyAt: `${date}T00:00:00.000Z` };
  item.title = title;
  return item;
}

/** A frozen copy of upstream, served as huggingface.co would (pages and, mirrored, the JSON API). */
function originOf(up: Upstream): FakeOrigin {
  const pages = new Map(
    [...up.days].map(([date, ids]) => [
      date,
      pageWith({
        ...TEMPLATE,
        dateString: date,
        dailyPapers: ids.map((id) => itemOf(up, id, date)),
      }),
    ]),
  );
  return fakeOrigin((url) => {
    const u = new URL(url);
    if (u.pathname.startsWith("/api/")) return undefined;
    const page = pages.get(u.pathname.match(/^\/papers\/date\/(\d{4}-\d{2}-\d{2})$/)?.[1] ?? "");
    return page ? new Response(page) : new Response("not found", { status: 404 });
  });
}

let serial = 0;
const newId = () => `2605.${String(20000 + serial++).padStart(5, "0")}`;

/** One random change upstream: upvotes up, a new paper, a title changed, a paper listed on a second day. */
function change(up: Upstream, rng: Rng, kind = rng.int(0, 9)): string {
  const days = [...up.days.keys()];
  const ids = [...up.papers.keys()];
  if (kind <= 3) {
    for (const id of rng.shuffle(ids).slice(0, rng.int(1, 4))) up.papers.get(id)!.upvotes += rng.int(1, 5);
    return "upvotes";
  }
  if (kind <= 5) {
    const id = newId();
    up.papers.set(id, { title: `Paper ${id}`, upvotes: rng.int(0, 3) });
    const list = up.days.get(rng.pick(days))!;
    list.splice(rng.int(0, list.length), 0, id);
    return `new ${id}`;
  }
  if (kind <= 7) {
    const id = rng.pick(ids);
    up.papers.get(id)!.title += " (revised)";
    return `title ${id}`;
  }
  const id = rng.pick(ids);
  const free = days.filter((d) => !up.days.get(d)!.includes(id));
  if (!free.length) return "none";
  const day = rng.pick(free);
  up.days.get(day)!.push(id);
  return `second day ${id} ${day}`;
}

/** What the runs were shown: each day's papers, and each listing's highest count. */
interface Shown {
  listed: Map<string, Set<string>>;
  upvotes: Map<string, number>;
  /** Each listing's titles as read, by run time (`now`), and the step the read was in. */
  titles: Map<string, { now: number; step: number; title: string }[]>;
}

function show(shown: Shown, up: Upstream, targets: string[], now: number, step: number): void {
  for (const d of targets)
    for (const id of up.days.get(d) ?? []) {
      if (!shown.listed.has(d)) shown.listed.set(d, new Set());
      shown.listed.get(d)!.add(id);
      const key = `${d} ${id}`;
      shown.upvotes.set(key, Math.max(shown.upvotes.get(key) ?? 0, up.papers.get(id)!.upvotes));
      shown.titles.set(key, [
        ...(shown.titles.get(key) ?? []),
        { now, step, title: up.papers.get(id)!.title },
      ]);
    }
}

/**
 * The titles read in the last step that read a listing (or a paper, on any of its days). Which
 * of them is stored is not promised: runs of one step overlap, and one stamped earlier that
 * read the day before a later one wrote it writes last (KV has no transactions); the run
 * records carry counters, not content, so no later run puts the newer title back. A later step
 * that reads the day again writes its title (its stamp is past every stored version).
 */
const lastStep = (reads: { step: number; title: string }[]) => {
  const last = Math.max(...reads.map((r) => r.step));
  return [...new Set(reads.filter((r) => r.step === last).map((r) => r.title))];
};

/** The upvotes of a series at time `t`: its last point at or before it. */
const valueAt = (points: HistoryPoint[], t: number) => points.filter(([p]) => p <= t).at(-1)?.[1];

interface Written {
  date: string;
  id: string;
  point: HistoryPoint;
}

/** A KV that notes every history point written to it, as it is written. */
function notingHistory(kv: KVNamespace, written: Written[]): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop !== "put") return typeof v === "function" ? v.bind(target) : v;
      return async (...args: Parameters<KVNamespace["put"]>) => {
        const [key, value] = args;
        if (key.startsWith("hist:")) {
          const date = key.slice(5);
          for (const [id, p] of decodeHistory(value as string, date)?.papers ?? [])
            for (const point of p.points) written.push({ date, id, point });
        }
        return target.put(...args);
      };
    },
  });
}

/**
 * Runs started together, their KV operations taken one at a time in an order the seed decides.
 * Each operation waits a random number of turns (a turn: one operation goes through); the one
 * due first goes next, ties by run and by the run's own order. A turn is taken only when no run
 * is busy elsewhere (waiting for its upstream's answer, which the runtime delivers as I/O), so
 * the order depends on the seed alone, not on how fast the machine is.
 */
class Interleaving {
  private turn = 0;
  private readonly pending: { due: number; run: number; seq: number; go: () => void }[] = [];
  private readonly runs: { busy: boolean; done: boolean; seq: number }[];
  private poked = false;

  constructor(n: number) {
    this.runs = Array.from({ length: n }, () => ({ busy: true, done: false, seq: 0 }));
  }

  /** Run `r`'s KV: each operation waits for its turn, reads `read()` turns, writes and deletes `write()`. */
  kv(r: number, kv: KVNamespace, delays: { read: () => number; write: () => number }): KVNamespace {
    return new Proxy(kv, {
      get: (target, prop) => {
        const v = Reflect.get(target, prop);
        if (typeof v !== "function") return v;
        const delay = prop === "put" || prop === "delete" ? delays.write : delays.read;
        return async (...args: unknown[]) => {
          const run = this.runs[r]!;
          run.busy = false;
          const due = this.turn + delay();
          await new Promise<void>((go) => {
            this.pending.push({ due, run: r, seq: run.seq++, go });
            this.poke();
          });
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  /** Run `r`'s upstream: busy from a request until its next KV operation. */
  origin(r: number, origin: FakeOrigin): FakeOrigin {
    return {
      ...origin,
      fetch: (input, init) => {
        this.runs[r]!.busy = true;
        return origin.fetch(input, init);
      },
    };
  }

  async finished<T>(r: number, run: Promise<T>): Promise<T> {
    try {
      return await run;
    } finally {
      this.runs[r]!.done = true;
      this.runs[r]!.busy = false;
      this.poke();
    }
  }

  /** Takes the next turn once the runs have gone as far as they can (after the microtasks, a macrotask). */
  private poke(): void {
    if (this.poked) return;
    this.poked = true;
    setTimeout(() => {
      this.poked = false;
      if (this.runs.some((r) => r.busy && !r.done) || this.pending.length === 0) return;
      this.pending.sort((a, b) => a.due - b.due || a.run - b.run || a.seq - b.seq);
      const next = this.pending.shift()!;
      this.turn = Math.max(this.turn + 1, next.due);
      next.go();
      this.poke();
    }, 0);
  }
}

/** One seed's sequence: what happened (for the failure message), and the invariants checked. */
async function fuzz(seed: number): Promise<void> {
  const rng = prng(seed);
  serial = 0;
  const log: string[] = [`seed ${seed}`];
  const days = rng
    .shuffle(
      rng.int(2, 4) === 4 ? [...DENSE_DAYS, SPARSE_DAY] : rng.shuffle(DENSE_DAYS).slice(0, rng.int(2, 3)),
    )
    .sort();
  log.push(`days ${days.join(",")}`);
  const up: Upstream = { papers: new Map(), days: new Map() };
  for (const d of days) {
    const ids = Array.from({ length: rng.int(3, 8) }, newId);
    for (const id of ids) up.papers.set(id, { title: `Paper ${id}`, upvotes: rng.int(0, 20) });
    up.days.set(d, ids);
  }
  // Some papers listed on two days from the start.
  for (let i = rng.int(0, 2); i > 0; i--) log.push(`start: ${change(up, rng, 9)}`);
  const shown: Shown = { listed: new Map(), upvotes: new Map(), titles: new Map() };
  const written: Written[] = [];
  const base = memoryKv();
  const kv = notingHistory(base, written);

  // The archive as one ordinary run leaves it.
  await runScrape(originOf(up), { kv, targets: days, now: T0 - SLOT });
  show(shown, up, days, T0 - SLOT, -1);

  const steps = rng.int(3, 6);
  for (let s = 0; s < steps; s++) {
    for (let c = rng.int(1, 2); c > 0; c--) log.push(`step ${s}: ${change(up, rng)}`);
    const n = rng.int(2, 3);
    // Times out of order by up to a minute, each its own second (records of one second sort by
    // their random id).
    const times: number[] = [];
    while (times.length < n) {
      const t = T0 + s * SLOT + rng.int(-60, 60) * 1000;
      if (!times.includes(t)) times.push(t);
    }
    // A run stamped later may have read a newer upstream (one more change between the runs'
    // reads), never an older one.
    const midChange = rng.chance(0.4) ? rng.int(1, n - 1) : n;
    const byTime = [...times.keys()].sort((a, b) => times[a]! - times[b]!);
    const origins: FakeOrigin[] = [];
    const runs = byTime.map((i, rank) => {
      if (rank === midChange) log.push(`step ${s} mid: ${change(up, rng)}`);
      const targets = rng.shuffle(days).slice(0, rng.int(1, days.length));
      const repair = rng.chance(0.3);
      show(shown, up, targets, times[i]!, s);
      origins[i] = originOf(up);
      return { i, targets, repair };
    });
    log.push(
      `step ${s}: ${runs.map((r) => `run@${(times[r.i]! - T0 - s * SLOT) / 1000}s [${r.targets}]${r.repair ? " repair" : ""}`).join("; ")}`,
    );
    // Started together, each with its KV operations held back a random number of turns.
    const order = new Interleaving(n);
    await Promise.all(
      rng.shuffle(runs).map((r) => {
        const lag = rng.int(0, 3);
        const delays = { read: () => rng.int(0, 2 + lag), write: () => rng.int(0, 4 + lag * 12) };
        return order.finished(
          r.i,
          runScrape(order.origin(r.i, origins[r.i]!), {
            kv: order.kv(r.i, kv, delays),
            targets: r.targets,
            now: times[r.i]!,
            repair: r.repair,
          }),
        );
      }),
    );
  }
  // Two ordinary runs go by, each on its own; upstream is down.
  const end = T0 + steps * SLOT;
  await runScrape(down(), { kv, targets: days, now: end });
  await runScrape(down(), { kv, targets: days, now: end + SLOT, repair: true });

  // What the store serves.
  forgetStored();
  const bindings = { ...env, PAPERS: base };
  const get = async (path: string) => {
    const res = await call(path, undefined, bindings);
    const body = await res.text();
    expect(res.status, `${path}\n${log.join("\n")}`).toBe(200);
    return body;
  };
  const why = (what: string) => `${what}\n${log.join("\n")}`;
  const listedOn = new Map<string, Set<string>>();
  for (const [d, ids] of shown.listed)
    for (const id of ids) listedOn.set(id, new Set([...(listedOn.get(id) ?? []), d]));

  for (const d of days) {
    const answer = PapersAnswer.parse(JSON.parse(await get(`/api/papers?date=${d}`)));
    expect(answer.next, why(`/api/papers?date=${d} in one page`)).toBeNull();
    const served = new Map(answer.papers.map((p) => [p.id, p]));
    for (const id of shown.listed.get(d) ?? []) {
      expect(served.has(id), why(`${id} listed on ${d}`)).toBe(true);
      expect(served.get(id)?.upvotes, why(`${id}'s upvotes on ${d}`)).toBe(shown.upvotes.get(`${d} ${id}`));
      const reads = shown.titles.get(`${d} ${id}`)!;
      expect(lastStep(reads), why(`${id}'s title on ${d}: ${JSON.stringify(reads)}`)).toContain(
        served.get(id)?.title,
      );
    }
    const feed = JSON.parse(await get(`/feed.json?date=${d}`));
    expect(jsonFeedErrors(feed), why(`/feed.json?date=${d}`)).toEqual([]);
    const inFeed = new Set(
      (feed.items as { _daily_papers: { arxiv_id: string } }[]).map((i) => i._daily_papers.arxiv_id),
    );
    const atom = parseAtom(await get(`/feed.atom?date=${d}`));
    const rss = await get(`/feed.rss?date=${d}`);
    for (const id of shown.listed.get(d) ?? []) {
      expect(inFeed.has(id), why(`${id} in /feed.json?date=${d}`)).toBe(true);
      expect(JSON.stringify(atom.entries).includes(id), why(`${id} in /feed.atom?date=${d}`)).toBe(true);
      expect(rss.includes(id), why(`${id} in /feed.rss?date=${d}`)).toBe(true);
    }
  }
  for (const [id, want] of listedOn) {
    const paper = PaperAnswer.parse(JSON.parse(await get(`/api/papers/${id}`)));
    const reads = [...want].flatMap((d) => shown.titles.get(`${d} ${id}`) ?? []);
    expect(lastStep(reads), why(`${id}'s title: ${JSON.stringify(reads)}`)).toContain(paper.paper.title);
    for (const d of want) expect(paper.listed_on, why(`${id}'s listed_on`)).toContain(d);
    const times = paper.upvote_history.map(([t]) => Date.parse(t));
    expect(times, why(`${id}'s upvote_history in order`)).toEqual([...times].sort((a, b) => a - b));
  }
  // Every history point any run wrote: there still, as the history keeps points (every change
  // within 48 hours of the listing; after that, the newest).
  const stored = new Map(
    await Promise.all(days.map(async (d) => [d, decodeHistory((await base.get(`hist:${d}`))!, d)!] as const)),
  );
  const newest = new Map<string, Written>();
  for (const w of written) {
    const key = `${w.date} ${w.id}`;
    if (!newest.has(key) || newest.get(key)!.point[0] < w.point[0]) newest.set(key, w);
    if (w.point[0] - listedAt(w.date) > DENSE_S) continue;
    const points = stored.get(w.date)?.papers.get(w.id)?.points ?? [];
    expect(
      valueAt(points, w.point[0]),
      why(`${w.date} ${w.id}: point ${w.point} of ${JSON.stringify(points)}`),
    ).toBe(w.point[1]);
  }
  for (const w of newest.values()) {
    const points = stored.get(w.date)?.papers.get(w.id)?.points ?? [];
    expect(valueAt(points, w.point[0]), why(`${w.date} ${w.id} newest point ${w.point}`)).toBe(w.point[1]);
  }
  // Every list route answers, and its body parses.
  for (const path of [
    "/",
    "/api/papers",
    "/feed.json",
    "/feed.atom",
    "/feed.rss",
    "/feeds.opml",
    "/api/days",
  ]) {
    const body = await get(path);
    if (path.startsWith("/api") || path === "/feed.json") JSON.parse(body);
    else if (path === "/feed.atom") parseAtom(body);
    else if (path !== "/") expect(XMLValidatorOk(body), why(path)).toBe(true);
  }
}

const XMLValidatorOk = (xml: string) => XMLValidator.validate(xml) === true;

// The 20, and three of the first 300 that found a paper record left with an older title than
// its days' newest reads (repairStalePaperRecord.test.ts, olderReadAfterFold.test.ts).
const SEEDS = [...Array.from({ length: 20 }, (_, i) => 1 + i * 7919), 324680, 760225, 942362];

describe("overlapping runs, randomized", () => {
  it.each(SEEDS)("seed %i: nothing a run read is lost once two ordinary runs have gone by", async (seed) => {
    await fuzz(seed);
  });
});
