// The rules that date a day's content while it is settled (settle.ts): whether this run's read is
// older than what is stored, and when each line of the day, each paper's own record and the
// summary's content were read. Runs overlap and KV has no transactions: a value can land after a
// newer one, stamped later than what it holds was read, and each rule here says which of two
// values holds the newer read.
import { nextVersion, stampedByNoRun } from "../core/dates";
import { type PaperContent, sameContent } from "../core/paper";
import { notAfter, seconds } from "./counters";
import { type DayState, holdsHere } from "./settleContent";
import { linesReadOf } from "./values/dayRecord";
import type { DayHistory } from "./values/history";
import { lineReadOnOtherDay, readAtOf, readStampOf } from "./values/paperRecord";
import { contentSeenAt } from "./values/runRecord";
import { contentReadAt, countedTimes } from "./values/summary";

/** The rules that date the day's content, built once for a run from what it read of the day. */
export type ContentClock = Awaited<ReturnType<typeof contentClock>>;

/**
 * The rules that date the day's content for this run: whether its read is older than the stored
 * content (olderRead, olderThan), when the summary says the day's content was read (summaryRead),
 * when the day record's line of a paper was read (lineRead, lineAtOr, newerThanLines, lineReadSince),
 * whether a paper's own record was read since (readSince, ownHolds), and what a read through the
 * cards keeps (cardsKeep, cardRenamed). Hashed only where a rule decides.
 */
