// The writing side of settling a day (settle.ts): which values differ from what the run settles
// (currentValues, whatMoved), the day's content values written where they differ (writeContent), the
// summary (writeSummary), what the run's record keeps of the day (observationKept), and the repair
// pass's word index (checkWordIndex). Each key is written at most once, and only when it differs.
import { nextVersion } from "../core/dates";
import { type Counters, type PaperContent, sameContent } from "../core/paper";
import { contentHash } from "./content";
import type { WriteStamps } from "./contentClock";
import { sameCounters, seconds } from "./counters";
import type { FreshPapers, Settled, SettleRequest } from "./settle";
import type { DayState, paperRecordsToWrite } from "./settleContent";
import {
  confirmedRead,
  contentReads,
  contentTime,
  countedTime,
  observedAt,
  readFindsCarried,
  recordedObservation,
  starsTime,
} from "./settleCounters";
import { briefKey, decodeBrief, encodeBrief } from "./values/brief";
import {
  carriedAtOf,
  DAY_RECORD_VERSION,
  type DayMeta,
  dayRecordKey,
  encodeDayRecord,
  linesReadOf,
} from "./values/dayRecord";
import { encodePaperRecord, paperRecordKey } from "./values/paperRecord";
import { type Observation, renamedKept } from "./values/runRecord";
import { decodeSearchText, encodeSearchText, searchTextKey } from "./values/searchText";
import {
  contentReadAt,
  encodeSummary,
  REMEMBERED_RUNS,
  SUMMARY_VERSION,
  type Summary,
  summaryKey,
} from "./values/summary";
import { decodeWordIndex, encodeWordIndex, wordIndexKey } from "./values/wordIndex";

/** What the repair pass asks of a search value it reads. */
type SearchValue = { content?: string; intact: boolean };

/** What differs, value by value: whether the day record and the search values hold the content written. */
export async function currentValues(
  { r, summary, record, recordHash }: DayState,
  more: Map<string, string | null>,
  recordNames: string | undefined | null,
  contents: PaperContent[],
  hash: string,
) {
  const date = r.date;
  const recordCurrent =
    !r.rewrite &&
    !!record &&
    record.version === DAY_RECORD_VERSION &&
    record.papers.length === contents.length &&
    // A record whose metadata does not name its content would send every read down this path.
    (recordNames === null || recordNames === hash) &&
    // The day's content is the record's own papers (the usual repair): its hash is the one computed.
    (contents.every((c, i) => c === record.papers[i]) || (await recordHash()) === hash);
  // The repair pass holds the search values to the content hash they name and to their
  // checksum: a value damaged since it was written is found for one pass over it.
  const searchCurrent = (text: string | null | undefined, decode: (t: string) => SearchValue | null) => {
    const v = text == null ? null : decode(text);
    return !!v && v.content === hash && v.intact;
  };
  const textCurrent = r.check
    ? searchCurrent(more.get(searchTextKey(date)), (t) => decodeSearchText(t, date))
    : summary?.content === hash && recordCurrent;
  const briefCurrent = r.check
    ? searchCurrent(more.get(briefKey(date)), (t) => decodeBrief(t, date))
    : summary?.content === hash && recordCurrent;
  return { recordCurrent, textCurrent, briefCurrent };
}

/**
 * What moved of what the summary says: its counters (`countersMoved`, against `before`, the summary's
 * counters by paper), its papers (`grew`: one no value listed), when its content was read, and so
 * whether it is written. `namedAt`, the newest read a value read now names the content written at
 * (contentNamedAt); `summaryRead`, when the summary says its content was read (ContentClock).
 */
