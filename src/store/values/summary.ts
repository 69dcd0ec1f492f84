// list:D, the day's summary: which papers day D lists, their counters (upvotes, comments,
// GitHub stars), and the day's versions. Small, because selection reads it for every day a
// query covers; written whenever a counter or the content moves.
import { isIsoTime } from "../../core/dates";
import { ARXIV_ID_RE, type Counters, type IsoDate, LIMITS } from "../../core/paper";
import { asciiJson } from "../ascii";
import { logInvalid } from "../kv";

export const summaryKey = (date: IsoDate) => `list:${date}`;
/** 300 papers of three counters each, and the day's versions: far under this. */
export const SUMMARY_MAX_BYTES = 64 * 1024;

/**
 * Version 3 carries comments and stars beside upvotes, the time its counters were observed
 * and the runs it includes. Version 2 (upvotes only) is still read.
 */
export const SUMMARY_VERSION = 3;
/** The runs a summary remembers including (store/runRecord.ts): more than a run record lives. */
export const REMEMBERED_RUNS = 24;

export interface Summary {
  date: IsoDate;
  /** When anything about the day last changed, counters included: its data version. */
  updated_at: string;
  /** When its counters were read from upstream: a counter observed earlier never replaces them. */
  observed_at: string;
  /** When the day last gained a paper: what a daily digest shows as updated. */
  added_at: string;
  /** The content hash of the day's papers (store/content.ts): says whether the other values are current. */
  content: string;
  /** The runs whose observations it includes (newest last). */
  runs: string[];
  ids: string[];
  /** Each paper's counters, in the order of `ids`. */
  counters: Counters[];
}

/** A summary read back, and how many of its entries did not validate (each hid only itself). */
export interface StoredSummary extends Summary {
  version: number;
  damaged: number;
}

const SEPARATOR = " ";
const HASH = /^[0-9a-f]{32}$/;

export function encodeSummary(s: Summary): string {
  const optional = (k: "num_comments" | "github_stars") => {
    const values = s.counters.map((c) => c[k] ?? null);
    return values.some((v) => v !== null) ? values : undefined;
  };
  return asciiJson({
    v: SUMMARY_VERSION,
    date: s.date,
    updated_at: s.updated_at,
    observed_at: s.observed_at,
    added_at: s.added_at,
    content: s.content,
    runs: s.runs.slice(-REMEMBERED_RUNS).join(SEPARATOR),
    ids: s.ids.join(SEPARATOR),
    upvotes: s.counters.map((c) => c.upvotes),
    comments: optional("num_comments"),
    stars: optional("github_stars"),
  });
}

const count = (v: unknown): number | undefined =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= LIMITS.count ? (v as number) : undefined;
const time = (v: unknown): string | undefined => (typeof v === "string" && isIsoTime(v) ? v : undefined);

/**
 * A summary read back and checked. A time that is not a real one reads as unknown (""),
 * an entry whose id or counter does not validate is left out and counted in `damaged`;
 * null (logged) for what is not a summary of this day at all.
 */
export function decodeSummary(text: string, date: IsoDate): StoredSummary | null {
  const key = summaryKey(date);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    logInvalid(key, "not JSON");
    return null;
  }
  if (!raw || typeof raw !== "object" || raw.date !== date || (raw.v !== 2 && raw.v !== SUMMARY_VERSION)) {
    logInvalid(key, "not a summary of an accepted version");
    return null;
  }
  const ids = typeof raw.ids === "string" ? (raw.ids === "" ? [] : raw.ids.split(SEPARATOR)) : null;
  const upvotes = Array.isArray(raw.upvotes) ? raw.upvotes : null;
  if (!ids || !upvotes) {
    logInvalid(key, "not a summary of an accepted version");
    return null;
  }
  const comments = Array.isArray(raw.comments) ? raw.comments : [];
  const stars = Array.isArray(raw.stars) ? raw.stars : [];
  const updated = time(raw.updated_at) ?? "";
  const out: StoredSummary = {
    version: raw.v as number,
    date,
    updated_at: updated,
    observed_at: time(raw.observed_at) ?? updated,
    added_at: time(raw.added_at) ?? updated,
    content: typeof raw.content === "string" && HASH.test(raw.content) ? raw.content : "",
    runs: typeof raw.runs === "string" && raw.runs !== "" ? raw.runs.split(SEPARATOR) : [],
    ids: [],
    counters: [],
    damaged: 0,
  };
  const seen = new Set<string>();
  for (const [i, id] of ids.entries()) {
    const upvotes_ = count(upvotes[i]);
    if (!ARXIV_ID_RE.test(id) || seen.has(id) || upvotes_ === undefined || seen.size >= LIMITS.papersPerDay) {
      out.damaged++;
      continue;
    }
    seen.add(id);
    const c: Counters = { upvotes: upvotes_ };
    const n = count(comments[i]);
    const s = count(stars[i]);
    if (n !== undefined) c.num_comments = n;
    if (s !== undefined) c.github_stars = s;
    out.ids.push(id);
    out.counters.push(c);
  }
  if (upvotes.length > ids.length) out.damaged += upvotes.length - ids.length;
  if (out.damaged) logInvalid(key, `${out.damaged} entries do not validate`);
  return out;
}

/** The counters of a summary by id. */
export const countersById = (s: Pick<Summary, "ids" | "counters">) =>
  new Map(s.ids.map((id, i) => [id, s.counters[i]!]));