export async function contentClock(day: DayState, history: DayHistory) {
  const { r, at, summary, record, records, fresh, stored, recordHash } = day;
  const date = r.date;
  // A read older than the stored content's last change (a run stamped before the one that wrote
  // it: runs overlap, KV has no transactions) holds an older page: the stored content of a paper
  // both have stays, as the newest observed counters do; what only this read saw is still added.
  // The record's updated_at alone does not say that: a run that read nothing of the day (a fold,
  // the repair pass) stamps it too when it puts a paper back. The summary written with it (the
  // same version) says when the newest read it took in was made: a read newer than that is no
  // older read. A summary of another version (not landed yet, or moved on by counters-only
  // reads, which saw the same content) says nothing of the record's content.
  const olderThan = (iso: string | undefined) => !!iso && at < notAfter(seconds(iso), at);
  // The summary dates its content apart from its counters where it was read earlier (content_at): a run
  // that merged counters a newer read observed with other content kept older content it found stored.
  // Every rule below that asks when the day's content was read asks that time.
  // A summary whose content time is damaged says nothing of when its content was read: its lines are
  // as old as the day record says they were read, as where no summary names them.
  const summaryRead = summary
    ? summary.contentUnknown && record && linesReadOf(record) > 0
      ? new Date(linesReadOf(record) * 1000).toISOString()
      : contentReadAt(summary)
    : undefined;
  const sameWrite = !!summary?.observed_at && summary.updated_at === record?.updated_at;
  const olderRead = olderThan(record?.updated_at) && (!sameWrite || olderThan(summaryRead));
  // Where the summary is of another version, the record's stamp may be a fold's or the repair
  // pass's (which read nothing), landed after the summary this run read: a paper whose own record
  // holds its line, read before this read, was not read since by a run that changed it (every
  // write that changes a paper's content writes its record first), so this read is no older there.
  // Its read time, not its version: a listing put back later keeps content as old as before.
  const readSince = (id: string, line: PaperContent) => {
    const own = records.get(id);
    const t = readAtOf(own);
    return !sameWrite && holdsHere(own, date) && !!t && sameContent(own.paper, line) && t < at;
  };
  // A read made after the record's lines were read (its read_at, where a fold, the repair pass or a
  // staged read settled late stamped it later) and after the paper's own record was read is no older
  // read of that paper, whatever the summary says: it is newer than every value holding the paper.
  // Counted as older, it would keep the day's line read before it, and no value would hold the title
  // it read (a rename since a rename read on the paper's other day). The record's read_at is its
  // oldest line's: without the paper's own record to say when it was last read, the line may be newer.
  // Nor where the summary names the record's content as observed after this read (written with it,
  // or moved on by a counters-only read that found that content): a line a fold took from a newer
  // paper record, which a slower, older write of the paper's other day has since landed over, is as
  // new as that record was, past the oldest line's, and a read since found it; counted as older, it
  // would lose its title to a read made before it. Hashed only where it decides.
  const linesRead = seconds(record?.read_at ?? "");
  // When the record's line of a paper was read, where the record says so apart from its oldest
  // line's (a fold takes a line from the paper's own record, read after the lines it keeps); 0 where
  // it does not, or past what any run could have stamped (damaged). Past the record's stamp, only as
  // far as another value vouches for it (vouchedLineReads).
  const recordLines = new Map(record?.papers.map((p) => [p.id, p]));
  const summarySaw = seconds(summaryRead ?? "");
  const lineReads = await vouchedLineReads(day, summarySaw, history);
  const lineRead = (id: string) => lineReads.get(id) ?? 0;
  const linesSeenSince =
    linesRead > 0 &&
    linesRead < at &&
    summarySaw > at &&
    !stampedByNoRun(summarySaw, at) &&
    !!summary?.content &&
    summary.content === (await recordHash());
  // One paper's line is as old as the record says it was read: a line read after this read (taken
  // from the paper's record, a rename read on its other day) is no older than this read, whatever
  // the oldest line's read says. A paper record read after this read on another day's page, holding
  // this day's very line, is no newer read of this day's: that page found what this day had read
  // before, and says nothing of when this day's page changed (a page a rename behind); counted as
  // newer, this read would keep the line it found renamed, and no value would hold its title.
  // Nor is a paper record read after this read that holds this read's very content: the newest read of
  // the paper found what this one did, and the line, read before this read, is older than both. Counted
  // as newer, this read would keep that older line (a stale read's, whose day record a repair pass
  // stamped later), and the runs after would keep it too, the record's read being of another day.
  const readAsFound = (held: PaperContent, found: PaperContent | undefined) =>
    !!found && sameContent(held, found);
  const newerThanLines = (id: string) => {
    const own = records.get(id);
    const read = lineRead(id) || linesRead;
    return (
      !linesSeenSince &&
      read > 0 &&
      read < at &&
      !!own?.paper &&
      (readAtOf(own) < at ||
        lineReadOnOtherDay(own, date, recordLines.get(id)) ||
        readAsFound(own.paper, fresh.get(id)?.content))
    );
  };
  // A read made before the record's line of a paper was read is an older read of that paper, though
  // the summary's newest read was older than it (a fold took the line from the paper's own record, a
  // rename read after every read it merged): counted as newer, its older title would go over the
  // line, the only value that may hold the newest read's.
  const lineReadSince = (id: string) => lineRead(id) > at;
  // When a line of the day's content was read, where it is the record's line: the record's time for
  // its lines (`linesAt`, the oldest's), or the line's own where later, or when a value read now says
  // the record's whole content was read, where later still (recordNamedAt). A paper record read
  // between the two is older than that line, and taken for newer it would put an older title over it.
  const named = namings(day, summarySaw);
  const namedAt = await recordNamedAt(day, named);
  const lineAtOr = (linesAt: number, c: PaperContent) => {
    const line = recordLines.get(c.id);
    return line && sameContent(line, c) ? Math.max(linesAt, lineRead(c.id), namedAt) : linesAt;
  };
  // What a read through the cards (titles, links and upvotes only) keeps of a paper besides its title:
  // its line, else its own record, whatever days that lists (a paper new to the day, listed on another:
  // a paper is one content on all its days). The cards' empty abstract and authors are no content.
  const cardsKeep = (id: string) => stored.get(id) ?? records.get(id)?.paper ?? undefined;
  // A line this read wrote through the cards (a partial read) with the card's title over the stored
  // content: the paper renamed, and its title, what a rename is, was read now. Dated at when the day's
  // content was last read, as a line kept, it would count as older than an older read of the paper's
  // other day made in between, whose older title would then go over it.
  const cardRenamed = (c: PaperContent) => {
    const f = fresh.get(c.id);
    const s = cardsKeep(c.id);
    return !!r.fresh?.partial && !!f && !!s && f.content.title === c.title && s.title !== c.title;
  };
  // Whether the paper's own record, listing the day, holds this content.
  const ownHolds = (id: string, content: PaperContent) => {
    const own = records.get(id);
    return holdsHere(own, date) && sameContent(own.paper, content);
  };
  // Where a run without a fresh read weighs the record's lines by the summary's read (undoneLinesAt):
  // the summary written with the record names its content. Two runs that read one version stamp the
  // next one alike (nextVersion), so the same version alone does not make one write: a fold's summary
  // of older content, stamped as a newer read's day record, dated that record's lines at the fold's
  // older read, and a middle read's record of the old title went over the newer read's line.
  const namesRecord =
    sameWrite && !r.fresh && record && summary?.content
      ? summary.content === (await recordHash())
      : sameWrite;
  return {
    olderThan,
    summaryRead,
    contentNamedAt: (hash: string) => newestNaming(named, hash),
    sameWrite,
    namesRecord,
    olderRead,
    readSince,
    recordLines,
    lineRead,
    newerThanLines,
    lineReadSince,
    lineAtOr,
    cardsKeep,
    cardRenamed,
    ownHolds,
  };
}

