// The content side of settling a day (settle.ts): which papers the day lists and what is stored of
// each, from the day record, the papers' own records, the summary, the history and other runs'
// observations.
import { CLOCK_MARGIN_S, stampedByNoRun } from "../core/dates";
import { type IsoDate, type PaperContent, sameContent } from "../core/paper";
import { contentHash } from "./content";
import type { ContentClock } from "./contentClock";
import { notAfter, seconds } from "./counters";
import { readTexts } from "./kv";
import type { FreshPapers, Observed, SettleRequest } from "./settle";
import { briefKey } from "./values/brief";
import {
  DAY_MAX_BYTES,
  dayRecordKey,
  decodeDayRecord,
  linesReadOf,
  MAX_PAPERS_PER_DAY,
  type StoredDay,
} from "./values/dayRecord";
import { type DayHistory, latestCounters, type StoredHistory } from "./values/history";
import {
  decodePaperRecord,
  lineReadOnOtherDay,
  listingsOf,
  PAPER_RECORD_MAX_BYTES,
  type PaperRecord,
  paperRecordKey,
  readAtOf,
  readOnOtherDay,
} from "./values/paperRecord";
import { contentSeenAt, type Observation } from "./values/runRecord";
import { searchTextKey } from "./values/searchText";
import type { StoredSummary } from "./values/summary";
import { wordIndexKey } from "./values/wordIndex";

/** What a run settling a day has read of it, which the steps after the reads weigh. */
export interface DayState {
  r: SettleRequest;
  /** The run's time (s). */
  at: number;
  summary: StoredSummary | null;
  record: StoredDay | null;
  /** The papers' own records read. */
  records: PaperRecords;
  /** The stored content of each listed paper: its line, else its own record. */
  stored: Map<string, PaperContent>;
  fresh: FreshPapers;
  /** Other runs' observations the summary has not taken in. */
  observed: Observed[];
  /** Other runs' observations that count now, whether or not the summary takes them in. */
  relevant: Observed[];
  /** The content hash of the day record's lines, hashed once, when a step first asks (the record read). */
  recordHash: () => Promise<string>;
  /** Renames other runs' records keep, which may be newer than the day's content (renamesToWeigh). */
  renames: ReadonlyMap<string, { content: PaperContent; at: number }>;
  /**
   * The papers whose content this run took from what a run's record says its read found (a rename it
   * keeps, or the content its hash names), that content, and when it was read.
   */
  restored: Map<string, { at: number; content: PaperContent }>;
  /**
   * The papers whose line, marked carried, this run gave way to the paper's own record (a read of the
   * paper's other day too): still carried.
   */
  carriedOver: Set<string>;
}

/** The papers' own records read, by id (null: none stored, or unreadable). */
export type PaperRecords = Map<string, PaperRecord | null>;

/**
 * Content may have moved, or a value disagrees: the values the day's content is stored in, as read
 * (the day record, and for the repair pass the search values too), and the day record decoded.
 */
export async function readContentValues(kv: SettleRequest["kv"], date: IsoDate, check: boolean | undefined) {
  const more = await readTexts(
    kv,
    [dayRecordKey(date), ...(check ? [searchTextKey(date), briefKey(date), wordIndexKey(date)] : [])],
    DAY_MAX_BYTES,
  );
  const recordText = more.get(dayRecordKey(date)) ?? null;
  return { more, record: recordText === null ? null : decodeDayRecord(recordText, date) };
}

/**
 * Every paper some value lists (`listed`), the papers' own records (`records`, read for those and the
 * fresh read's), and the stored content of each listed paper (`stored`).
 */
export async function gatherStoredContent(
  r: SettleRequest,
  record: StoredDay | null,
  summary: StoredSummary | null,
  storedHistory: StoredHistory | null,
  seenIds: Set<string>,
  fresh: FreshPapers,
) {
  // Every paper some value lists, stored ones first, in the order the record has them.
  const listed: string[] = [];
  const add = (id: string) => !listed.includes(id) && listed.push(id);
  for (const p of record?.papers ?? []) add(p.id);
  for (const id of summary?.ids ?? []) add(id);
  for (const id of seenIds) add(id);
  // The repair pass also looks at the papers only the history names: one is the day's when
  // its own record says it is listed on the day (its line was lost), and a stray otherwise.
  const historyOnly = r.check
    ? [...(storedHistory?.papers.keys() ?? [])].filter((id) => !listed.includes(id))
    : [];

  const records = await readPaperRecords(r.kv, [...new Set([...listed, ...fresh.keys(), ...historyOnly])]);
  for (const id of historyOnly) if (records.get(id)?.listed_on.includes(r.date)) add(id);

  // The stored content of each listed paper: its line, else its own record.
  const stored = new Map<string, PaperContent>();
  for (const p of record?.papers ?? []) stored.set(p.id, p);
  for (const id of listed) {
    const own = records.get(id)?.paper;
    if (!stored.has(id) && own) stored.set(id, own);
  }
  return { listed, records, stored };
}

