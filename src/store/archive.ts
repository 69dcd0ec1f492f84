// What serving asks of the store, for one request: each covered day's listing (its papers
// and counters), the papers of each day that match a search, the full papers of a page, a
// digest's papers and upvote histories. Each key is read at most once a request, and every
// value is checked as it is read: a value that does not validate hides only itself, and
// what it held comes from another value of the same day (a summary from the history and
// the day record, a day record's paper from its own record and back, a search value from
// the content it was made from). Days where that happened are noted (`damaged`), for the
// next run to repair first (reportDamage).
import { newest } from "../core/dates";
import type { Counters, DigestPaper, HistoryPoint, IsoDate, Paper, PaperContent } from "../core/paper";
import { countersOf, listedPaper, listedPaperJson, paperLinks } from "../core/paper";
import { fold } from "./ascii";
import { countersSeen } from "./counters";
import { linesContaining } from "./find";
import { readTexts } from "./kv";
import { BRIEF_MAX_BYTES, type Brief, type BriefColumn, briefKey, decodeBrief } from "./values/brief";
import { type IndexEntry, namesWordIndex } from "./values/dayIndex";
import {
  DAY_MAX_BYTES,
  dayLines,
  dayRecordKey,
  decodeDayRecord,
  MAX_PAPERS_PER_DAY,
  type StoredDay,
} from "./values/dayRecord";
import { HISTORY_MAX_BYTES, type HistoryView, historyKey, readHistory } from "./values/history";
import {
  decodePaperContent,
  decodePaperRecord,
  PAPER_RECORD_MAX_BYTES,
  paperRecordKey,
} from "./values/paperRecord";
import {
  decodeRepairQueue,
  encodeRepairQueue,
  MAX_QUEUED,
  REPAIR_QUEUE_KEY,
  REPAIR_QUEUE_MAX_BYTES,
} from "./values/repairQueue";
import {
  decodeSearchText,
  SEARCH_TEXT_MAX_BYTES,
  type SearchText,
  searchLine,
  searchTextKey,
} from "./values/searchText";
import { decodeSummaryKept, type StoredSummary, SUMMARY_MAX_BYTES, summaryKey } from "./values/summary";
import { decodeWordIndex, isWordPart, WORD_INDEX_MAX_BYTES, wordIndexKey } from "./values/wordIndex";

export { claimBootstrap } from "./bootstrap";
export {
  type DayIndex,
  forgetIndex,
  type IndexEntry,
  readIndex,
  readIndexRecent,
  readLastReport,
  servedIndex,
} from "./days";
export { GAIN_WINDOW_S, type HistoryView, historyAnswer } from "./values/history";
export type { HistoryPoint };
/** Where a search looks: the text (title, AI keywords, abstract), the authors, the organisation. */
export type SearchColumn = "text" | BriefColumn;
export { fold };

/** One day's papers and counters, as selection sees them. */
export interface Listing {
  date: IsoDate;
  ids: string[];
  /** In the order of `ids`. */
  counters: Counters[];
  /** The day's content hash, or "" when its summary could not say. */
  content: string;
  /** The day's data version ("" when unknown). */
  updated_at: string;
  /** When the day last gained a paper ("" when unknown). */
  added_at: string;
}

/** One paper as /api/papers/:id and its page show it. */
export interface FoundPaper {
  /** The paper as listed on the newest day that lists it. */
  paper: Paper;
  listed_on: IsoDate[];
  /** The newest data version of those days. */
  updated?: string;
  /** Its upvotes over time on that day. */
  history: HistoryPoint[];
}

/** A paper of a page: which listing, with what counters. */
export interface PageEntry {
  id: string;
  date: IsoDate;
  counters: Counters;
}

/**
 * The share of a day's papers a page must take before it reads the whole day instead of
 * one record per paper. A day record is over 128 KB, a string V8 keeps in its large-object
 * space and decodes about ten times slower per byte (npm run bench, "Reading stored
 * values"): it costs some 70 µs more than the records of 50 of its papers read one by one,
 * and saves a KV read per paper. So a page reads the whole day only when it takes most of it.
 */
