// The content side of settling a day (settle.ts): which papers the day lists and what is stored of
// each, from the day record, the papers' own records, the summary, the history and other runs'
// observations.
import type { IsoDate, PaperContent } from "../core/paper";
import { readTexts } from "./kv";
import type { FreshPapers, Observed, SettleRequest } from "./settle";
import { briefKey } from "./values/brief";
import {
  DAY_MAX_BYTES,
  dayRecordKey,
  decodeDayRecord,
  MAX_PAPERS_PER_DAY,
  type StoredDay,
} from "./values/dayRecord";
import type { StoredHistory } from "./values/history";
import {
  decodePaperRecord,
  PAPER_RECORD_MAX_BYTES,
  type PaperRecord,
  paperRecordKey,
} from "./values/paperRecord";
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
