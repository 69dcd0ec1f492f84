// Settling a day: bringing every value of one listed day in line with what is known of it,
// from a fresh read, from what other runs observed, and from the values themselves. One
// function does it for the three callers: a run that read the day (save), a run merging
// what a slower run undid (fold), and the repair pass (check). What it holds to:
//
// - Nothing stored is lost: the papers of a day are the union of what every value lists
//   (day record, summary, other runs' observations, and for the repair pass the upvote
//   history), up to MAX_PAPERS_PER_DAY; papers already stored come before new ones.
// - Content and counters stay apart: when only counters moved, only the summary and the
//   upvote history are written.
// - No counter moves backwards: of the counters known for a paper (the summary's, a fresh
//   read's, other runs' observations, the history's newest point), the most recently
//   observed wins, and the history is merged as a union of points.
// - Each key is written at most once, and only when it differs (KV allows one write a
//   second to a key: developers.cloudflare.com/kv/platform/limits).
//
// settleDay composes the steps; each is a function of its own. The counters' side (a run where only
// counters moved, the history's points, what a run's record keeps for the runs after it) is
// settleCounters.ts; which papers the day lists and what content each holds, settleContent.ts; the
// rules that date that content (whether a read is older, when a line or a paper's record was read),
// contentClock.ts; what differs and its writes, settleWrites.ts.
import { nextVersion, stampedByNoRun } from "../core/dates";
import {
  type Counters,
  contentOf,
  countersOf,
  type IsoDate,
  type Paper,
  type PaperContent,
} from "../core/paper";
import type { ReadVia } from "../core/runReport";
import { contentHash, legacyContentHash } from "./content";
import { contentAtOf, contentClock, writeStamps } from "./contentClock";
import { confirmedNewer, confirmedOverSeen, countersSeen, type Seen, seconds, starsTimeOf } from "./counters";
import { fitContent } from "./fit";
import { type MeteredKv, readTexts } from "./kv";
import { namesRenamed, renamesToWeigh, renameUnheld } from "./renamesKept";
import {
  chooseContents,
  chooseDayPapers,
  type DayState,
  gatherStoredContent,
  paperRecordsToWrite,
  readContentValues,
} from "./settleContent";
import { countersOfDay, nextHistoryOf, pointsToMerge, settleCounters } from "./settleCounters";
import {
  type ContentWrites,
  checkWordIndex,
  currentValues,
  keyWriter,
  observationKept,
  whatMoved,
  writeContent,
  writeSummary,
  writesOf,
} from "./settleWrites";
import { checkContent, recordedMeta } from "./values/dayRecord";
import {
  decodeHistory,
  emptyHistory,
  encodeHistory,
  HISTORY_MAX_BYTES,
  historyKey,
  type StoredHistory,
} from "./values/history";
import { contentSeenAt, type Observation, runStartOf } from "./values/runRecord";
import { encodeSearchText } from "./values/searchText";
import { contentReadAt, decodeSummary, type StoredSummary, summaryKey } from "./values/summary";

/** A day as read from upstream. */
export interface FreshRead {
  date: IsoDate;
  via: ReadVia;
  papers: Paper[];
  /** The papers carry only id, title, links and upvotes (the cards): keep what is stored of the rest. */
  partial: boolean;
  /** Papers of a partial read whose upvote count was not seen: the stored count stays. */
  unknownUpvotes?: ReadonlySet<string>;
}

export interface SettleRequest {
  kv: KVNamespace | MeteredKv;
  date: IsoDate;
  /** The run settling it: the summary remembers it, so its observation is never merged twice. */
  runId: string;
  /** The run's time (ms): when the fresh counters were observed, and what versions are stamped from. */
  now: number;
  /**
   * What versions are stamped from instead, when the run writes later than `now` (a run settling a
   * staged read, at that read's time): a version older than those other runs wrote since would not
   * move the Last-Modified of the answers listing the day with theirs.
   */
  versionAt?: number;
  fresh?: FreshRead;
  /**
   * What other runs observed of this day (their run records), which a slower run may have undone;
   * `confirmed`, a read that found the day's counters as stored and wrote nothing (RunRecord.confirmed).
   */
  observed?: { runId: string; observation: Observation; confirmed?: boolean; wrote?: string[] }[];
  /** Read every value of the day, and rewrite whatever does not agree with the others (the repair pass). */
  check?: boolean;
  /** Whether the day's content has settled, so that a word index belongs to it (check only). */
  settled?: boolean;
  /** Write the fresh read's content whatever the summary says (a day the repair pass found unreadable). */
  rewrite?: boolean;
}