const WHOLE_DAY_SHARE = 0.8;

export class Archive {
  /** Days where a value did not validate, or disagreed with the others. */
  readonly damaged = new Set<IsoDate>();
  private readonly listed = new Map<IsoDate, Listing | null>();
  private readonly recordTexts = new Map<IsoDate, string | null>();
  private readonly records = new Map<IsoDate, StoredDay | null>();
  private readonly histories = new Map<IsoDate, HistoryView | null>();
  private readonly texts = new Map<IsoDate, SearchText | null>();
  private readonly briefs = new Map<IsoDate, Brief | null>();
  /** The index's entries of the days an answer covers (their word indexes). */
  private readonly entries: Map<IsoDate, IndexEntry>;
  /** Stored JSON of content read from checked day record lines (StoredLine.afterId). */
  private readonly storedJson = new WeakMap<PaperContent, string>();
  /** A listed paper's stored content JSON after its id, where it could be copied (jsonOf). */
  private readonly paperJson = new WeakMap<Paper, string>();

  /**
   * `indexed`: the index's entries of the days an answer covers. A search reads a day's word
   * index only where its entry says one was built for the day's content, and its search text
   * elsewhere: one key a day, not a miss and then the text. Without them, it reads the texts.
   */
  constructor(
    readonly kv: KVNamespace,
    indexed: readonly IndexEntry[] = [],
  ) {
    this.entries = new Map(indexed.map((e) => [e.date, e]));
  }

  /** The listing of each day read so far. */
  listingOf = (date: IsoDate) => this.listed.get(date) ?? undefined;

  /**
   * Each day's listing, from its summary. A summary that is missing, cannot be read, or has
   * entries that do not validate is stood in for by the day's other values: the papers its
   * record and history list, with the newest counters the history holds.
   */
  async listings(dates: IsoDate[]): Promise<Map<IsoDate, Listing>> {
    const unread = dates.filter((d) => !this.listed.has(d));
    const texts = await readTexts(this.kv, unread.map(summaryKey), SUMMARY_MAX_BYTES);
    const broken: IsoDate[] = [];
    const summaries = new Map<IsoDate, Readonly<StoredSummary> | null>();
    for (const d of unread) {
      const text = texts.get(summaryKey(d)) ?? null;
      const s = text === null ? null : decodeSummaryKept(text, d);
      summaries.set(d, s);
      if (s && s.damaged === 0) this.listed.set(d, listingOf(s));
      else broken.push(d);
    }
    if (broken.length) {
      await Promise.all([this.readRecords(broken), this.readHistories(broken)]);
      for (const d of broken) {
        this.damaged.add(d);
        this.listed.set(d, this.standIn(d, summaries.get(d) ?? null));
      }
    }
    const out = new Map<IsoDate, Listing>();
    for (const d of dates) {
      const l = this.listed.get(d);
      if (l) out.set(d, l);
    }
    return out;
  }

  /** A day's listing put together from its record, history and what its summary still holds. */
  private standIn(date: IsoDate, summary: Readonly<StoredSummary> | null): Listing | null {
    const record = this.records.get(date) ?? null;
    const history = this.histories.get(date)?.whole() ?? null;
    const ids = [
      ...new Set([
        ...(summary?.ids ?? []),
        ...(record?.papers.map((p) => p.id) ?? []),
        ...(history?.papers.keys() ?? []),
      ]),
    ].slice(0, MAX_PAPERS_PER_DAY);
    if (ids.length === 0) return null;
    const seen = countersSeen(summary, history, record, new Map(), [], 0);
    return {
      date,
      ids,
      counters: ids.map((id) => seen.get(id)?.counters ?? { upvotes: 0 }),
      content: "",
      updated_at: summary?.updated_at ?? record?.updated_at ?? "",
      added_at: summary?.added_at ?? "",
    };
  }

