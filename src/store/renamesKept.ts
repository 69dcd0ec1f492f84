// Which renames other runs' records keep (Observation.renamed) a run without a fresh read weighs
// against the day's lines and the papers' own records: a slower, older run may have written over every
// value holding a rename but the record of the run that read it (docs/overlapping-runs.md, "Run records
// keep the renames").
import type { PaperContent } from "../core/paper";
import { seconds } from "./counters";
import type { Observed, SettleRequest } from "./settle";
import { contentSeenAt, type Observation, renamedSeenAt } from "./values/runRecord";
import { contentReadAt, type StoredSummary } from "./values/summary";

/**
 * The renames other runs' records keep (Observation.renamed) that may be newer than the day's content,
 * by paper: the newest of each, read at its observation's time. Only of an observation made after the
 * summary's content was read, with other content than the summary names, whether or not the summary
 * takes its run in: a summary that took in a newer read's run while naming the older content it kept
 * leaves that run folded for good, and where a slower, older run wrote over every other value holding
 * the rename, its record alone still holds it. A run with a fresh read has its own.
 */
export function renamesToWeigh(
  r: SettleRequest,
  summary: StoredSummary | null,
  relevant: Observed[],
  unheld = false,
): Map<string, { content: PaperContent; at: number }> {
  const renames = new Map<string, { content: PaperContent; at: number }>();
  if (r.fresh) return renames;
  // A read of other content made after the rename (an observation naming it, seen later) may have
  // found the paper otherwise: a stale page read after a rename on the paper's other day, kept as a
  // rename of its own, is older than a newer read that found the stored content and so kept nothing.
  const seenLater = (o: Observation, t: number) =>
    relevant.some(({ observation: p }) => !!p.content && p.content !== o.content && contentSeenAt(p) > t);
  for (const { observation: o } of relevant) {
    if (!renamedSinceSummary(o, summary) && !(unheld && namesRenamed(o, summary))) continue;
    const readAt = renamedSeenAt(o);
    if (seenLater(o, readAt)) continue;
    for (const c of o.renamed ?? [])
      if ((renames.get(c.id)?.at ?? 0) < readAt) renames.set(c.id, { content: c, at: readAt });
  }
  return renames;
}

/** Whether an observation keeps renames, made with the content the summary names. */
export const namesRenamed = (o: Observation, summary: StoredSummary | null) =>
  !!o.renamed?.length && !!summary?.content && o.content === summary.content;

/**
 * Whether, without a fresh read, the summary names the content of an observation that keeps renames
 * while the day record holds other content (or there is none): a slower, older read's day record and
 * paper records landed over every value holding the renames but the summary's hash, and that run
 * record. The summary then vouches for no value: its content is the renames', read at their read, and
 * they are weighed (renamesToWeigh) against the line and the paper's own record as any other run's.
 * Taken for held, the older line would be written as the day's content and the rename lost for good.
 * Hashes the record's lines only where such an observation is given.
 */
export async function renameUnheld(
  r: SettleRequest,
  summary: StoredSummary | null,
  recorded: boolean,
  relevant: Observed[],
  recordHash: () => Promise<string>,
): Promise<boolean> {
  if (r.fresh || !relevant.some((o) => namesRenamed(o.observation, summary))) return false;
  return !recorded || (await recordHash()) !== summary?.content;
}

/**
 * Whether an observation keeps renames read after the summary's content was, made with other content
 * than the summary names, or with that very content where the summary dates it before the observation
 * says it was read: a fold weighs them (renamesToWeigh), whether or not the summary takes the
 * observation's run in. An older read that took the renames from the papers' records (read after its
 * own read) writes the newer read's content, and its summary, landing last, dates it at the older
 * lines' read; left out, no fold weighed the renames, and the repair pass took a stale page's paper
 * record, read after one renamed line's read but before the newer read, over that line.
 */
export function renamedSinceSummary(o: Observation, summary: StoredSummary | null): boolean {
  if (!o.renamed?.length) return false;
  const summaryRead = summary ? seconds(contentReadAt(summary)) : 0;
  return (
    renamedSeenAt(o) > summaryRead &&
    !(summary?.content && o.content === summary.content && contentSeenAt(o) <= summaryRead)
  );
}
