// paper:ID, one paper's record: its content (no counters, no listing) and every day it was
// listed on, newest first. Selection reads these for the papers a page returns when they
// are spread over many days; /api/papers/:id reads one; a day record that cannot be read
// is put together again from them.
import { isIsoTime, newestDays } from "../../core/dates";
import { type IsoDate, isCalendarDate, type PaperContent, sameContent } from "../../core/paper";
import { asciiJson } from "../ascii";
import { seconds } from "../counters";
import { logInvalid } from "../kv";
import { checkContent, MAX_PAPER_BYTES } from "./dayRecord";

export const paperRecordKey = (id: string) => `paper:${id}`;

/** Version 3: content only. Version 2, still read, had the paper's comments and stars in its content. */
export const PAPER_RECORD_VERSION = 3;
/** Days one paper keeps: a paper is listed on one day, rarely two. */
export const MAX_LISTINGS = 400;
export const PAPER_RECORD_MAX_BYTES = MAX_PAPER_BYTES + MAX_LISTINGS * 16 + 256;

export interface PaperRecord {
  /** Newest first. */
  listed_on: IsoDate[];
  /** Absent when what was stored does not validate (then the day record has it). */
  paper?: PaperContent;
  /**
   * When the record last changed. A day put back in `listed_on` changes no day's version, so
   * the paper's answer counts this too in its Last-Modified. Absent in records written before.
   */
  updated_at?: string;
  /**
   * When the record's content was read: the read that found it, where the record's later writes
   * kept it (a day put back in `listed_on` changes the version, not what the content is as of).
   * Absent where it is `updated_at` (records written before have none, and then that stands for it).
   */
  read_at?: string;
  /**
   * The day whose page the content was read from (absent in records written before, and where a run
   * wrote content it cannot tie to a page). A paper is one content on all its days, but a page of one
   * day may be a rename behind another's: a record of content read on another day's page, later, is
   * no newer read of this day's (readOnOtherDay).
   */
  read_on?: IsoDate;
}

/** Written only where it differs from the version: most writes are of content their run read. */
export const encodePaperRecord = ({ listed_on, paper, updated_at, read_at, read_on }: PaperRecord) =>
  asciiJson({
    v: PAPER_RECORD_VERSION,
    listed_on: listed_on.slice(0, MAX_LISTINGS),
    paper,
    updated_at,
    read_at: read_at === updated_at ? undefined : read_at,
    read_on,
  });

/** Whether the record says its content was read from the page of a day other than `date`. */
export const readOnOtherDay = (record: PaperRecord | null | undefined, date: IsoDate) =>
  record?.read_on !== undefined && record.read_on !== date;

/**
 * Whether the record holds `line`, the day's own line of the paper, as read from the page of a day
 * other than `date`: that page found what this day had already read, and its later read says nothing
 * of when this day's page changed (a page a rename behind).
 */
export const lineReadOnOtherDay = (
  record: PaperRecord | null | undefined,
  date: IsoDate,
  line: PaperContent | undefined,
) => readOnOtherDay(record, date) && !!line && !!record?.paper && sameContent(record.paper, line);

/**
 * When a record's content was read, as stored: its read time, else its version. A read time past the
 * version was written by no run (content is read before it is written, and a run stamps the record no
 * earlier than that read): damaged, it says nothing of when the content was read, and the version
 * stands for it, as in records written before there was one. Taken for a time, it would date an older
 * title, landed late over a rename, after every read that follows, and no run would put the rename back.
 */
export const readStampOf = (record: PaperRecord | null | undefined) => {
  const read = record?.read_at;
  const stamp = record?.updated_at;
  return read && !(stamp && Date.parse(read) > Date.parse(stamp)) ? read : stamp;
};

/** When a record's content was read, unix seconds (0 for a record that does not say). */
export const readAtOf = (record: PaperRecord | null | undefined) => seconds(readStampOf(record) ?? "");

/** The days a paper is listed on, newest first, without repeats. */
export const listingsOf = (days: Iterable<IsoDate>) => newestDays(new Set(days), MAX_LISTINGS);

type Raw = {
  v?: unknown;
  listed_on?: unknown;
  paper?: unknown;
  updated_at?: unknown;
  read_at?: unknown;
  read_on?: unknown;
};

/** The record's JSON when it is a record of an accepted version (else logged, and null). */
function parseRecord(text: string, key: string): (Raw & { listed_on: unknown[] }) | null {
  let raw: Raw | null;
  try {
    raw = text.length > PAPER_RECORD_MAX_BYTES ? null : JSON.parse(text);
  } catch {
    raw = null;
  }
  if (!raw || (raw.v !== 2 && raw.v !== PAPER_RECORD_VERSION) || !Array.isArray(raw.listed_on)) {
    logInvalid(key, "not a paper record of an accepted version");
    return null;
  }
  return raw as Raw & { listed_on: unknown[] };
}

/** The record's content when it validates and is the paper's (else logged, and undefined). */
function recordContent(raw: Raw, id: string, key: string): PaperContent | undefined {
  const content = checkContent(raw.paper);
  if (content?.id === id) return content;
  logInvalid(key, "its content does not validate");
  return undefined;
}

const isoTime = (t: unknown) => (typeof t === "string" && isIsoTime(t) ? t : undefined);

/**
 * A paper record read back and checked: dates that are not real ones are left out, and
 * content that does not validate reads as absent (logged); null for what is not a record.
 */
export function decodePaperRecord(text: string, id: string): PaperRecord | null {
  const key = paperRecordKey(id);
  const raw = parseRecord(text, key);
  if (!raw) return null;
  const days = raw.listed_on.filter((d): d is string => typeof d === "string" && isCalendarDate(d));
  if (days.length !== raw.listed_on.length) logInvalid(key, "a listing does not validate");
  const paper = recordContent(raw, id, key);
  // A time that is not one is left out: the days' versions still date the answer.
  const updated = isoTime(raw.updated_at);
  // A read time that is not one is left out: the version then stands for it, as in records
  // written before there was one.
  const read = isoTime(raw.read_at);
  // A day that is not one is left out: the record then says nothing of which page its content is of.
  const on = typeof raw.read_on === "string" && isCalendarDate(raw.read_on) ? raw.read_on : undefined;
  return {
    listed_on: listingsOf(days),
    ...(paper ? { paper } : {}),
    ...(updated ? { updated_at: updated } : {}),
    ...(read ? { read_at: read } : {}),
    ...(on ? { read_on: on } : {}),
  };
}

/**
 * Only the content of a paper record, checked (undefined when it is not there or does not
 * validate): what a page shows of a paper, which has no use for the days it is listed on.
 */
export function decodePaperContent(text: string, id: string): PaperContent | undefined {
  const key = paperRecordKey(id);
  const raw = parseRecord(text, key);
  return raw ? recordContent(raw, id, key) : undefined;
}