/** The papers' own records, read in one batch. */
async function readPaperRecords(kv: SettleRequest["kv"], ids: string[]): Promise<PaperRecords> {
  const paperTexts = await readTexts(kv, ids.map(paperRecordKey), PAPER_RECORD_MAX_BYTES);
  const records: PaperRecords = new Map();
  for (const id of ids) {
    const text = paperTexts.get(paperRecordKey(id)) ?? null;
    records.set(id, text === null ? null : decodePaperRecord(text, id));
  }
  return records;
}

/**
 * The day's papers (`ids`): the fresh read's in its order, then the stored ones it lacks; the cap
 * keeps what was stored before it admits what is new. `dropped`, the fresh papers the cap left out;
 * `missing`, the listed papers no value has the content of.
 */
export function chooseDayPapers(
  listed: string[],
  stored: ReadonlyMap<string, PaperContent>,
  fresh: ReadonlyMap<string, unknown>,
): { ids: string[]; dropped: number; missing: number } {
  const storedIds = listed.filter((id) => stored.has(id) || fresh.has(id));
  const room = new Set(storedIds.slice(0, MAX_PAPERS_PER_DAY));
  for (const id of fresh.keys()) {
    if (room.size >= MAX_PAPERS_PER_DAY) break;
    room.add(id);
  }
  const dropped = [...fresh.keys()].filter((id) => !room.has(id)).length;
  const ids = [
    ...[...fresh.keys()].filter((id) => room.has(id)),
    ...storedIds.filter((id) => !fresh.has(id) && room.has(id)),
  ];
  const missing = listed.filter((id) => !stored.has(id) && !fresh.has(id)).length;
  return { ids, dropped, missing };
}

/** A paper's own record speaks for this day's line only where it holds content and lists the day. */
export const holdsHere = (
  own: PaperRecord | null | undefined,
  date: IsoDate,
): own is PaperRecord & { paper: PaperContent } => !!own?.paper && own.listed_on.includes(date);

/**
 * What a read of the day found of a paper is held by its own record whatever days that lists (a
 * paper is one content on all its days): a record that lacks the day (a slower write of it, made
 * before the day listed the paper, landed last) holds it all the same, and the run that takes it puts
 * the day back in it. Left out, the summary written would date the day's older line at that read, and
 * the repair pass would write it over the record the listing was put back in.
 */
export const holdsContent = (
  own: PaperRecord | null | undefined,
): own is PaperRecord & { paper: PaperContent } => !!own?.paper;

/**
 * The content of each of the day's papers (`ids`): this read's or its stored line (linesOfRead); then,
 * where values landed out of order, the papers' own records that hold a read newer than the day
 * record's lines.
 */
export async function chooseContents(
  day: DayState,
  clock: ContentClock,
  ids: string[],
  history: DayHistory,
  wroteAt: Map<string, Set<number>>,
): Promise<PaperContent[]> {
  let contents = await linesOfRead(day, clock, ids);
  contents = await recordsTheSummaryNames(day, clock, contents);
  const summarySeen = day.summary ? notAfter(seconds(clock.summaryRead ?? ""), day.at) : 0;
  contents = await recordsTheHistorySaw(day, clock, contents, ids, history, summarySeen);
  contents = recordsUndoneRunsWrote(day, clock, contents, wroteAt);
  contents = await recordsAnObservationNamed(day, clock, contents);
  contents = await recordsUnnamedObservationsSaw(day, clock, contents, summarySeen);
  contents = renamesRunsKept(day, clock, contents);
  contents = recordsOverCarriedLines(day, clock, contents);
  return contentTheNewestReadFound(day, clock, contents);
}

/**
 * Without a fresh read, a line the day record marks as carried from the paper's own record (a fold or
 * the repair pass put the paper in where the day record lacked it) is no read of this day's page: it is
 * as new as that record's read, and the paper's own record, listing the day, of other content read
 * after it is newer (a paper is one content on all its days). Kept, a stale read's title the repair
 * pass carried over from the paper's other day stayed over the rename read there later. A line a read
 * of the day wrote is not marked, and is weighed by the rules above alone; nor is one a value names
 * as read with the day's whole content, at a read of the day since.
 */