  /**
   * For each day, the positions in its listing of its papers whose `column` contains `needle`
   * (lowercased for the text, folded otherwise): positions, not ids, so selection keeps a
   * paper without hashing its id. A needle within one word is looked up in the day's word index
   * where the day index says it is of the day's current content (and it proves so); otherwise
   * the search text or brief is scanned, where current; otherwise the day's content itself.
   */
  async search(dates: IsoDate[], needle: string, column: SearchColumn): Promise<Map<IsoDate, Set<number>>> {
    await this.listings(dates);
    const out = new Map<IsoDate, Set<number>>();
    let rest = dates.filter((d) => this.listed.get(d));
    if (column === "text" && isWordPart(needle)) {
      const indexed: IsoDate[] = [];
      const scan: IsoDate[] = [];
      for (const d of rest)
        (namesWordIndex(this.entries.get(d), this.listed.get(d)!.content) ? indexed : scan).push(d);
      const raw = await readTexts(this.kv, indexed.map(wordIndexKey), WORD_INDEX_MAX_BYTES);
      for (const d of indexed) {
        const text = raw.get(wordIndexKey(d)) ?? null;
        const listing = this.listed.get(d)!;
        const words = text === null ? null : decodeWordIndex(text, d, listing.ids);
        if (words && words.content === listing.content)
          out.set(d, this.positionsOf(d, words.ids, words.lines(needle)));
        else {
          // The index names a word index of this content, and it is missing, damaged or of
          // other content: the repair pass rebuilds it.
          this.damaged.add(d);
          scan.push(d);
        }
      }
      rest = scan;
    }
    if (column === "text") await this.readTextsOf(rest);
    else await this.readBriefs(rest);
    const fromContent: IsoDate[] = [];
    for (const d of rest) {
      const hits =
        column === "text"
          ? this.foundIn(d, this.texts.get(d), (t) => t.lines(needle))
          : this.foundIn(d, this.briefs.get(d), (b) => b.lines(needle, column));
      if (hits) out.set(d, hits);
      else fromContent.push(d);
    }
    for (const [d, contents] of await this.contentsOf(fromContent)) {
      this.damaged.add(d);
      const lines = contents.map((p) => columnOf(p, column)).join("\n");
      const ids = contents.map((p) => p.id);
      out.set(d, this.positionsOf(d, ids, new Set(linesContaining(lines, needle))));
    }
    return out;
  }

  /** The listing's positions a search value of the day finds, if it is current and can answer. */
  private foundIn<T extends { content?: string; ids: string[] }>(
    date: IsoDate,
    value: T | null | undefined,
    lines: (v: T) => Set<number> | null,
  ): Set<number> | undefined {
    const current = this.currentOf(date, value);
    const found = current && lines(current);
    return found ? this.positionsOf(date, current.ids, found) : undefined;
  }

  /**
   * Where in the day's listing the papers are that a value found at `lines` of its own ids:
   * the same lines when the value lists the same ids in the same order (as the store writes
   * them), else looked up by id.
   */
  private positionsOf(date: IsoDate, ids: string[], lines: Set<number>): Set<number> {
    const listed = this.listed.get(date)!.ids;
    if (sameIds(ids, listed)) return lines;
    const at = new Map(listed.map((id, i) => [id, i]));
    const out = new Set<number>();
    for (const line of lines) {
      const i = at.get(ids[line]!);
      if (i !== undefined) out.add(i);
    }
    return out;
  }

  /** A search value, if it is of the day's current content (or, written before values named it, of the same papers). */
  private currentOf<T extends { content?: string; ids: string[] }>(
    date: IsoDate,
    value: T | null | undefined,
  ) {
    const listing = this.listed.get(date)!;
    if (!value) return undefined;
    if (value.content !== undefined && listing.content)
      return value.content === listing.content ? value : undefined;
    return sameIds(value.ids, listing.ids) ? value : undefined;
  }