/**
 * The newest time (s) a value read now says the day record's content was read, where no value says
 * other content was read since: the summary naming the record's content (its content time), or another
 * run's observation naming it (when its content was read), whether or not the summary takes that run
 * in; 0 where none does. Content is as new as its newest read, not as the value holding it was written:
 * a day record an older run wrote (its lines dated at that read) can hold the very content a newer read
 * found and its summary or run record names, and weighed by the record's own times, a middle read's
 * paper record of the old title, read in between, would count as newer and be written over the
 * rename's line. Where a value names other content read later (at the same second too), the record's
 * content is no longer the newest read of the day, and its lines are dated as the record says: a
 * middle read of a stale page, after a rename on the paper's other day, names the old title at its
 * read, and a newer read's summary or run record naming the rename after it says which is newer. Only
 * times after the record's oldest line's read, and none more than a day past this run
 * (stampedByNoRun), can decide, and only where a line is weighed against other content (a paper's own
 * record holding other content than its line, a rename a run's record keeps): the record's lines are
 * hashed only there.
 */
async function recordNamedAt(
  { record, records, renames, recordHash }: DayState,
  named: Naming[],
): Promise<number> {
  const weighed = (p: PaperContent) => {
    const own = records.get(p.id)?.paper;
    return !!own && !sameContent(own, p);
  };
  if (!record || (renames.size === 0 && !record.papers.some(weighed))) return 0;
  const linesAt = linesReadOf(record);
  if (!named.some(([, t]) => t > linesAt)) return 0;
  const its = newestNaming(named, await recordHash());
  return its > linesAt ? its : 0;
}

/** A content hash a value read now names, and when it says that content was read (s). */
type Naming = readonly [string, number];

/**
 * What the summary (at its content time) and every run record a fold is given (when its content was
 * read, whether or not the summary takes its run in) say of the day's content; none more than a day
 * past this run (stampedByNoRun), each no later than it.
 */
const namings = ({ at, summary, relevant }: DayState, summarySaw: number): Naming[] =>
  [
    ...(summary?.content ? [[summary.content, summarySaw] as const] : []),
    ...relevant.flatMap((o) =>
      o.observation.content ? [[o.observation.content, contentSeenAt(o.observation)] as const] : [],
    ),
  ]
    .filter(([, t]) => !stampedByNoRun(t, at))
    .map(([h, t]) => [h, Math.min(t, at)] as const);

/**
 * The newest time (s) a value read now says `hash` was read, where no value names other content read
 * as late or later; 0 otherwise.
 */
const newestNaming = (named: Naming[], hash: string) => {
  const newest = (which: (h: string) => boolean) =>
    Math.max(0, ...named.filter(([h]) => which(h)).map(([, t]) => t));
  const its = newest((h) => h === hash);
  return its > newest((h) => h !== hash) ? its : 0;
};

/**
 * When the day record says each line read apart from its oldest was read (s), checked against what
 * else the run read. A line is read before its record is written, but one an older read took from a
 * paper's own record, read after the older read's own time, is dated at that record's read, past the
 * stamp: the codec keeps such an entry up to a day past it (CLOCK_MARGIN_S), and the entry alone
 * cannot tell it from a damaged one. Believed past the stamp where it is the very second another
 * value says a read of the paper was made (readThen), else only as far as another value read now
 * says that content was read then: the paper's own record holding the line's content (read when it
 * says), the summary naming the record's content (read when its content time says), or an
 * observation the summary lacks naming it. Taken on its own word, a damaged entry half a day past the
 * stamp would count as newer than a rename read since on the paper's other day, and the repair pass
 * would write the line's older title over the rename's record. Past that, it is as old as the stamp.
 * An entry more than a day past this run counts as none (stampedByNoRun).
 */