function recordsOverCarriedLines(
  { r, at, record, records, carriedOver }: DayState,
  { lineAtOr, recordLines }: ContentClock,
  contents: PaperContent[],
): PaperContent[] {
  const carried = record?.lines_carried;
  if (r.fresh || !record || !carried?.size) return contents;
  const linesAt = linesReadOf(record);
  return contents.map((c) => {
    const line = carried.has(c.id) && recordLines.get(c.id);
    if (!line || !sameContent(line, c)) return c;
    // As new as the record's read, or as a read of the day that found the whole content since, where
    // the record was not rewritten then (it found the day as stored) and so still marks the line.
    const t = lineAtOr(linesAt, c);
    const own = records.get(c.id);
    const ownAt = readAtOf(own);
    if (!(holdsHere(own, r.date) && !sameContent(own.paper, c) && ownAt > t && !stampedByNoRun(ownAt, at)))
      return c;
    // Still carried where the record says it was read on another day's page: unmarked, that read would
    // count as one of this day's page, and the next record of other content read after it (a rename
    // read there) would no longer go over it. Not where a read of this day found it (a stale page of the
    // other day, read later, would then go over this day's own rename), nor where the record does not say.
    if (readOnOtherDay(own, r.date)) carriedOver.add(c.id);
    return own.paper;
  });
}

/** Ways of putting together the content a hash names, tried at most (contentTheNewestReadFound). */
const MAX_WAYS = 16;

/**
 * Without a fresh read, the content the newest read a value names found (the summary's content, or a
 * run's record's: the newest a value read now names, contentNamedAt), paper by paper, where the values
 * hold it: each paper's line, its own record, or a rename that run's record keeps. A hash names the
 * whole day, so where one paper's record or line went over and another's did not, no single value's
 * content is the hash, and the rules above weigh each paper by the times of the values holding it
 * alone: a stale page's record of the old title, read after the line of the rename but before that
 * newest read, counted as newer, and its title went over the rename that read found, on the day and
 * in the paper's record (two papers renamed in one read, a stale read's record landing over one of
 * them). The content that read found is taken where that read was made after what holds the content
 * chosen (the line's read, the record's, a rename's), and dated at it (`restored`), as a fresh read's
 * would be. Only where some paper's values differ; at most MAX_WAYS hashes; no KV operation.
 */
async function contentTheNewestReadFound(
  { r, summary, record, records, relevant, restored }: DayState,
  { contentNamedAt, lineAtOr }: ContentClock,
  contents: PaperContent[],
): Promise<PaperContent[]> {
  if (r.fresh) return contents;
  const namers: Pick<Observation, "content" | "ids" | "renamed">[] = [
    ...(summary?.content ? [summary] : []),
    ...relevant.map((o) => o.observation),
  ];
  const newest = namers
    .map((n) => ({ n, at: n.content ? contentNamedAt(n.content) : 0 }))
    .find((x) => x.at > 0);
  if (!newest) return contents;
  const { n, at } = newest;
  const chosen = new Map(contents.map((c) => [c.id, c]));
  if (!n.ids.every((id) => chosen.has(id))) return contents;
  const lines = new Map(record?.papers.map((p) => [p.id, p]));
  // The renames kept by every run's record naming that content (the summary keeps none of its own).
  const renamed = new Map(
    [n, ...relevant.map((o) => o.observation)]
      .filter((o) => o.content === n.content)
      .flatMap((o) => o.renamed ?? [])
      .map((c) => [c.id, c]),
  );
  // What may hold each paper's content as that read found it: the rename its record keeps, else the
  // line, its own record and the content chosen, each once.
  const optionsOf = (id: string) => {
    const kept = renamed.get(id);
    if (kept) return [kept];
    const out: PaperContent[] = [];
    for (const c of [lines.get(id), records.get(id)?.paper ?? undefined, chosen.get(id)!])
      if (c && !out.some((o) => sameContent(o, c))) out.push(c);
    return out;
  };
  const options = n.ids.map(optionsOf);
  if (options.every((o) => o.length === 1 && sameContent(o[0]!, chosen.get(o[0]!.id)!))) return contents;
  // Each paper's first option (the line, else its record), each its second, then each paper's options
  // in turn, up to MAX_WAYS in all.
  const ways: PaperContent[][] = [];
  const add = (way: PaperContent[]) =>
    ways.length < MAX_WAYS && !ways.some((w) => w.every((c, i) => sameContent(c, way[i]!))) && ways.push(way);
  add(options.map((o) => o[0]!));
  add(options.map((o) => o[1] ?? o[0]!));
  let combos = [options.map((o) => o[0]!)];
  for (const [i, o] of options.entries()) {
    if (o.length < 2) continue;
    const next = combos.flatMap((w) => o.map((c) => w.map((p, j) => (j === i ? c : p))));
    if (next.length > MAX_WAYS) break;
    combos = next;
  }
  for (const way of combos) add(way);
  let found: Map<string, PaperContent> | undefined;
  for (const way of ways)
    if ((await contentHash(way)) === n.content) {
      found = new Map(way.map((c) => [c.id, c]));
      break;
    }
  if (!found) return contents;
  const linesAt = record ? linesReadOf(record) : 0;
  return contents.map((c) => {
    const f = found.get(c.id);
    if (!f) return c;
    // Each value holding the paper, and when what it holds was read: the line, its own record, the
    // content chosen where this run took it from a run's record.
    const line = lines.get(c.id);
    const own = records.get(c.id);
    const back = restored.get(c.id);
    const holders: [PaperContent, number][] = [
      ...(line ? [[line, lineAtOr(linesAt, line)] as [PaperContent, number]] : []),
      ...(own?.paper ? [[own.paper, readAtOf(own)] as [PaperContent, number]] : []),
      ...(back ? [[back.content, back.at] as [PaperContent, number]] : []),
    ];
    const other = holders.filter(([h]) => !sameContent(h, f));
    // Nothing to weigh where every value holds what that read found; nothing to take where a value
    // holding other content was read as late or later.
    if ((sameContent(f, c) && !other.length) || other.some(([, t]) => t >= at)) return c;
    restored.set(c.id, { at, content: f });
    return f;
  });
}