export interface Settled {
  /** Papers the day lists now. */
  count: number;
  /** Papers it lists that the stored day did not. */
  added: number;
  /** Stored papers a fresh read lacked, kept. */
  kept: number;
  /** Fresh papers left out: past the day's cap, or not storable. */
  dropped: number;
  /** Papers some value lists but no value has the content of: only a fresh read restores them. */
  missing: number;
  /** Keys written, in order. */
  wrote: string[];
  /** Whether the day's content (record, search values, paper records) was written. */
  contentWritten: boolean;
  /** The day's data version now. */
  updated_at?: string;
  /** What this run wrote as the day's counters, for its run record; absent when it wrote no summary. */
  observation?: Observation;
  /**
   * What the fresh read observed where it left no observation (it found the counters as stored,
   * and wrote neither summary nor history point), for the run record's `confirmed`.
   */
  confirmed?: Observation;
  /** The content hash the day's word index is of, when the repair pass found or made it current. */
  words?: string;
  /** The paper records written, with the days each lists (RunRecord.listings). */
  listings?: [string, IsoDate[]][];
}

/** A fresh read of a day none of whose papers the store can keep. */
export class UnstorableReadError extends Error {
  constructor(
    readonly date: IsoDate,
    readonly papers: number,
  ) {
    super(`none of the ${papers} papers read for ${date} can be stored`);
    this.name = "UnstorableReadError";
  }
}

/** An observation of another run, as the request names it. */
export type Observed = NonNullable<SettleRequest["observed"]>[number];

