// Keeping words:D, the index `q=` looks words up in (searchText.ts, wordsOf). Building it
// costs more CPU than a scheduled run can add to a run that rewrites a day, so it is built
// apart: once a day's content has settled, by a run that rewrote nothing, one day at a time.
// A day without a current index is still searched, by scanning its text.
import type { IsoDate } from "../core/paper";
import { getSummaries } from "./days";
import { keys } from "./keys";
import { DayText, wordsOf } from "./searchText";

export type WordsOutcome =
  /** The index matches the day's content. */
  | "current"
  /** It was missing or out of date, and was written. */
  | "indexed"
  /** The day has no summary or no text in the current format to index (the repair pass sees to those). */
  | "skipped";

/** Brings a day's words:D in line with its content. Reads two keys (three to build), writes at most one. */
export async function indexWords(kv: KVNamespace, date: IsoDate): Promise<WordsOutcome> {
  const [summaries, words] = await Promise.all([getSummaries(kv, [date]), kv.get(keys.words(date), "text")]);
  const summary = summaries.get(date);
  if (!summary?.content) return "skipped";
  if (words !== null && DayText.read(words)?.content === summary.content) return "current";
  const text = await kv.get(keys.text(date), "text");
  const value = text === null ? null : wordsOf(text, summary.content);
  if (value === null) return "skipped";
  await kv.put(keys.words(date), value);
  return "indexed";
}