/**
 * Without a fresh read, a rename another run's record keeps (renamesToWeigh), read after every value
 * that holds the paper now was read (the day's line of it, and its own record), is the paper's newest
 * content: a slower, older run wrote over every value holding it, and the summary may name that older
 * content while taking the rename's run in. It is taken, dated at its read (`restored`), as a fresh
 * read's would be. Dated by what holds the older content instead, that content would win for good.
 */
function renamesRunsKept(
  { r, at, record, records, renames, restored }: DayState,
  { lineAtOr, recordLines }: ContentClock,
  contents: PaperContent[],
): PaperContent[] {
  if (r.fresh || renames.size === 0) return contents;
  const linesAt = record ? linesReadOf(record) : 0;
  return contents.map((c) => {
    const kept = renames.get(c.id);
    if (!kept || sameContent(kept.content, c) || stampedByNoRun(kept.at, at)) return c;
    const own = records.get(c.id);
    const lineAt = record?.papers.some((p) => p.id === c.id) ? lineAtOr(linesAt, c) : 0;
    // Not a record holding the day's own line as read from another day's page (read_on): a stale page
    // of the paper's other day, read after the rename, found the content this day held before it, and
    // weighed by that later read, it kept the day's older line over the rename this day's read found.
    const ownAt =
      own?.paper &&
      !sameContent(own.paper, kept.content) &&
      !lineReadOnOtherDay(own, r.date, recordLines.get(c.id))
        ? readAtOf(own)
        : 0;
    if (kept.at <= lineAt || kept.at <= ownAt) return c;
    restored.set(c.id, { at: kept.at, content: kept.content });
    return kept.content;
  });
}