export async function settleDay(r: SettleRequest): Promise<Settled> {
  const { kv, date } = r;
  const at = Math.floor(r.now / 1000);
  const { summary, storedHistory, history, historyStored } = await readCounterValues(kv, date);

  if (r.fresh && r.fresh.papers.length === 0) return nothingDone(summary);

  const { relevant, observed } = othersObserved(r, summary, at);
  const { fresh, dropped } = takeFresh(r, summary, storedHistory, observed, at);
  const seenIds = new Set(observed.flatMap((o) => o.observation.ids));
  const points = pointsToMerge([...relevant, ...takenIn(r, summary, relevant)], observed, date);
  const wroteAt = undoneWrites(observed);

  const renames = renamesToWeigh(r, summary, relevant);
  const { content, recordNames, carried } = await onlyCountersMoved(
    r,
    summary,
    fresh,
    observed,
    seenIds,
    wroteAt,
    relevant,
  );
  if (summary && content !== null && renames.size === 0)
    return settleCounters(r, {
      summary,
      history,
      historyStored,
      fresh,
      observed,
      points,
      at,
      content,
      dropped,
      carried,
    });

  const { more, record } = await readContentValues(kv, date, r.check);
  const { listed, records, stored } = await gatherStoredContent(
    r,
    record,
    summary,
    storedHistory,
    seenIds,
    fresh,
  );
  const { ids, missing, dropped: pastCap } = chooseDayPapers(listed, stored, fresh);
  // Without a fresh read, a day some of whose papers have no content anywhere is left as it
  // is: rewriting it would drop them. Only reading the day again restores them.
  if (!r.fresh && (missing > 0 || ids.length === 0)) return { ...nothingDone(summary), missing };

  let recordHashed: Promise<string> | undefined;
  const recordHash = () => (recordHashed ??= contentHash(record?.papers ?? []));
  const weighed = (await renameUnheld(r, summary, record !== null, relevant, recordHash))
    ? renamesToWeigh(r, summary, relevant, true)
    : renames;
  const day: DayState = {
    r,
    at,
    summary,
    record,
    records,
    fresh,
    stored,
    observed,
    relevant,
    recordHash,
    renames: weighed,
    restored: new Map(),
    carriedOver: new Set(),
  };
  const clock = await contentClock(day, history);
  const contents = await chooseContents(day, clock, ids, history, wroteAt);

  const { counted, counters, countedAt, starsAt, newestSeen } = countersOfDay(day, storedHistory, ids);
  const hash = await contentHash(contents);
  const { recordCurrent, textCurrent, briefCurrent } = await currentValues(
    day,
    more,
    recordNames,
    contents,
    hash,
  );
  const previous = summary?.updated_at || record?.updated_at;
  const contentAt = await contentAtOf(day, clock, contents, previous, !recordCurrent);
  const paperWrites = paperRecordsToWrite(day, clock, contents, contentAt);

  const namedAt = clock.contentNamedAt(hash);
  const { before, countersMoved, grew, summaryMoved } = whatMoved(day, ids, counters, hash, {
    namedAt,
    summaryRead: clock.summaryRead,
  });
  const contentMoved = !recordCurrent || !textCurrent || !briefCurrent || paperWrites.length > 0;
  const { read, readAdded, nextHistory, historyMoved } = nextHistoryOf(
    r,
    summary,
    { history, storedHistory, historyStored },
    points,
    counted,
    ids,
  );

  const writing: ContentWrites = { contents, hash, paperWrites, recordCurrent, textCurrent, briefCurrent };
  if ("reserve" in kv) kv.reserve(writesOf(r, writing, historyMoved, summaryMoved) + 1);
  // What answers show moved: not a value rewritten in another layout with the same content.
  const visible = countersMoved || summary?.content !== hash;
  const version = visible || !previous ? nextVersion(r.versionAt ?? r.now, previous) : previous;
  const { wrote, put } = keyWriter(kv);
  const stamps = writeStamps(day, clock, contents, contentAt, { version, previous, namedAt });
  await writeContent(day, put, writing, stamps, version);
  const wordsCurrent =
    r.check && r.settled
      ? await checkWordIndex(r, more, hash, textCurrent ? null : encodeSearchText(contents, hash), put)
      : false;
  if (historyMoved) await put(historyKey(date), encodeHistory(nextHistory));

  const written = summaryMoved
    ? await writeSummary(day, put, {
        ids,
        counters,
        countedAt,
        starsAt,
        newestSeen,
        hash,
        version,
        grew,
        contents,
        namedAt,
      })
    : undefined;
  const handedOn = await observationKept(day, written, read, readAdded, counted, ids, contents);
  return {
    ...handedOn,
    count: ids.length,
    added: ids.filter((id) => !before.has(id) && !(record?.papers.some((p) => p.id === id) ?? false)).length,
    kept: r.fresh ? ids.filter((id) => !fresh.has(id)).length : 0,
    dropped: dropped + pastCap,
    missing,
    wrote,
    contentWritten: contentMoved,
    updated_at: version,
    ...(wordsCurrent ? { words: hash } : {}),
    listings: paperWrites.map(([id, days]) => [id, days]),
  };
}

/**
 * A fresh read's papers as the store keeps them, by id; `starsAt`, when the comments and stars were
 * observed where the read did not show them (the cards).
 */
export type FreshPapers = Map<string, { content: PaperContent; counters: Counters; starsAt?: number }>;

/**
 * When a card's comments and stars, taken from stored values, were observed: those values' time, no
 * later than the read (a newer value's are dated at it, older than they are, never newer than the
 * read's upvotes); 0 where no value knows them.
 */
const cardStarsAt = (known: Seen | undefined, at: number) => (known ? Math.min(starsTimeOf(known), at) : 0);