async function vouchedLineReads(
  { at, record, records, summary, observed, recordHash }: DayState,
  summarySaw: number,
  history: DayHistory,
): Promise<Map<string, number>> {
  const reads = new Map<string, number>();
  if (!record?.lines_read_at) return reads;
  const stamp = seconds(record.updated_at);
  const lines = new Map(record.papers.map((p) => [p.id, p]));
  // The very second a read of the paper is known to have been made: a point of its history, when the
  // summary or an observation the summary lacks counted it, its own record's read. A line taken from a
  // paper's record is dated at that record's read, which wrote its point and its counters at that
  // second; a damaged entry falls on such a second only by chance. Where the record and the summary
  // holding the line's content were written over since (a read of the paper's other day, a fold of a
  // slower run), this is what is left to say the entry is a read's.
  const counted = summary ? countedTimes(summary) : () => 0;
  const readThen = (id: string, t: number) => {
    const i = summary?.ids.indexOf(id) ?? -1;
    return (
      !!history.papers.get(id)?.points.some(([s]) => s === t) ||
      (i >= 0 && counted(i) === t) ||
      observed.some(
        (o) => o.observation.ids.includes(id) && [o.observation.at, contentSeenAt(o.observation)].includes(t),
      ) ||
      readAtOf(records.get(id)) === t
    );
  };
  // The day's content as the summary or an observation saw it: a hash of the record's lines, asked
  // only where an entry lies past the stamp and the paper's own record does not vouch for it.
  let named: number | undefined;
  const namedAt = async () => {
    if (named !== undefined) return named;
    named = 0;
    const sawIt = [
      ...(summary?.content ? [[summary.content, summarySaw] as const] : []),
      ...observed.flatMap((o) =>
        o.observation.content ? [[o.observation.content, contentSeenAt(o.observation)] as const] : [],
      ),
    ].filter(([, t]) => t > stamp && !stampedByNoRun(t, at));
    if (sawIt.length) {
      const hash = await recordHash();
      named = Math.max(0, ...sawIt.filter(([h]) => h === hash).map(([, t]) => t));
    }
    return named;
  };
  for (const [id, iso] of record.lines_read_at) {
    const t = seconds(iso);
    if (!(t > 0) || stampedByNoRun(t, at)) continue;
    if (t <= stamp || readThen(id, t)) {
      reads.set(id, t);
      continue;
    }
    const own = records.get(id);
    const line = lines.get(id);
    const ownRead = own?.paper && line && sameContent(own.paper, line) ? readAtOf(own) : 0;
    const ownAt = stampedByNoRun(ownRead, at) ? 0 : ownRead;
    reads.set(id, Math.min(t, Math.max(stamp, ownAt, ownAt >= t ? 0 : await namedAt())));
  }
  return reads;
}

/**
 * A stamp as a time (s). A stamp more than a day past this run was made by no run (damaged, as
 * nextVersion takes it) and says nothing of when the content was written or read: it counts as none.
 * Taken for a time, it would date the day's content after every paper record, and the day's older
 * line would be written over the rename a read of the paper's other day put in its record.
 */
export const stampAt = (iso: string | undefined, at: number) => {
  const t = seconds(iso ?? "");
  return stampedByNoRun(t, at) ? 0 : t;
};

/**
 * When the day's content was last written or read (s): the record's last write, or the newest read
 * the summary says it took in, not the summary's version: a fold, or a read that moved the counters
 * alone, stamps that later though the content is as old as before, and a paper renamed on another
 * day in between would get this day's older title back. That read dates the record's content only
 * where the summary names that content: a summary of other content is a newer read's, whose day
 * record a slower, older run's landed over, and the paper records that read wrote, at the very second
 * it was observed, hold its newer content; weighed against it, they would count as no newer than the
 * day, and an older read would put its title back over them. Whether the summary names the record's
 * content (a hash of its lines, no KV read) is asked only where that decides something: a paper
 * record that differs from its line, whose content was read after the record was written and no later
 * than the summary's read, a paper record written from a line, or a day record written (`rewritesRecord`)
 * keeping a line this run did not read.
 */