/** Each paper's content as this read leaves it: the fresh read's, or the stored line it does not undo. */
async function linesOfRead(
  { r, at, summary, records, fresh, stored }: DayState,
  {
    olderThan,
    summaryRead,
    olderRead,
    readSince,
    newerThanLines,
    lineReadSince,
    cardsKeep,
    ownHolds,
  }: ContentClock,
  ids: string[],
): Promise<PaperContent[]> {
  // A record's stamp can also be later than its lines: a fold, or a staged read settled late,
  // stamps the record it writes when it writes it, and it may land over a newer read's. Where the
  // summary was observed after this read and names this read's very content, a newer read found
  // the page as this one did: a line that differs is older than both, where the paper's own record
  // holds this read's content too (a newer rename would have written it first). Hashed only where
  // it decides.
  const confirmedLater =
    olderRead &&
    r.fresh !== undefined &&
    !r.fresh.partial &&
    !!summary?.content &&
    olderThan(summaryRead) &&
    ids.some((id) => {
      const f = fresh.get(id);
      const s = stored.get(id);
      return !!f && !!s && !sameContent(f.content, s) && !readSince(id, s) && ownHolds(id, f.content);
    }) &&
    summary.content === (await contentHash([...fresh.values()].map((f) => f.content)));
  // The other way round: where the summary, observed after this read, names the day as stored where
  // this read differs (its lines, else the papers' own records), a newer read found the stored
  // content, and this read's differing content is older than it, whatever the day record says (one
  // older than this read, where the newer read's has not landed, says nothing of it). Taken as found,
  // this read's older title would be written dated at its read, and its summary would name it while
  // taking in the newer read's run: no value would say any more that a newer read found the stored
  // title, and the runs after would keep the older one. Hashed only where it decides.
  const differs = (id: string) => {
    const f = fresh.get(id);
    const s = stored.get(id);
    return !!f && !!s && !sameContent(f.content, s);
  };
  const storedNamedLater =
    r.fresh !== undefined &&
    !r.fresh.partial &&
    !!summary?.content &&
    olderThan(summaryRead) &&
    ids.some(differs) &&
    summary.content ===
      (await contentHash(
        ids.map((id) => (differs(id) ? stored.get(id)! : (fresh.get(id)?.content ?? stored.get(id)!))),
      ));
  return ids.map((id) => {
    const f = fresh.get(id);
    const s = stored.get(id);
    if (storedNamedLater && differs(id)) return s!;
    if (
      f &&
      s &&
      (olderRead || lineReadSince(id)) &&
      !readSince(id, s) &&
      !newerThanLines(id) &&
      !(confirmedLater && ownHolds(id, f.content))
    )
      return s;
    // A paper new to the day, or one this read found as its line has it, whose own record holds a
    // read made after this one holds that run's newer read (a record is written before the
    // day's values), of this day or of another it is listed on (a paper is one content on all its
    // days): this read's older content would land as the day's line, stamped later, and a fold
    // would then carry it back over the record; or, where the record lists other days only, over it
    // at once. The record keeps its content when written (paperWrites) for the same reason, and where
    // it lacks the day, takes the listing alone. A read that found the line changed saw that change itself.
    const own = f && (!s || sameContent(f.content, s)) ? records.get(id) : undefined;
    // The record's read time: a fold or the repair pass that put a listing back stamped its version
    // later, though its content is as old as before, and taken for newer it would undo this read.
    const ownAt = readAtOf(own);
    if (own?.paper && ownAt > at && !stampedByNoRun(ownAt, at)) return own.paper;
    if (f && !r.fresh?.partial) return f.content;
    // A partial read (the cards) brings only a title: the rest stays as stored.
    const kept = cardsKeep(id);
    if (f && kept) return { ...kept, title: f.content.title };
    return f?.content ?? s!;
  });
}

/**
 * Without a fresh read (a fold, the repair pass), a day record written from content read before
 * another run renamed a paper may have landed after that run's writes, stamped at its writer's
 * later time. Papers' own records newer than it then hold the newer content, and so may any
 * when the summary's content was read after the record's line (a read since confirmed the
 * content the summary names). Without a fresh read, one read after that observation is taken too: a
 * read of the paper's other day that found the same rename, whose record landed last over the
 * rename's, holds it. A fresh read older than the record takes none read after the summary's read
 * (another day's read of a paper listed on two days, which may be of newer content than this read's).
 * They are taken only where, with them, the day is the content the summary names. A read older than
 * the record (which keeps the record's lines) takes them too: it would otherwise write a summary naming
 * the record's older lines as observed when the newer read was, and a fold or the repair pass would
 * then date those lines at that read and write them over the paper records it wrote at that very second.
 * None over a line read after the summary's content was: that line is newer than what the summary
 * names, and a record holding that older content, read later still, is a read the day's values do not
 * name, of the paper's other day (a page a rename behind): a rename is not carried from one day to
 * another, and taken, it went over the rename the day's own read found, which the day then kept after
 * the other day's newer read put the rename back in the paper's record.
 */