  /**
   * The full papers of a page, in its order, with the counters and day the page has for them;
   * with `copies`, each paper's stored JSON where it can be copied as well (jsonOf).
   */
  async papers(page: PageEntry[], copies = false): Promise<Paper[]> {
    const contents = await this.contentOfEntries(page, copies);
    const out: Paper[] = [];
    for (const e of page) {
      const content = contents.get(e.date)?.get(e.id);
      if (content) {
        const paper = listedPaper(content, e.counters, e.date);
        const afterId = this.storedJson.get(content);
        if (afterId) this.paperJson.set(paper, afterId);
        out.push(paper);
      } else {
        this.damaged.add(e.date);
        console.error(JSON.stringify({ event: "paper-missing", id: e.id, date: e.date }));
      }
    }
    return out;
  }

  /** A paper of `papers` as JSON (what JSON.stringify would write), when it can be copied from the store. */
  jsonOf = (paper: Paper): string | undefined => {
    const afterId = this.paperJson.get(paper);
    return afterId && listedPaperJson(paper.id, countersOf(paper), paper.date, afterId);
  };

  /**
   * The content of the page's papers, by day. A day the page takes most of is read from its
   * record's lines; the other papers from their own records. Whatever one source lacks, or
   * holds damaged, comes from the other.
   */
  private async contentOfEntries(
    page: PageEntry[],
    copies: boolean,
  ): Promise<Map<IsoDate, Map<string, PaperContent>>> {
    const wanted = new Map<IsoDate, Set<string>>();
    for (const e of page) {
      if (!wanted.has(e.date)) wanted.set(e.date, new Set());
      wanted.get(e.date)!.add(e.id);
    }
    const whole = [...wanted].filter(
      ([d, ids]) =>
        this.recordTexts.has(d) || ids.size >= WHOLE_DAY_SHARE * (this.listed.get(d)?.ids.length ?? 50),
    );
    const out = new Map<IsoDate, Map<string, PaperContent>>([...wanted.keys()].map((d) => [d, new Map()]));
    await this.readRecordTexts(whole.map(([d]) => d));
    for (const [d, ids] of whole) for (const [id, c] of this.linesOf(d, ids, copies)) out.get(d)!.set(id, c);
    // Whatever the day records did not give, from the papers' own records.
    const single = page.filter((e) => !out.get(e.date)!.has(e.id));
    const own = await readTexts(
      this.kv,
      single.map((e) => paperRecordKey(e.id)),
      PAPER_RECORD_MAX_BYTES,
    );
    const fallback = new Map<IsoDate, Set<string>>();
    for (const e of single) {
      const text = own.get(paperRecordKey(e.id)) ?? null;
      const paper = text === null ? undefined : decodePaperContent(text, e.id);
      if (paper) out.get(e.date)!.set(e.id, paper);
      else {
        if (!fallback.has(e.date)) fallback.set(e.date, new Set());
        fallback.get(e.date)!.add(e.id);
      }
    }
    // A paper whose own record cannot give it: from its day's record after all.
    if (fallback.size) {
      for (const d of fallback.keys()) this.damaged.add(d);
      await this.readRecordTexts([...fallback.keys()]);
      for (const [d, ids] of fallback)
        for (const [id, c] of this.linesOf(d, ids, copies)) out.get(d)!.set(id, c);
    }
    return out;
  }

  /**
   * The wanted papers of a day record already read: from their lines, or from the whole
   * record. A record that is missing, or that had to be read whole and held papers that do
   * not validate, marks its day damaged.
   */
  private linesOf(date: IsoDate, ids: Set<string>, copies: boolean): Map<string, PaperContent> {
    const out = new Map<string, PaperContent>();
    const text = this.recordTexts.get(date) ?? null;
    if (text === null) {
      this.damaged.add(date);
      return out;
    }
    const parsed = this.records.get(date);
    const lines = parsed ? null : dayLines(text, date, ids, copies);
    if (lines) {
      for (const [id, line] of lines) {
        out.set(id, line.content);
        if (line.afterId) this.storedJson.set(line.content, line.afterId);
      }
      if (lines.size === ids.size) return out;
    }
    const record = this.recordOf(date);
    if (!record || record.damaged) this.damaged.add(date);
    for (const p of record?.papers ?? []) if (ids.has(p.id)) out.set(p.id, p);
    return out;
  }