export async function contentAtOf(
  { r, at, summary, record, records, fresh, recordHash }: DayState,
  { summaryRead, sameWrite, recordLines }: ContentClock,
  contents: PaperContent[],
  previous: string | undefined,
  rewritesRecord: boolean,
): Promise<number> {
  // The record's lines are as old as it says they were read (read_at), where that is before its
  // stamp: a fold, the repair pass or a staged read settled late writes lines read before it at its
  // own later time, and where the summary is of another version (a counters-only read since), the
  // stamp alone would date a rename read in between, whose paper record holds it, before the day.
  const recordAt = Math.min(
    stampAt(record?.read_at, at) || stampAt(record?.updated_at, at),
    stampAt(record?.updated_at, at),
  );
  const summaryAt = stampAt(summaryRead, at);
  const decides =
    !!record &&
    contents.some((c) => {
      const own = records.get(c.id);
      const t = readAtOf(own);
      return !!own?.paper && t > recordAt && t <= summaryAt && !sameContent(own.paper, c);
    });
  // Asked too where a paper's record is written from the day's line (one lacking, lacking the day, or
  // differing): dated at a summary of other content (a newer read's, whose day record and paper record a
  // slower, older run's landed over), a record rebuilt from the older line, or given back a listing with
  // it, would count as read after a rename read in between on its other day.
  const writesFromLines =
    !!record &&
    summaryAt > recordAt &&
    contents.some((c) => {
      const own = records.get(c.id);
      return !own?.paper || !own.listed_on.includes(r.date) || !sameContent(own.paper, c);
    });
  // Asked too where the day record is written keeping a line of the stored record this run did not
  // read: that line is dated at this time (linesReadAt). Dated at a summary of other content (a newer
  // read's, whose day record has not landed), a fold's line of the old title, landed last, would count
  // as read with the rename that newer read found, and a tie with its record would keep the old title.
  const keepsLines =
    !!record &&
    rewritesRecord &&
    summaryAt > recordAt &&
    contents.some((c) => {
      const line = recordLines.get(c.id);
      const f = r.fresh && fresh.get(c.id);
      return !!line && sameContent(line, c) && !(f && sameContent(f.content, c));
    });
  const readNamesRecord =
    (!decides && !writesFromLines && !keepsLines) ||
    (!!summary?.content && summary.content === (await recordHash()));
  // A staged read settled late stamps the record at its settling time, though its lines are as old
  // as its read: the summary written with it (the same version) says when that read was made.
  const readAt = sameWrite && readNamesRecord && summaryAt < recordAt ? summaryAt : 0;
  return record ? readAt || Math.max(recordAt, readNamesRecord ? summaryAt : 0) : stampAt(previous, at);
}

/** When what this run writes was read (writeStamps). */
export type WriteStamps = ReturnType<typeof writeStamps>;

/**
 * When what this run writes was read, apart from when it is written: the version of each paper record
 * written (recordVersion), when its content was read (readTime), and when the day record's lines were
 * read (linesReadAt). `version`, the day's version written now; `previous`, the one it had; `namedAt`,
 * the newest read a value read now names the content written at (contentNamedAt), 0 where none does.
 */