/** The day's counter values as stored: the summary and the upvote history. */
async function readCounterValues(kv: KVNamespace | MeteredKv, date: IsoDate) {
  const first = await readTexts(kv, [summaryKey(date), historyKey(date)], HISTORY_MAX_BYTES);
  const summaryText = first.get(summaryKey(date)) ?? null;
  const historyText = first.get(historyKey(date)) ?? null;
  const summary = summaryText === null ? null : decodeSummary(summaryText, date);
  const storedHistory = historyText === null ? null : decodeHistory(historyText, date);
  return {
    summary,
    storedHistory,
    history: storedHistory ?? emptyHistory(date),
    historyStored: historyText !== null,
  };
}

/**
 * What other runs observed that counts now (`relevant`), and of it what the summary has not taken in
 * (`observed`).
 */
function othersObserved(r: SettleRequest, summary: StoredSummary | null, at: number) {
  const all = r.observed ?? [];
  // A read that found the counters as stored counts only where it says more than the summary now, or
  // than what this run takes in over the summary (the fresh read, other runs' observations): a count
  // that went back and up again upstream.
  let relevant = all.filter(
    (o) =>
      !o.confirmed ||
      confirmedNewer(o.observation, summary, at) ||
      confirmedOther(o.observation, summary, at),
  );
  const taken = relevant.filter((o) => !summary?.runs.includes(o.runId));
  // Without other observations to take in, only a read made after the fresh one can say more than it:
  // an ordinary run, whose recent runs' confirmations are older than its read, weighs none of them.
  const rest = all.filter((o) => !relevant.includes(o) && (taken.length > 0 || o.observation.at > at));
  if (rest.length && (taken.length || r.fresh?.papers.length)) {
    const seen = countersSeen(summary, null, null, readCounters(r.fresh), taken, at);
    const over = rest.filter((o) => confirmedOverSeen(o.observation, seen, at));
    if (over.length) relevant = all.filter((o) => relevant.includes(o) || over.includes(o));
  }
  const observed = relevant.filter((o) => !summary?.runs.includes(o.runId));
  return { relevant, observed };
}

/**
 * Whether a read that found a day as stored (a run record's `confirmed`) names content other than the
 * summary's, read after the summary's content was: a slower, stale read's day record and summary
 * landed over what it found since, and its counters, as stored then, say nothing more than theirs. Its
 * confirmation is the one value left saying the day's content was other at a later read: weighed as
 * any read of other content is (recordsUnnamedObservationsSaw, contentTheNewestReadFound). Left out,
 * the stale read's line stayed over the rename that read found. Only one that read the summary's very
 * papers, in its order: a read of some of them names what it found of those alone, other content by
 * its hash. A read that finds the day as stored names the summary's content, so an ordinary run weighs
 * none; a time more than a day after the run's was read by no run.
 */
export const confirmedOther = (o: Observation, summary: StoredSummary | null, at: number) =>
  !!o.content &&
  !!summary?.content &&
  o.content !== summary.content &&
  o.ids.length === summary.ids.length &&
  o.ids.every((id, i) => id === summary.ids[i]) &&
  contentSeenAt(o) > seconds(contentReadAt(summary)) &&
  !stampedByNoRun(contentSeenAt(o), at);

/**
 * A fresh read's counters by paper, as weighed against a confirmation (othersObserved): a read
 * through the cards, its upvotes alone where it saw them (its comments and stars are older values',
 * dated 0 here: those values are weighed themselves).
 */
function readCounters(fresh: FreshRead | undefined): Map<string, { counters: Counters; starsAt?: number }> {
  const out = new Map<string, { counters: Counters; starsAt?: number }>();
  for (const p of fresh?.papers ?? []) {
    if (fresh!.partial) {
      if (!fresh!.unknownUpvotes?.has(p.id)) out.set(p.id, { counters: { upvotes: p.upvotes }, starsAt: 0 });
    } else out.set(p.id, { counters: countersOf(p) });
  }
  return out;
}