  /** The day records of these days, parsed whole (a damaged one reads as absent). */
  private async readRecords(dates: IsoDate[]): Promise<void> {
    await this.readRecordTexts(dates);
    for (const d of dates) this.recordOf(d);
  }

  private recordOf(date: IsoDate): StoredDay | null {
    if (!this.records.has(date)) {
      const text = this.recordTexts.get(date) ?? null;
      this.records.set(date, text === null ? null : decodeDayRecord(text, date));
    }
    return this.records.get(date) ?? null;
  }

  /** Day records' texts, kept undecoded: a page parses only the lines it wants (dayLines). */
  private readRecordTexts = (dates: IsoDate[]) =>
    this.readDayValues(this.recordTexts, dates, dayRecordKey, DAY_MAX_BYTES, (text) => text);

  /** The content of every paper a day lists: its record, and its papers' own records for what the record lacks. */
  private async contentsOf(dates: IsoDate[]): Promise<Map<IsoDate, PaperContent[]>> {
    await this.listings(dates);
    const page = dates.flatMap((d) =>
      this.listed.get(d)!.ids.map((id) => ({ id, date: d, counters: { upvotes: 0 } })),
    );
    const contents = await this.contentOfEntries(page, false);
    return new Map(
      dates.map((d) => [d, this.listed.get(d)!.ids.flatMap((id) => contents.get(d)?.get(id) ?? [])]),
    );
  }

  /** Reads one kind of day value for the days not read yet, decoding each into `into` (null when absent). */
  private async readDayValues<T>(
    into: Map<IsoDate, T | null>,
    dates: IsoDate[],
    keyOf: (date: IsoDate) => string,
    maxBytes: number,
    decode: (text: string, date: IsoDate) => T | null,
  ): Promise<void> {
    const unread = dates.filter((d) => !into.has(d));
    const raw = await readTexts(this.kv, unread.map(keyOf), maxBytes);
    for (const d of unread) {
      const text = raw.get(keyOf(d)) ?? null;
      into.set(d, text === null ? null : decode(text, d));
    }
  }

  private readTextsOf = (dates: IsoDate[]) =>
    this.readDayValues(this.texts, dates, searchTextKey, SEARCH_TEXT_MAX_BYTES, (text, d) =>
      decodeSearchText(text, d, this.listed.get(d)?.ids),
    );

  private readBriefs = (dates: IsoDate[]) =>
    this.readDayValues(this.briefs, dates, briefKey, BRIEF_MAX_BYTES, (text, d) =>
      decodeBrief(text, d, this.listed.get(d)?.ids),
    );

  /**
   * What a digest shows of each day's papers: from the days' briefs where current (all read
   * at once: one KV round trip, not one a day in turn), else from their content.
   */
  async digestPapers(shownByDay: ReadonlyMap<IsoDate, PageEntry[]>): Promise<Map<IsoDate, DigestPaper[]>> {
    await this.readBriefs([...shownByDay.keys()]);
    const out = new Map<IsoDate, DigestPaper[]>();
    const fromContent: PageEntry[] = [];
    for (const [date, shown] of shownByDay) {
      const brief = this.currentOf(date, this.briefs.get(date));
      const found = brief?.digestPapers(new Map(shown.map((e) => [e.id, e.counters.upvotes])));
      const all = found && shown.every((e) => found.has(e.id));
      out.set(date, all ? shown.map((e) => found.get(e.id)!) : []);
      if (all) continue;
      this.damaged.add(date);
      fromContent.push(...shown);
    }
    for (const { id, title, authors, upvotes, date } of await this.papers(fromContent))
      out.get(date)?.push({ id, title, authors, upvotes, url: paperLinks(id).url });
    return out;
  }