async function recordsTheSummaryNames(
  { r, at, summary, record, records, observed: folded, recordHash }: DayState,
  { summaryRead, olderRead, lineAtOr, contentNamedAt }: ContentClock,
  contents: PaperContent[],
): Promise<PaperContent[]> {
  if (!((!r.fresh || olderRead) && record && summary?.content)) return contents;
  // The record's lines are as old as they were read (read_at, and a line's own read where later),
  // not as its stamp: a staged read settled late stamps its lines at its settling time, and a
  // paper record read in between, of the content the summary names, would count as older.
  const linesAt = linesReadOf(record);
  // The summary's content is as new as the newest read a value names it at (contentNamedAt): a
  // summary that dates it at an older read (an older read that took a rename from the paper's record,
  // read after its own read) names the very content a newer read's run record says it found later.
  const observed = Math.min(
    Math.max(seconds(summaryRead ?? ""), contentNamedAt(summary.content)),
    at + CLOCK_MARGIN_S,
  );
  // Confirmed where the summary's content was read after the line was: an older read that kept a
  // newer rename dates that line past its own stamp, and a summary of a read made in between, of the
  // older title, confirms nothing of it. After the line's read, not the record's stamp: a middle
  // read's record of the old title is stamped past the version it found (a newer read's), and weighed
  // by that stamp, a summary naming the rename's content at the newer read confirmed nothing, and the
  // repair pass wrote the middle read's title over the paper's record of the rename.
  const confirmed = (c: PaperContent) => observed > lineAtOr(linesAt, c);
  const newer = contents.map((c) => {
    const own = records.get(c.id);
    // When its content was read: a listing put back after the day record moves its version only.
    const t = readAtOf(own);
    const lineAt = lineAtOr(linesAt, c);
    // Only where it differs: the day's hash is computed again only when some paper's does.
    return own?.paper &&
      lineAt <= observed &&
      (confirmed(c) || t > lineAt) &&
      // A fresh read made after the summary's content was read is no older read of that content, a
      // fold's day record stamped past it notwithstanding: records read no later than that content
      // are older than what this read found, and taken, its rename was lost with no value holding it.
      (!r.fresh || (t <= observed && at < observed)) &&
      !sameContent(own.paper, c)
      ? own.paper
      : c;
  });
  if (!newer.some((c, i) => c !== contents[i]) || (await contentHash(newer)) !== summary.content)
    return contents;
  // Not where an observation the fold takes in names the record's own lines, their content seen after
  // the summary's read: a newer read found the page as the lines have it (a rename a paper's record
  // held first, an older read kept), and the records of a read made before it are older than the lines.
  const lines = await recordHash();
  const linesSeenLater = folded.some(
    (o) => o.observation.content === lines && contentSeenAt(o.observation) > observed,
  );
  return linesSeenLater ? contents : newer;
}

/**
 * Without a fresh read, where the history holds a point newer than every read the summary says it
 * took in (`summarySeen`: a newer read whose summary a slower run's landed over, its run record gone
 * since, or a summary lost), the summary written now is observed when that point was: a read that may
 * have found a paper renamed since the record's lines were read (an older read's record, landed late
 * over the newer one). Dated at that read, the record's older line would count as newer than the
 * paper's record at the next pass, which would write it over the rename. A paper's own record that
 * lists the day, read after the record's lines, holds its newer content (a paper is one content on
 * all its days), and is taken; so does one that lacks the day (a slower write of it, made before the
 * day listed the paper, landed last) read no later than that point, which the summary would date the
 * older line after. One read after it stays newer than the day as it is, and is not taken. None over
 * a line read no earlier than that point: the history's newest read is then the line's own, or older,
 * and says nothing past it; a record read after the line is of the paper's other day (a page a rename
 * behind), which no value of this day names, and taken, it went over the rename the day's read found.
 */
async function recordsTheHistorySaw(
  { r, at, summary, record, records, recordHash }: DayState,
  { lineAtOr }: ContentClock,
  contents: PaperContent[],
  ids: string[],
  history: DayHistory,
  summarySeen: number,
): Promise<PaperContent[]> {
  const listedNow = new Set(ids);
  const historySeen = Math.max(
    0,
    ...[...latestCounters(history)].filter(([id]) => listedNow.has(id)).map(([, s]) => notAfter(s.at, at)),
  );
  if (!(!r.fresh && record && historySeen > summarySeen)) return contents;
  const linesAt = linesReadOf(record);
  // A record read at the very second the line was: two reads at one second, one of the day and one of
  // the paper's other day, found different titles, and time does not order them. The history's newer
  // read breaks the tie where the day's lines are the content the summary names: that read came after
  // it, and the summary does not say it found that content, so the line's is the older; the record is
  // taken, as paperRecordsToWrite counts it newer at that second (a run writes a paper's records
  // before the day's values). Kept, the line's older title stayed over the record's rename for good.
  // Where the lines are other content (written after the summary's read), the summary says nothing
  // of them, and the line stays. Hashed only where a tie decides.
  let named: boolean | undefined;
  const linesNamed = async () => (named ??= !!summary?.content && summary.content === (await recordHash()));
  const taken: PaperContent[] = [];
  for (const c of contents) {
    const own = records.get(c.id);
    const t = readAtOf(own);
    const lineAt = lineAtOr(linesAt, c);
    const newer =
      linesAt > 0 &&
      lineAt < historySeen &&
      (holdsHere(own, r.date) || (holdsContent(own) && t <= historySeen)) &&
      t >= lineAt &&
      !stampedByNoRun(t, at) &&
      !sameContent(own.paper, c) &&
      (t > lineAt || (await linesNamed()));
    taken.push(newer ? own!.paper! : c);
  }
  return taken;
}

/**
 * When the day record's lines were read, weighed against a run the summary lacks: as the record says
 * (read_at), and as the newest read its summary, written with it (the same version), says it took in.
 * The slower run that wrote the record may be stamped after that run (a fold, which read the store
 * before that run wrote). A summary of another version (a counters-only read since) says nothing of
 * the lines, and the record's stamp, past that run's, would keep its record out.
 */