/**
 * Reads that found the counters as stored whose runs the summary names, though they say nothing more
 * than it now: a run took them in where they did say more (confirmedOverSeen, confirmedNewer), and
 * their points are the history's as any run's the summary names are (pointsToMerge). A newer read
 * that found the count back as it stood before an older read's lower one holds the point that ends
 * the series there, and an overlapping run's history write, made before that point, undoes it while
 * the summary keeps its count. Confirmations are taken in only in such races, so these are few.
 */
function takenIn(r: SettleRequest, summary: StoredSummary | null, relevant: Observed[]): Observed[] {
  if (!summary) return [];
  return (r.observed ?? []).filter(
    (o) => o.confirmed && summary.runs.includes(o.runId) && !relevant.includes(o),
  );
}

/**
 * Fresh papers as the store keeps them: content cut to fit a line, checked; and how many were left
 * out. A read whose every paper is unstorable says nothing true of the day: it fails, and what is
 * stored stays as it is.
 */
function takeFresh(
  r: SettleRequest,
  summary: StoredSummary | null,
  storedHistory: StoredHistory | null,
  observed: Observed[],
  at: number,
): { fresh: FreshPapers; dropped: number } {
  // A partial read (the cards) shows upvotes only: the comments and stars stay the newest observed, of
  // the summary, the history and the observations merged now. Taken from the summary alone, the older
  // counts of a slower run's summary landed over a newer read's would be written as observed at this
  // read, and would win over that read's observation when it is merged, now or by a later run.
  const known = r.fresh?.partial
    ? countersSeen(summary, storedHistory, null, new Map(), observed, at)
    : undefined;
  const fresh: FreshPapers = new Map();
  let dropped = 0;
  for (const p of r.fresh?.papers ?? []) {
    const content = checkContent(fitContent(contentOf(p)));
    // A card's count of 0 where it showed none is no observation: such papers are left out of
    // what the read counted (`counted`, countersOfDay).
    const counters = r.fresh?.partial ? { ...known?.get(p.id)?.counters, upvotes: p.upvotes } : countersOf(p);
    if (content && !fresh.has(p.id))
      fresh.set(p.id, {
        content,
        counters,
        ...(r.fresh?.partial ? { starsAt: cardStarsAt(known?.get(p.id), at) } : {}),
      });
    else dropped++;
  }
  if (r.fresh && fresh.size === 0) throw new UnstorableReadError(r.date, r.fresh.papers.length);
  return { fresh, dropped };
}

/**
 * Papers whose records a run the summary lacks wrote listing the day, and when each such run was
 * stamped: a slower run's day record and summary landed over its own, and its paper records
 * alone still hold the content it wrote. Of several such runs, the record holds the one whose
 * write landed last, not always the newest (an older read's, stamped at its own time).
 */
function undoneWrites(observed: Observed[]): Map<string, Set<number>> {
  const wroteAt = new Map<string, Set<number>>();
  for (const o of observed)
    for (const id of o.wrote ?? [])
      wroteAt.set(id, (wroteAt.get(id) ?? new Set()).add(Math.floor(runStartOf(o.runId) / 1000)));
  return wroteAt;
}

/**
 * Whether only counters can have moved (the summary lists the same papers with the same content):
 * the content hash the summary then names, else null; and what the day record's metadata names,
 * where this looked (null: it did not, or the metadata could not be read, and the record's text is
 * compared instead); `carried`, when that metadata says the lines the record marks carried were put in
 * or read (0: none).
 */