  /** Of `dates`, the days whose upvote histories this answer has read already. */
  historiesRead = (dates: IsoDate[]): IsoDate[] => dates.filter((d) => this.histories.has(d));

  /**
   * Each day's upvote history, each paper's series checked when asked for (points that do
   * not validate are left out, and the day noted as damaged).
   */
  async historiesOf(dates: IsoDate[]): Promise<Map<IsoDate, HistoryView>> {
    await this.readHistories(dates);
    const out = new Map<IsoDate, HistoryView>();
    for (const d of dates) {
      const h = this.histories.get(d);
      if (h) out.set(d, h);
    }
    return out;
  }

  /**
   * One paper by id: as listed on the newest day that lists it, every such day, and its
   * upvote history there. Its record says which days list it; each day's listing confirms
   * it. Null when no stored day lists it.
   */
  async paperById(id: string): Promise<FoundPaper | null> {
    const text = (await readTexts(this.kv, [paperRecordKey(id)], PAPER_RECORD_MAX_BYTES)).get(
      paperRecordKey(id),
    );
    const record = text == null ? null : decodePaperRecord(text, id);
    if (!record) return null;
    const listings = await this.listings(record.listed_on);
    const listedOn = record.listed_on.filter((d) => listings.get(d)?.ids.includes(id));
    const newestDay = listedOn[0];
    if (!newestDay) return null;
    const listing = listings.get(newestDay)!;
    const counters = listing.counters[listing.ids.indexOf(id)]!;
    const [paper] = record.paper
      ? [listedPaper(record.paper, counters, newestDay)]
      : await this.papers([{ id, date: newestDay, counters }]);
    if (!paper) return null;
    const history = (await this.historiesOf([newestDay])).get(newestDay)?.series(id) ?? [];
    // The record's own version too: a day put back in it moves no day's version.
    const versions = [...listedOn.map((d) => listings.get(d)!.updated_at), record.updated_at];
    return { paper, listed_on: listedOn, updated: newest(versions), history };
  }

  private readHistories = (dates: IsoDate[]) =>
    this.readDayValues(this.histories, dates, historyKey, HISTORY_MAX_BYTES, (text, d) =>
      readHistory(text, d, () => this.damaged.add(d)),
    );
}

const listingOf = (s: Readonly<StoredSummary>): Listing => ({
  date: s.date,
  ids: s.ids,
  counters: s.counters,
  content: s.content,
  updated_at: s.updated_at,
  added_at: s.added_at,
});

const sameIds = (a: string[], b: string[]) =>
  a === b || (a.length === b.length && a.every((id, i) => id === b[i]));

/** What a search looks in, for a paper whose search values could not be used. */
function columnOf(p: PaperContent, column: SearchColumn): string {
  if (column === "text") return searchLine(p);
  const names = column === "authors" ? p.authors : [p.organization?.name, p.organization?.fullname];
  return names
    .filter((s): s is string => !!s)
    .map((s) => fold(s).replace(/[\u0000-\u001f]/g, " "))
    .join("\t");
}

/**
 * Notes damaged days in the repair queue for the next run to repair first. A day already
 * queued costs one read and no write.
 */
export async function reportDamage(kv: KVNamespace, dates: Iterable<IsoDate>, now: number): Promise<void> {
  const fresh = [...dates];
  if (!fresh.length) return;
  const text =
    (await readTexts(kv, [REPAIR_QUEUE_KEY], REPAIR_QUEUE_MAX_BYTES)).get(REPAIR_QUEUE_KEY) ?? null;
  const queue = text === null ? new Map() : decodeRepairQueue(text);
  const adding = fresh.filter((d) => !queue.has(d));
  if (!adding.length || queue.size >= MAX_QUEUED) return;
  for (const d of adding) queue.set(d, { at: new Date(now).toISOString(), tries: 0 });
  await kv.put(REPAIR_QUEUE_KEY, encodeRepairQueue(queue));
}