export function whatMoved(
  { r, at, summary, record, fresh, observed }: DayState,
  ids: string[],
  counters: Counters[],
  hash: string,
  { namedAt, summaryRead }: { namedAt: number; summaryRead: string | undefined },
) {
  const before = summary ? new Map(summary.ids.map((id, i) => [id, summary.counters[i]!])) : new Map();
  const countersMoved =
    !summary ||
    ids.length !== summary.ids.length ||
    ids.some((id, i) => !sameCounters(before.get(id), counters[i]!));
  const grew = ids.some((id) => !before.has(id) && !record?.papers.some((p) => p.id === id));
  // A read that found lines the record marks carried with the titles the lines have, in full or through
  // its cards: a title is what a rename is. A full read that found other fields changed, older than the
  // line (taken from a record read after it), keeps the line and its title; counted as finding nothing,
  // it wrote nothing, and a slower, older read's line of another title, landing after it, counted as
  // the day's newest read. Looked at only where the record marks any: every other read of the day skips
  // the pass over its lines.
  const findsCarried = () => {
    if (!r.fresh || !summary || !record?.lines_carried?.size) return false;
    const lines = new Map(record.papers.map((p) => [p.id, p]));
    const found = (id: string) => {
      const f = fresh.get(id)?.content;
      const line = lines.get(id);
      return !!f && !!line && f.title === line.title;
    };
    return readFindsCarried(summary, carriedAtOf(record, found), at, r);
  };
  // Without a fresh read, a run's record naming the summary's very content at a read after the one the
  // summary dates it at (a fold's summary that took a newer read's content from the papers' records,
  // while keeping an older read's content time) dates it anew: left at the older read, a history point
  // of that newer read counts as a read after the day's lines (recordsTheHistorySaw), and the repair
  // pass took a stale page's record of the paper's other day, read in between, over the line of the
  // title that very read found, on the day and in the paper's record. Only up to the summary's
  // counters' time, past which no content time is written: past it, every such fold would write again.
  const readLater =
    !r.fresh && !!summary && namedAt > seconds(summaryRead ?? "") && namedAt <= seconds(summary.observed_at);
  const summaryMoved =
    countersMoved ||
    summary?.content !== hash ||
    summary.version !== SUMMARY_VERSION ||
    summary.damaged > 0 ||
    observed.length > 0 ||
    findsCarried() ||
    readLater;
  return { before, countersMoved, grew, summaryMoved };
}

/** What the day's content values need written, and the content they are written of. */
export interface ContentWrites {
  contents: PaperContent[];
  hash: string;
  paperWrites: ReturnType<typeof paperRecordsToWrite>;
  recordCurrent: boolean;
  textCurrent: boolean;
  briefCurrent: boolean;
}

/** How many keys the run writes, reserved before the first write. */
export function writesOf(
  r: SettleRequest,
  w: ContentWrites,
  historyMoved: boolean | undefined,
  summaryMoved: boolean,
) {
  return (
    w.paperWrites.length +
    (w.recordCurrent ? 0 : 1) +
    (w.textCurrent ? 0 : 1) +
    (w.briefCurrent ? 0 : 1) +
    (historyMoved ? 1 : 0) +
    (summaryMoved ? 1 : 0) +
    (r.check && r.settled ? 1 : 0)
  );
}

type Put = (key: string, value: string, options?: KVNamespacePutOptions) => Promise<void>;

/** A put that keeps the keys written, in order. */
export function keyWriter(kv: SettleRequest["kv"]): { wrote: string[]; put: Put } {
  const wrote: string[] = [];
  const put: Put = async (key, value, options) => {
    await kv.put(key, value, options);
    wrote.push(key);
  };
  return { wrote, put };
}

/**
 * The day's content, where a value differs: the papers' own records, then the day record, then
 * the search values.
 */
