// Keeping words:D, the index `q=` looks words up in. Building it costs about as much CPU as
// rewriting a day, more than a scheduled run can add to one that rewrites a day, so it is
// built apart: once a day's content has settled, by a run that rewrote nothing, one day at
// a time. A day without a current index is still searched, by scanning its text.
import type { IsoDate } from "../core/paper";
import { readTexts } from "./kv";
import { decodeSearchText, SEARCH_TEXT_MAX_BYTES, searchTextKey } from "./values/searchText";
import { decodeSummary, summaryKey } from "./values/summary";
import { decodeWordIndex, encodeWordIndex, wordIndexKey } from "./values/wordIndex";

export type WordsOutcome =
  /** The index matches the day's content. */
  | "current"
  /** It was missing or out of date, and was written. */
  | "indexed"
  /** The day has no current summary or search text to index (the repair pass sees to those). */
  | "skipped";

/** What indexWords did, and the content hash of the day's word index when it is current. */
export interface WordsResult {
  outcome: WordsOutcome;
  content?: string;
}

/** Brings a day's words:D in line with its content. Reads three keys, writes at most one. */
export async function indexWords(kv: KVNamespace, date: IsoDate): Promise<WordsResult> {
  const keys = [summaryKey(date), wordIndexKey(date), searchTextKey(date)];
  const texts = await readTexts(kv, keys, SEARCH_TEXT_MAX_BYTES);
  const summaryText = texts.get(summaryKey(date)) ?? null;
  const summary = summaryText === null ? null : decodeSummary(summaryText, date);
  if (!summary?.content || summary.damaged) return { outcome: "skipped" };
  const content = summary.content;
  const wordsText = texts.get(wordIndexKey(date)) ?? null;
  if (wordsText !== null && decodeWordIndex(wordsText, date)?.content === content)
    return { outcome: "current", content };
  const textValue = texts.get(searchTextKey(date)) ?? null;
  const text = textValue === null ? null : decodeSearchText(textValue, date);
  // A text written before values named their content is of the summary's papers when its ids are.
  const ofSummary = text?.content === undefined && text?.ids.join(" ") === summary.ids.join(" ");
  if (!text || (text.content !== content && !ofSummary)) return { outcome: "skipped" };
  await kv.put(wordIndexKey(date), encodeWordIndex(text, content));
  return { outcome: "indexed", content };
}