const undoneLinesAt = (record: StoredDay, { namesRecord, summaryRead }: ContentClock) => {
  const readAt = linesReadOf(record);
  return namesRecord ? Math.min(readAt, seconds(summaryRead!)) : readAt;
};

/**
 * A paper record a run the summary lacks wrote at its own time, after the day record's lines
 * were read: that run's day record was undone by a slower run's, whose line holds the older
 * content, and no later read of the day looks at paper records again.
 */
function recordsUndoneRunsWrote(
  { r, record, records }: DayState,
  clock: ContentClock,
  contents: PaperContent[],
  wroteAt: Map<string, Set<number>>,
): PaperContent[] {
  if (r.fresh || !record) return contents;
  const linesAt = undoneLinesAt(record, clock);
  // The record's stamp says which run wrote it; when its content was read says whether it is newer
  // than the line: the repair pass or a fold that rebuilt a record from an older line stamps it at
  // its own time, and taken for newer by that stamp, its older title would go over a rename's line.
  return contents.map((c) => {
    const own = records.get(c.id);
    const t = seconds(own?.updated_at ?? "");
    // Not a record of content read on another day's page: stamped at the second a run of this day
    // wrote, it is still no read of this day's undone.
    const taken = holdsHere(own, r.date) && !!wroteAt.get(c.id)?.has(t) && !readOnOtherDay(own, r.date);
    return taken && readAtOf(own) > clock.lineAtOr(linesAt, c) && !sameContent(own.paper, c) ? own.paper : c;
  });
}

/**
 * An observation the summary lacks, made after the record's lines were read with other content:
 * its run wrote that content, and a slower run's day record landed over it. Where the papers' own
 * records (listing the day or not) read no later than it hold that very content (a rename it
 * found, which a read of the paper's other day had written in the record first), it is taken: the
 * record's older lines would otherwise be dated at that observation, and the repair pass would
 * write them over the records.
 * Only a line read before the observation: one the record says was read after it (taken by a fold
 * from a paper's own record, a rename read since) is newer than what the observation saw, and the
 * record's older content, landed late over that rename, would go over the only line holding it.
 * Each weighed at when it says its content was read, not its counters: a fold's observation names
 * older content it kept (a rename's read undone) with counters a newer read observed, and a line
 * read between the two (that rename, written back since) is newer than the content it names.
 */
async function recordsAnObservationNamed(
  { r, summary, record, records, observed }: DayState,
  clock: ContentClock,
  contents: PaperContent[],
): Promise<PaperContent[]> {
  if (r.fresh || !record) return contents;
  const linesAt = undoneLinesAt(record, clock);
  const contentSeen = (o: { observation: Observation }) => contentSeenAt(o.observation);
  for (const o of [...observed].sort((p, q) => contentSeen(q) - contentSeen(p))) {
    const want = o.observation.content;
    const seenAt = contentSeen(o);
    if (!want || want === summary?.content || seenAt <= linesAt) continue;
    const its = new Set(o.observation.ids);
    const seenThen = contents.map((c) => {
      const own = records.get(c.id);
      const t = readAtOf(own);
      return its.has(c.id) &&
        holdsContent(own) &&
        t <= seenAt &&
        clock.lineAtOr(linesAt, c) < seenAt &&
        !sameContent(own.paper, c)
        ? own.paper
        : c;
    });
    if (
      seenThen.some((c, i) => c !== contents[i]) &&
      (await contentHash(seenThen.filter((c) => its.has(c.id)))) === want
    )
      return seenThen;
  }
  return contents;
}

/**
 * An observation the summary lacks that names no content (a run's own read, older than the
 * counters it wrote; a record written before observations carried it; a read that found the day
 * as stored) dates the summary written now at its read, though it may have found a paper renamed
 * since the record's lines were read: a read of the paper's other day, or of this day whose day
 * record an older run's has landed over since, writes the rename in its own record first. A
 * paper's own record (listing the day or not), read after the record's line of it and no later
 * than such a read of it, holds what that read found (a paper is one content on all its days), and
 * is taken. So does one that names content other than the record's lines, read after the summary's
 * content (weighed at when it says that content was read): the lines are not what it found. A read
 * that found the day as stored after the repair pass put in a paper's renamed record names that
 * content, and a slower, stale read of the day (renaming another paper, whose older title no value
 * then holds) can land its day record and summary over it: no way of putting the day together makes
 * the content named (recordsAnObservationNamed, contentTheNewestReadFound), and kept as the day's
 * newest read, the stale line stayed over the rename for good. So does the summary, where it names
 * content other than the lines read after them (the same read's summary, taking its run in, landed
 * under the stale day record). Where the values do make the content named, it is put together from
 * them after this (contentTheNewestReadFound).
 */
