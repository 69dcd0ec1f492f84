// What the overlap fuzzers share (overlapFuzz.test.ts, stagedOverlapFuzz.test.ts): a seeded
// PRNG, a small upstream that changes step by step, what the runs were shown, a KV that notes
// the history points written to it, the interleaving of runs' KV operations the seed decides,
// and the checks of what the store serves once the runs have gone by.
import { env } from "cloudflare:workers";
import { XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { decodeHistory, type HistoryPoint } from "../../src/store/values/history";
import { jsonFeedErrors, parseAtom } from "../feedValidators";
import { type FakeOrigin, fakeOrigin, pageWith, propsOf, type RawItem } from "../fixtures";
import { call, forgetStored } from "../helpers";

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number) {
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
export type Rng = ReturnType<typeof prng>;

/**
 * The runs' day (UTC) and the days upstream may list: the day before it, it, and the next
 * (a page may claim the run's day plus one), all within the 48 hours the history keeps every
 * change, and, as a fourth, the day before those, whose history is sparse.
 */
export const DENSE_DAYS = ["2026-05-18", "2026-05-19", "2026-05-20"] as const;
export const SPARSE_DAY = "2026-05-17";
/** The first step's time; each step is 10 minutes (a cron slot) after the one before. */
export const T0 = Date.parse("2026-05-19T00:30:00Z");
export const SLOT = 600_000;
export const listedAt = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;
export const DENSE_S = 48 * 3600;

/** Upstream: each paper's title and upvotes (counts only grow), each day's ids in order. */
export interface Upstream {
  papers: Map<string, { title: string; upvotes: number }>;
  days: Map<string, string[]>;
}

export const TEMPLATE = propsOf("2026-05-15");

export function itemOf(up: Upstream, id: string, date: string): RawItem {
  const item = structuredClone(TEMPLATE.dailyPapers[0]!);
  const { title, upvotes } = up.papers.get(id)!;
  item.paper = { ...item.paper, id, title, upvotes, submittedOnDailyAt: `${date}T00:00:00.000Z` };
  item.title = title;
  return item;
}

/**
 * A frozen copy of upstream, served as huggingface.co would: each day's page, the newest day's as
 * the newest list (`/papers`), and, mirrored, the JSON API, or with `apiDown` a JSON API that
 * answers 503 (the runs then read pages, which a staging run stages).
 */
export function originOf(up: Upstream, { apiDown = false } = {}): FakeOrigin {
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
  const newest = [...up.days.keys()].sort().at(-1) ?? "";
  return fakeOrigin((url) => {
    const u = new URL(url);
    if (u.pathname.startsWith("/api/")) return apiDown ? new Response("down", { status: 503 }) : undefined;
    const date =
      u.pathname === "/papers" ? newest : u.pathname.match(/^\/papers\/date\/(\d{4}-\d{2}-\d{2})$/)?.[1];
    const page = pages.get(date ?? "");
    return page ? new Response(page) : new Response("not found", { status: 404 });
  });
}

let serial = 0;
/** Ids start over for each seed. */
export const resetIds = () => {
  serial = 0;
};
export const newId = () => `2605.${String(20000 + serial++).padStart(5, "0")}`;

/** The site over `days`: 3 to 8 papers a day, and up to two of them listed on a second day from the start. */
export function upstreamOf(days: string[], rng: Rng, log: string[]): Upstream {
  const up: Upstream = { papers: new Map(), days: new Map() };
  for (const d of days) {
    const ids = Array.from({ length: rng.int(3, 8) }, newId);
    for (const id of ids) up.papers.set(id, { title: `Paper ${id}`, upvotes: rng.int(0, 20) });
    up.days.set(d, ids);
  }
  for (let i = rng.int(0, 2); i > 0; i--) log.push(`start: ${change(up, rng, 9)}`);
  return up;
}

/** One random change upstream: upvotes up, a new paper, a title changed, a paper listed on a second day. */
export function change(up: Upstream, rng: Rng, kind = rng.int(0, 9)): string {
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
export interface Shown {
  listed: Map<string, Set<string>>;
  upvotes: Map<string, number>;
  /**
   * Where counts may also go down upstream: each listing's count as the newest read (by run
   * time) saw it, which the store must serve (store/counters.ts: the newest observed wins).
   */
  newest?: Map<string, { now: number; upvotes: number }>;
  /** Each listing's titles as read, by run time (`now`), and the step the read was in. */
  titles: Map<string, { now: number; step: number; title: string }[]>;
}

export function show(shown: Shown, up: Upstream, targets: string[], now: number, step: number): void {
  for (const d of targets)
    for (const id of up.days.get(d) ?? []) {
      if (!shown.listed.has(d)) shown.listed.set(d, new Set());
      shown.listed.get(d)!.add(id);
      const key = `${d} ${id}`;
      const { upvotes } = up.papers.get(id)!;
      shown.upvotes.set(key, Math.max(shown.upvotes.get(key) ?? 0, upvotes));
      if (shown.newest && (shown.newest.get(key)?.now ?? -Infinity) < now)
        shown.newest.set(key, { now, upvotes });
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
export const lastStep = (reads: { step: number; title: string }[]) => {
  const last = Math.max(...reads.map((r) => r.step));
  return [...new Set(reads.filter((r) => r.step === last).map((r) => r.title))];
};

/** The upvotes of a series at time `t`: its last point at or before it. */
export const valueAt = (points: HistoryPoint[], t: number) => points.filter(([p]) => p <= t).at(-1)?.[1];

export interface Written {
  date: string;
  id: string;
  point: HistoryPoint;
}

/** A KV that notes every history point written to it, as it is written. */
export function notingHistory(kv: KVNamespace, written: Written[]): KVNamespace {
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
export class Interleaving {
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

/**
 * What the store serves, once the runs have gone by: every paper shown on its days and in
 * their feeds, every day in its papers' listed_on, the highest count shown, each title one the
 * last step that read it showed (lastStep), every history point written (as the history keeps
 * them: every change within 48 hours of the listing; after that, the newest), and every list
 * route answering, its body parsing. `log` says what happened, for the failure message.
 */
export async function checkServed(
  base: KVNamespace,
  days: string[],
  shown: Shown,
  written: Written[],
  log: string[],
): Promise<void> {
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
      const key = `${d} ${id}`;
      const newest = shown.newest?.get(key);
      expect(
        served.get(id)?.upvotes,
        why(`${id}'s upvotes on ${d}${newest ? ` (read at ${newest.now})` : ""}`),
      ).toBe(newest ? newest.upvotes : shown.upvotes.get(key));
      const reads = shown.titles.get(`${d} ${id}`)!;
      // A paper is one content on each of its days: a rename read on another of them reaches this
      // day's line through the paper's own record (a merge, the repair pass), newer, never older.
      const onAnyDay = [...(listedOn.get(id) ?? [])].flatMap((day) => shown.titles.get(`${day} ${id}`) ?? []);
      expect(
        [...lastStep(reads), ...lastStep(onAnyDay)],
        why(`${id}'s title on ${d}: ${JSON.stringify(reads)}; on its days: ${JSON.stringify(onAnyDay)}`),
      ).toContain(served.get(id)?.title);
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
    "/api/status",
  ]) {
    const body = await get(path);
    if (path.startsWith("/api") || path === "/feed.json") JSON.parse(body);
    else if (path === "/feed.atom") parseAtom(body);
    else if (path !== "/") expect(XMLValidatorOk(body), why(path)).toBe(true);
  }
}

const XMLValidatorOk = (xml: string) => XMLValidator.validate(xml) === true;