export function writeStamps(
  { r, at, record, records, fresh, restored, carriedOver }: DayState,
  { olderRead, recordLines, lineRead, cardRenamed }: ContentClock,
  contents: PaperContent[],
  contentAt: number,
  { version, previous, namedAt }: { version: string; previous: string | undefined; namedAt: number },
) {
  // A record written changes what /api/papers/:id answers even where the day's version stays
  // (a day put back, content the record lacked): it then takes a version of its own, past its last.
  // A staged read settled late stamps a paper's record at its read's time (past the record's last
  // version): stamped at the settling time, its content, read before a rename, would count as read
  // after it (a newer read of another day the paper is listed on takes a record stamped after it).
  // A read older than the day record that writes a paper's record with content it did not read (the
  // day's newer line, put back where an older write landed on the record) stamps it past that day
  // record, where the content was found: stamped at this read, it would count as read no later than
  // the lines this run wrote of the paper's other days at that very second, older than it, and a fold
  // of such a day would write their older title over the record.
  const recordVersion = (id: string, paper: PaperContent) => {
    const last = records.get(id)?.updated_at;
    const f = fresh.get(id);
    if (olderRead && f && !sameContent(f.content, paper))
      // Past both stamps. One that nextVersion refuses as damaged counts as none, where a string
      // comparison of the stamps let it win; versions are toISOString's, so they sort as times.
      return [nextVersion(r.now, last), nextVersion(r.now, record?.updated_at)].sort().at(-1)!;
    // A read's version is past its read where the day's last version was stamped later (a fold, a
    // counters-only read, run while this read's upstream read was slow): a record of content it read
    // is stamped at its read then, as a staged read's is. Stamped at the version, its content would
    // count as read after a rename read on the paper's other day in between, whose record it lands
    // over, and every run after would keep it.
    const readAfter = r.fresh !== undefined && seconds(version) > at;
    return r.versionAt === undefined && version !== previous && !readAfter
      ? version
      : nextVersion(r.now, last);
  };
  // When a written record's content was read, apart from its version: content the record kept (a
  // listing put back) is as old as the record's own read, and content this run read is of its read
  // (or of the record's, read later, where that holds it too). Stamped at the write, a fold's or the
  // repair pass's record would count as read after a rename read meanwhile, and every run after would
  // take its older title for the newer. Content found elsewhere (the day's line) is dated by its stamp.
  // A rename a run's record kept, or content the newest read a value names found, taken now
  // (renamesRunsKept, contentTheNewestReadFound), was read at that read: dated at this run's write or
  // at the older content's time, it would count as no newer than what it replaced.
  const restoredAt = (c: PaperContent) => {
    const back = restored.get(c.id);
    return back && sameContent(back.content, c) ? back.at : 0;
  };
  const readTime = (id: string, paper: PaperContent, kept: boolean, stamp: string) => {
    const back = restoredAt(paper);
    if (back) return new Date(back * 1000).toISOString();
    const own = records.get(id);
    const ownAt = readStampOf(own);
    // A read time more than a day past this run was made by no run (damaged): it dates nothing.
    const ownRead =
      own?.paper && ownAt && sameContent(own.paper, paper) && !stampedByNoRun(readAtOf(own), at)
        ? ownAt
        : undefined;
    if (kept && ownRead) return ownRead;
    const f = fresh.get(id);
    // The day's line is as old as the day's content was last written or read, or as the record says
    // that line was read, where later: dated at this run's write, a record landing over a rename read
    // meanwhile on the paper's other day would count as read after it, and every run after would take
    // its older title for the newer. A card's title put over it was read now.
    if ((!f || !sameContent(f.content, paper)) && !cardRenamed(paper)) {
      const line = recordLines.get(id);
      // Content no line of the day holds, found in the paper's own record (the day's ids name a paper
      // the record lacks: a newer read's, whose day record has not landed), is as old as that record's
      // read. Dated at when the summary says the day's content was read, that newer read's, it would
      // count as no older than the rename the newer read found, and landed over it, every run after
      // would keep its older title.
      if (!(line && sameContent(line, paper)) && ownRead) return ownRead;
      const lineAt = line && sameContent(line, paper) ? Math.max(contentAt, lineRead(id)) : contentAt;
      return lineAt > 0 && lineAt < seconds(stamp) ? new Date(lineAt * 1000).toISOString() : stamp;
    }
    const read = new Date(r.now).toISOString();
    return ownRead && seconds(ownRead) > at ? ownRead : read;
  };
  // Which day's page a written record's content was read from (PaperRecord.read_on): this day's, where
  // this run read it, a line of the day a read of it wrote holds it, or a run's record of this day
  // says a read of it found it (restored); the record's own, where the content is the record's and
  // came from nowhere else (kept, taken from it, or a line carried in from it). Unknown otherwise.
  const readOn = (id: string, paper: PaperContent, kept: boolean) => {
    const own = records.get(id);
    const owns = !!own?.paper && sameContent(own.paper, paper);
    if (restoredAt(paper)) return r.date;
    if (kept && owns) return own?.read_on;
    const f = fresh.get(id);
    if (f && (sameContent(f.content, paper) || cardRenamed(paper)))
      return owns && readAtOf(own) > at ? own?.read_on : r.date;
    const line = recordLines.get(id);
    if (line && sameContent(line, paper) && !record?.lines_carried?.has(id)) return r.date;
    return owns ? own?.read_on : undefined;
  };
  // When the day record's lines were read, the oldest of them, where that is before its version: a
  // line of this read is of its read (a card's title over the stored content too), one the record kept
  // is as old as the record's line (its own read time, else the record's read_at, else when the day's
  // content was last written or read), one taken from a paper's own record is as old as that record's
  // read. Dated at the write alone, a
  // fold's or the repair pass's record of lines read before a rename on the paper's other day would
  // count as read after it, and restoreListings would take the older title for the newer. Each line
  // read after the oldest keeps its own time too: dated at the oldest, a line taken from a rename
  // read after every read a fold merged would count as older than a read made before the rename.
  const linesReadAt = (stamp: string) => {
    const kept = record?.read_at ? Math.min(stampAt(record.read_at, at) || contentAt, contentAt) : contentAt;
    const written = seconds(stamp);
    // A line this read found is dated at its read, though no later than the version written: a read
    // whose version does not move (it found the day as the summary says) writes under the stamp before
    // it, and what it found is as old as that version. Dated past it, a line of the old title, landed
    // last, would count as newer than a rename read in between on the paper's other day, and the runs
    // after would write it over that rename's record.
    const readNow = Math.min(at, written);
    // Each line's read, and whether it was carried from the paper's own record (DayRecord.lines_carried).
    const carried = new Set<string>();
    const lineAt = (c: PaperContent) => {
      const back = restoredAt(c);
      if (back) return back;
      const f = fresh.get(c.id);
      if (f && ((!r.fresh?.partial && sameContent(f.content, c)) || cardRenamed(c))) return readNow;
      const line = recordLines.get(c.id);
      // Still carried, unless this read found the paper on the day's page as the line has it (its cards).
      if (line && sameContent(line, c)) {
        if (record?.lines_carried?.has(c.id) && f?.content.title !== c.title) carried.add(c.id);
        return Math.max(kept, lineRead(c.id));
      }
      const own = records.get(c.id);
      const t = readAtOf(own);
      // Where a value read now names the very content written (the summary, a run's record) at a later
      // read, no later than the version written, the line is as new as that read: the whole content was
      // read then. Dated at the record's read alone (a rename read on the paper's other day), it counts
      // as no newer than a middle read's record of the old title read at that very second, and a summary
      // dated by it leaves the repair pass breaking that tie for the old title. Where none does and the
      // day record lacked the paper, no value says a read of the day found it: the line is carried from
      // the record. Where the record held another line, a rule took the paper's record over it because a
      // read of this day wrote it (its run record, the history, an undone write): not carried. Unless the
      // line was carried and gave way to a record read on another day's page (recordsOverCarriedLines).
      if (own?.paper && sameContent(own.paper, c) && t > 0 && !stampedByNoRun(t, at)) {
        const named = Math.min(namedAt, written);
        if (named < t && (!line || carriedOver.has(c.id))) carried.add(c.id);
        return Math.max(t, named);
      }
      return kept || readNow;
    };
    // A line taken from a paper's own record read after this run's time (an older read keeping a newer
    // rename) is dated at that record's read, past the stamp: capped at the stamp, it would count as
    // older than a read made in between of the older title, which a fold would then write over it.
    const times = contents.map((c) => [c.id, lineAt(c)] as const);
    const oldest = Math.min(written, ...times.map(([, t]) => t));
    const iso = (t: number) => new Date(t * 1000).toISOString();
    const lines_carried = carried.size ? { lines_carried: carried } : {};
    if (!(oldest > 0)) return lines_carried;
    // A line read at the stamp itself (this read's, beside older lines it kept) is named too: left out,
    // it would read as read with the oldest line, and an older read of the paper's other day, made in
    // between, would count as newer than it.
    const byLine = new Map(times.filter(([, t]) => t > oldest).map(([id, t]) => [id, iso(t)]));
    return {
      ...(oldest < written ? { read_at: iso(oldest) } : {}),
      ...(byLine.size ? { lines_read_at: byLine } : {}),
      ...lines_carried,
    };
  };
  return { recordVersion, readTime, readOn, linesReadAt };
}