export async function writeContent(
  { r, record, records }: DayState,
  put: Put,
  { contents, hash, paperWrites, recordCurrent, textCurrent, briefCurrent }: ContentWrites,
  { recordVersion, readTime, readOn, linesReadAt }: WriteStamps,
  version: string,
) {
  const date = r.date;
  await Promise.all(
    paperWrites.map(([id, listed_on, paper, kept]) => {
      const stamp = recordVersion(id, paper);
      const read_at = readTime(id, paper, kept, stamp);
      // Stamped no earlier than its content was read: a read older than the record that keeps its
      // newer content (a listing added) would stamp it at its own version, before that read, and a
      // read time past the version reads as damaged (readStampOf).
      const updated_at =
        Date.parse(read_at) > Date.parse(stamp)
          ? nextVersion(Date.parse(read_at), records.get(id)?.updated_at)
          : stamp;
      const read_on = readOn(id, paper, kept);
      return put(
        paperRecordKey(id),
        encodePaperRecord({ listed_on, paper, updated_at, read_at, ...(read_on ? { read_on } : {}) }),
      );
    }),
  );
  if (!recordCurrent) {
    const lines = linesReadAt(version);
    const value = encodeDayRecord({
      date,
      via: r.fresh?.via ?? record?.via ?? "page",
      updated_at: version,
      ...lines,
      papers: contents,
      invalid: record?.invalid ?? [],
    });
    // When the lines it marks carried were put in or read, for a read that looks at the metadata alone
    // (settleCounters).
    const carriedAt = carriedAtOf({ updated_at: version, ...lines });
    const carried = carriedAt > 0 ? { carried: carriedAt } : {};
    await put(dayRecordKey(date), value, {
      metadata: { count: contents.length, content: hash, ...carried } satisfies DayMeta,
    });
  }
  if (!textCurrent) await put(searchTextKey(date), encodeSearchText(contents, hash));
  if (!briefCurrent) await put(briefKey(date), encodeBrief(contents, hash));
}

/** What the summary written says of the day: its papers, their counters, its content, its version. */
interface SummaryFacts {
  ids: string[];
  counters: Counters[];
  /** When each paper's counters were observed. */
  countedAt: number[];
  /** When each paper's comments and stars were (a read through the cards does not show them). */
  starsAt: number[];
  /** When the newest of them was. */
  newestSeen: number;
  hash: string;
  version: string;
  /** The day lists a paper no value listed before. */
  grew: boolean;
  /** The content written, in the order of `ids`. */
  contents: PaperContent[];
  /** The newest read a value read now names the content written at (contentNamedAt), 0 where none does. */
  namedAt: number;
}

/**
 * The day's summary as this run leaves it, written; and what the run's record keeps of it (the
 * observation written).
 */
