// Keeping words:D, the index `q=` looks words up in. Building it costs about as much CPU as
// rewriting a day, more than a scheduled run can add to one that rewrites a day, so it is
// built apart: once a day's content has settled, by a run that rewrote nothing, one day at
// a time. A day without a current index is still searched, by scanning its text.
import type { IsoDate } from "../core/paper";
import { readTexts } from "./kv";
import { decodeSearchText, SEARCH_TEXT_MAX_BYTES, searchTextKey } from "./values/searchText";
import { decodeSummary, SUMMARY_MAX_BYTES, summaryKey } from "./values/summary";
import { decodeWordIndex, encodeWordIndex, WORD_INDEX_MAX_BYTES, wordIndexKey } from "./values/wordIndex";

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
  // Only a text that names this content: one of an older version (which named none) may
  // hold other words, and the repair pass rewrites it first.
  if (!text || text.content !== content) return { outcome: "skipped" };
  await kv.put(wordIndexKey(date), encodeWordIndex(text, content));
  return { outcome: "indexed", content };
}

/**
 * Of these days, those whose word index is current (of the content their summary names),
 * with that content hash. Two bulk reads of summaries and word indexes: the word indexes two
 * to a read, at the 12 MB each may reach (store/kv.ts, readTexts).
 */
export async function currentWordIndexes(kv: KVNamespace, dates: IsoDate[]): Promise<Map<IsoDate, string>> {
  const [summaries, words] = await Promise.all([
    readTexts(kv, dates.map(summaryKey), SUMMARY_MAX_BYTES),
    readTexts(kv, dates.map(wordIndexKey), WORD_INDEX_MAX_BYTES),
  ]);
  const out = new Map<IsoDate, string>();
  for (const date of dates) {
    const summaryText = summaries.get(summaryKey(date)) ?? null;
    const summary = summaryText === null ? null : decodeSummary(summaryText, date);
    const wordsText = words.get(wordIndexKey(date)) ?? null;
    if (!summary?.content || summary.damaged || wordsText === null) continue;
    if (decodeWordIndex(wordsText, date)?.content === summary.content) out.set(date, summary.content);
  }
  return out;
}