async function onlyCountersMoved(
  r: SettleRequest,
  summary: StoredSummary | null,
  fresh: FreshPapers,
  observed: Observed[],
  seenIds: Set<string>,
  wroteAt: Map<string, Set<number>>,
  relevant: Observed[],
): Promise<{ content: string | null; recordNames: string | undefined | null; carried: number }> {
  const none = { content: null, recordNames: null, carried: 0 };
  // A summary whose content time is damaged takes the full path, which dates its content by the day record.
  if (
    r.check ||
    r.rewrite ||
    !summary ||
    summary.damaged !== 0 ||
    summary.contentUnknown ||
    !summary.content ||
    r.fresh?.partial ||
    (!r.fresh && relevant.some((o) => namedLater(o.observation, summary)))
  )
    return none;
  const sameContent =
    fresh.size === 0 ||
    (fresh.size === summary.ids.length &&
      (summary.content === (await contentHash([...fresh.values()].map((f) => f.content))) ||
        (summary.version === 2 && summary.content === (await legacyHashOf(r.fresh!.papers)))));
  const listed = new Set(summary.ids);
  if (!sameContent || ![...fresh.keys(), ...seenIds].every((id) => listed.has(id))) return none;
  const content =
    summary.version === 2 && fresh.size
      ? await contentHash([...fresh.values()].map((f) => f.content))
      : summary.content;
  // The summary can name content no record holds: an older read's records landing after a
  // newer read's, whose summary landed last (KV has no transactions). A fresh read of that
  // content then writes it, found from the day record's metadata without reading the record.
  // Without a fresh read, such a run's paper records may hold content the day record lacks.
  // A merge of other runs' observations (no fresh read) looks too: a fold's day record of older
  // lines, stamped before a newer read's, can land after it, under that read's summary.
  // So does a fold given a run's record that keeps renames made with the summary's content, though the
  // summary takes that run in: a slower, older read's day record may have landed under that summary,
  // and a paper record of the rename written over since by an older read of the paper's other day.
  // Taken for counters alone, the day kept the older line while the summary named the rename, and a
  // fold of that other day, finding the rename's record older than a stale read there, wrote the
  // older title over it: no value held the rename any more (renameUnheld weighs it on the full path).
  const looks =
    fresh.size > 0 || observed.length > 0 || relevant.some((o) => namesRenamed(o.observation, summary));
  const meta = looks ? await recordedMeta(r.kv, r.date) : null;
  const recordNames = meta === null ? null : meta.content;
  // An observation made with other content (its run's summary named it, and a slower run's landed
  // over it) is no counters-only merge: its run may have written that content where its records
  // already held it (a rename read on the paper's other day), so no record says so, and merged as
  // counters its time would date this content, which it did not see. One that names no content
  // (a run's own read, older than the counters it wrote; a record written before observations
  // carried it) may have been made with other content too: it is weighed against the papers'
  // own records on the full path. So may a read that found the day as stored and wrote nothing where
  // its confirmation names no content (one that found it by the full path): what was stored when it
  // read may be a rename that a slower, older run's day record and summary have landed over since.
  const sameSeen = observed.every((o) => o.observation.content === content);
  const only = (!looks || recordNames === content) && (fresh.size > 0 || wroteAt.size === 0) && sameSeen;
  return { content: only ? content : null, recordNames, carried: meta?.carried ?? 0 };
}

/**
 * Whether a run's record names the summary's very content at a read after the one the summary dates it
 * at, up to its counters' time: the full path weighs it (whatMoved, readLater) and dates the content
 * anew. Taken for counters alone, a fold given it found nothing to write, where the record keeps no
 * renames (more than its record keeps), and the repair pass took a stale page's paper record, read
 * before that read, over the line of the title that very read found.
 */
const namedLater = (o: Observation, summary: StoredSummary) =>
  o.content === summary.content &&
  contentSeenAt(o) > seconds(contentReadAt(summary)) &&
  contentSeenAt(o) <= seconds(summary.observed_at);

/** An empty read: nothing is written. */
function nothingDone(summary: StoredSummary | null): Settled {
  return {
    count: summary?.ids.length ?? 0,
    added: 0,
    kept: 0,
    dropped: 0,
    missing: 0,
    wrote: [],
    contentWritten: false,
    updated_at: summary?.updated_at || undefined,
  };
}

/** The hash a version 2 summary holds for these papers (store/content.ts). */
const legacyHashOf = (papers: Paper[]) =>
  legacyContentHash(
    papers.map((p) => ({
      ...fitContent(contentOf(p)),
      num_comments: p.num_comments,
      github_stars: p.github_stars,
    })),
  );