export async function writeSummary(
  { r, at, summary, record, fresh, observed, recordHash }: DayState,
  put: Put,
  { ids, counters, countedAt, starsAt, newestSeen, hash, version, grew, contents, namedAt }: SummaryFacts,
): Promise<Observation> {
  const date = r.date;
  const observed_at = observedAt(summary, fresh.size ? at : 0, observed, at, newestSeen) ?? version;
  // The content is as new as the newest read that found it: this read, an observation naming it (or
  // naming none: it may have) as its content time says, or the summary's content time (content put
  // together from values, a paper put back beside the lines kept, is as old as those lines). Not an
  // observation naming other content, nor a history point: they date counters seen with content no
  // value may hold any more (a newer read's, whose day record a slower, older run's landed over), and
  // dated at them, the older lines kept would count as read after a rename read in between on the
  // paper's other day, and the repair pass would write them over it. Without a summary, the lines
  // kept are as old as the day record says they were read. Any value read now naming the very content
  // written dates it too (namedAt: the summary, a run's record whether or not the summary takes its run
  // in): a fold's summary of a newer read's content, taking in that run, dated it at an older read's
  // content time it merged, and a middle read's line of the old title, read in between, counted as newer.
  // The summary's content time dates the lines kept only where it names them: a summary of other
  // content is a newer read's, whose day record a slower, older run's landed over, and the record's
  // older lines, dated at that read, would count as read after a rename read in between on the
  // paper's other day. Hashed only where the content written is not the summary's.
  const linesAt = record ? linesReadOf(record) : 0;
  const namesLines =
    !!summary &&
    !summary.contentUnknown &&
    (summary.content === hash || !record || summary.content === (await recordHash()));
  // A fresh read dates the content only where what is written of its papers is what it read: an
  // older read keeps the stored content (a rename a newer run wrote, or lines stamped later), and
  // dated at this read, that content would count as read after the read's own, newer title on the
  // paper's other day, and the repair pass would write it over that title.
  // A carried line kept with the title this read found is found as a read through the cards finds it:
  // the read is the first of this day's page known to find its title (findsCarried).
  const freshWritten = ids.every((id, i) => {
    const f = fresh.get(id)?.content;
    const byTitle = r.fresh?.partial || !!record?.lines_carried?.has(id);
    return !f || (byTitle ? contents[i]!.title === f.title : sameContent(contents[i]!, f));
  });
  // A line this read wrote over the record's other line of the paper was read now: content mixing it
  // with lines read later (an older read keeping a newer read's lines beside its own stale one) is no
  // newer than this read. Dated at the later lines' read, the stale line would count as read with the
  // rename that newer read found, and a tie with that read's record of the rename kept the line.
  const lines = new Map(record?.papers.map((p) => [p.id, p]));
  const wroteOver = ids.some((id, i) => {
    const f = fresh.get(id)?.content;
    const line = lines.get(id);
    const c = contents[i]!;
    return (
      !!f && !!line && !sameContent(line, c) && (r.fresh?.partial ? c.title === f.title : sameContent(c, f))
    );
  });
  const noLaterThanRead = (iso: string) =>
    wroteOver && seconds(iso) > at ? new Date(at * 1000).toISOString() : iso;
  const content_at = observedAt(
    summary && (namesLines || !(linesAt > 0))
      ? { observed_at: noLaterThanRead(contentReadAt(summary)) }
      : linesAt > 0
        ? { observed_at: noLaterThanRead(new Date(linesAt * 1000).toISOString()) }
        : null,
    fresh.size && freshWritten ? at : 0,
    contentReads(observed.filter((o) => !o.observation.content || o.observation.content === hash)),
    at,
    namedAt,
  );
  const next: Summary = {
    date,
    updated_at: version,
    observed_at,
    content_at: content_at ?? observed_at,
    added_at: grew || !summary?.added_at ? version : summary.added_at,
    content: hash,
    runs: [...new Set([...(summary?.runs ?? []), ...observed.map((o) => o.runId), r.runId])].slice(
      -REMEMBERED_RUNS,
    ),
    ids,
    counters,
    counted_at: countedAt,
    stars_at: starsAt,
  };
  await put(summaryKey(date), encodeSummary(next));
  return {
    date,
    at: seconds(next.observed_at),
    ids,
    counters,
    content: hash,
    ...contentTime(next),
    ...countedTime(countedAt, seconds(next.observed_at)),
    ...starsTime(starsAt, countedAt, seconds(next.observed_at)),
  };
}

/**
 * What the run's record keeps of the day: the observation written with the summary (`written`), or
 * this read kept at its own time (recordedObservation), else this read as a confirmation
 * (confirmedRead). `historyMerged`: other runs' points went into the history.
 */
export async function observationKept(
  day: DayState,
  written: Observation | undefined,
  read: { at: number; ids: string[]; seen: FreshPapers } | undefined,
  historyMerged: boolean,
  counted: FreshPapers,
  ids: string[],
  contents: PaperContent[],
): Promise<Pick<Settled, "observation" | "confirmed">> {
  const { r, fresh } = day;
  const date = r.date;
  const recorded = recordedObservation(
    written,
    date,
    read,
    historyMerged,
    ids.filter((id) => fresh.has(id) && !counted.has(id)),
  );
  // A read kept in the run's record at its own time, or as a confirmation (it found the day as stored
  // and wrote nothing), names what it found: a run folding it where a slower, older run's day record and
  // summary landed since learns it saw other content, and does not date the older lines kept at it. A
  // read of the papers whole found their content; one through the cards, titles alone, what it took for
  // the papers it read (the rest as stored).
  const found = (readIds: string[]) => {
    const its = new Set(readIds);
    return contentHash(
      r.fresh?.partial ? contents.filter((c) => its.has(c.id)) : readIds.map((id) => fresh.get(id)!.content),
    );
  };
  const named =
    recorded && recorded !== written ? { ...recorded, content: await found(recorded.ids) } : recorded;
  let observation: Observation | undefined;
  if (named) {
    // The papers found as stored only on another day are kept where there is room beside the renames:
    // past the caps, the renames alone are, as before.
    const renames = renamedByRead(day, contents);
    const withFound = renamedKept([...renames, ...foundOnOtherDay(day, contents)]);
    const renamed = withFound.renamed ? withFound : renamedKept(renames);
    observation = {
      ...named,
      ...renamed,
      ...(renamed.renamed && day.at < named.at ? { renamed_at: day.at } : {}),
    };
  }
  return observation
    ? { observation }
    : confirmedRead(date, read, read?.ids.length ? await found(read.ids) : undefined);
}