async function recordsUnnamedObservationsSaw(
  { r, at, summary, record, records, observed, recordHash }: DayState,
  { lineAtOr }: ContentClock,
  contents: PaperContent[],
  summarySeen: number,
): Promise<PaperContent[]> {
  if (r.fresh || !record) return contents;
  const linesAt = linesReadOf(record);
  const seenAt = (o: Observed) => (o.observation.content ? contentSeenAt(o.observation) : o.observation.at);
  const later = observed.filter((o) => seenAt(o) > summarySeen);
  const summaryLater = !!summary?.content && summarySeen > linesAt;
  if (!later.length && !summaryLater) return contents;
  const lines = summaryLater || later.some((o) => o.observation.content) ? await recordHash() : undefined;
  // When each such read was made, and the papers it read.
  const saw: [number, string[]][] = [
    ...later
      .filter((o) => !o.observation.content || o.observation.content !== lines)
      .map((o) => [seenAt(o), o.observation.ids] as [number, string[]]),
    ...(summaryLater && summary.content !== lines ? [[summarySeen, summary.ids] as [number, string[]]] : []),
  ];
  if (!saw.length) return contents;
  return contents.map((c) => {
    const own = records.get(c.id);
    const t = readAtOf(own);
    return linesAt > 0 &&
      holdsContent(own) &&
      t > lineAtOr(linesAt, c) &&
      saw.some(([seen, ids]) => t <= seen && ids.includes(c.id)) &&
      !stampedByNoRun(t, at) &&
      !sameContent(own.paper, c)
      ? own.paper
      : c;
  });
}

/**
 * The papers' own records to write: [id, days it lists, content, whether its own newer content is
 * kept]. A paper record that lists the day and changed after the day's content was last written or
 * read (`contentAt`) was written by a run this one overlaps (which writes paper records before the day
 * record) or on another day: its content is newer than this day's line. A run that did not read the
 * paper itself (the repair pass, a fold, an older read) leaves it, else it puts the older title back,
 * and the counters-only path of the runs after never looks at paper records again. A read stamped
 * before such a record is an older read of that paper, though it read the day record before the newer
 * run wrote it (so olderRead does not say so): the newer run's day record and summary may still land
 * after this run's, naming the newer content.
 */
export function paperRecordsToWrite(
  { r, at, records, fresh, restored }: DayState,
  { olderRead, newerThanLines, lineAtOr }: ContentClock,
  contents: PaperContent[],
  contentAt: number,
) {
  const date = r.date;
  // A paper record stamped at the very second the day's content was last written or read is newer
  // than it too: a run writes a paper's records before the day's values, and one that read a rename
  // of the paper on another day and then folds this day, which it did not read, leaves the renamed
  // record and writes the day's older line stamped at its own second, the record's. Counted as no
  // newer, the record would take that older line from the next run to settle the day before the
  // fold's summary lands. A record without a stamp dates nothing.
  // Both weigh when the record's content was read, not its version: a fold or the repair pass that
  // put a listing back stamps the record at its own time with content as old as before, and such a
  // record, landed over a rename read meanwhile, would count as the newer one for every run after.
  // Where the day's line of the paper is the content written, it is as new as the record says it was
  // read, where later (a line read after the oldest, which the content's time is): weighed against the
  // oldest line's read, a slower write of the paper's other day, read before the line and after the
  // oldest, would count as newer, and its older title would stay over the line's.
  const newerThanDay = (own: PaperRecord, content: PaperContent) => {
    const t = readAtOf(own);
    return !!t && t >= lineAtOr(contentAt, content) && !stampedByNoRun(t, at);
  };
  const readBefore = (own: PaperRecord) => readAtOf(own) > at;
  return contents.flatMap((content) => {
    const own = records.get(content.id);
    // A rename a run's record kept, taken now, was read after the paper's own record (renamesRunsKept).
    const newer =
      !!own?.paper &&
      !restored.has(content.id) &&
      (!fresh.has(content.id) || (olderRead && !newerThanLines(content.id)) || readBefore(own)) &&
      newerThanDay(own, content);
    const current = holdsHere(own, date) && (sameContent(own.paper, content) || newer);
    // A record that lacks the day (a slower write of it, made before the day was listed, landed
    // last) takes the listing alone where its content is newer than the day's: a read of another
    // day the paper is listed on wrote it, and the day's line would put an older title back.
    const paper = newer ? own!.paper! : content;
    return current
      ? []
      : [[content.id, listingsOf([...(own?.listed_on ?? []), date]), paper, newer] as const];
  });
}