/**
 * The repair pass on a settled day: a word index of the current content must be what the
 * text makes. Whether the day has such an index now.
 */
export async function checkWordIndex(
  r: SettleRequest,
  more: Map<string, string | null>,
  hash: string,
  rewrittenText: string | null,
  put: (key: string, value: string) => Promise<void>,
): Promise<boolean> {
  const wordsText = more.get(wordIndexKey(r.date)) ?? null;
  const words = wordsText === null ? null : decodeWordIndex(wordsText, r.date);
  const textValue = rewrittenText ?? more.get(searchTextKey(r.date)) ?? null;
  const text = textValue === null ? null : decodeSearchText(textValue, r.date);
  if (!text) return false;
  // Rebuilt (about as dear as rewriting the day) only when it is missing, of other content,
  // of an older version, or not what its checksum says, or when the text it is made from
  // had to be rewritten (it may have been made from what was wrong with it). So a pass that
  // rewrites a settled day's text builds its word index too, as one that finds both damaged.
  if (rewrittenText === null && words && words.content === hash && words.intact) return true;
  await put(wordIndexKey(r.date), encodeWordIndex(text, hash));
  return true;
}

/**
 * The papers whose content this run's read wrote other than it found them stored (its line, else its
 * own record): what its run record keeps (Observation.renamed). Only of a read of the papers whole:
 * the cards bring a title alone, and their papers' content is mostly the stored one.
 */
function renamedByRead({ r, fresh, stored, records }: DayState, contents: PaperContent[]): PaperContent[] {
  if (!r.fresh || r.fresh.partial) return [];
  return contents.filter((c) => {
    const f = fresh.get(c.id);
    const found = stored.get(c.id) ?? records.get(c.id)?.paper;
    return !!f && !!found && sameContent(f.content, c) && !sameContent(found, c);
  });
}

/**
 * The papers this run's read found new to the day as their own record holds them, where that record
 * lists another day: a read of the paper's other day wrote that content there, and this read, the day's
 * first to find it here, found no rename over the day's stored content, though it may be one (a rename
 * read on the other day). A slower, older read of this day (a page a rename behind) may land its day
 * record and the paper's record over every value holding this read's content but its summary's hash,
 * and the runs after would keep its older line: kept as a rename (Observation.renamed), read at this
 * read, the content is weighed as one (renamesToWeigh). Rare (a paper listed on two days, once a day),
 * at most one entry a paper; only of a read of the papers whole, as renamedByRead.
 */
function foundOnOtherDay({ r, fresh, record, records }: DayState, contents: PaperContent[]): PaperContent[] {
  if (!r.fresh || r.fresh.partial) return [];
  const listed = new Set(record?.papers.map((p) => p.id));
  return contents.filter((c) => {
    const f = fresh.get(c.id);
    const own = records.get(c.id);
    return (
      !!f &&
      !!own?.paper &&
      !listed.has(c.id) &&
      sameContent(f.content, c) &&
      sameContent(own.paper, c) &&
      own.listed_on.some((d) => d !== r.date)
    );
  });
}
