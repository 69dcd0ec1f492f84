// The third way of reading a day: the visible `<article>` cards, found by structure, never
// by class names (they are Tailwind utilities and change: SOURCE-NOTES.md). Cards carry id,
// title, link and upvotes, so the read is partial: abstracts and authors stay as stored.
// linkedom, because this way is for pages whose embedded data is gone.
import { parseHTML } from "linkedom";
import { isCalendarDate, type Paper, paperLinks } from "../core/paper";
import { normalizeText } from "../core/text";
import type { DayRead } from "./dayRead";
import { ParseError } from "./errors";

const PAPER_HREF = /^(?:https?:\/\/[^/]+)?\/papers\/(\d{4}\.\d{4,5})(?:[?#]|$)/;

const cardPaper = (id: string, title: string, upvotes: number, date: string): Paper => ({
  id,
  title,
  summary: "",
  authors: [],
  upvotes,
  date,
  ...paperLinks(id),
});

/**
 * The day comes from the page's canonical URL or a `<time datetime>`; a page that names no
 * day is not guessed at, so a weekend page is never stored under the day asked for.
 */
export function parseCards(html: string): DayRead {
  const { document } = parseHTML(html);
  // Every place a page may name its day, in order of trust; the first that names a real day
  // wins (a real page's og:url is https://huggingface.co/papers, with no day in it).
  const sources = [
    document.querySelector('link[rel="canonical"]')?.getAttribute("href"),
    document.querySelector('meta[property="og:url"]')?.getAttribute("content"),
    ...[...document.querySelectorAll("time[datetime]")].map((t) => t.getAttribute("datetime")),
  ];
  const date = sources.map((s) => s?.match(/(\d{4}-\d{2}-\d{2})/)?.[1]).find((d) => !!d && isCalendarDate(d));
  const papers: Paper[] = [];
  const seen = new Set<string>();
  const unknownUpvotes = new Set<string>();
  for (const article of document.querySelectorAll("article")) {
    const links = [...article.querySelectorAll("a[href]")].filter(
      (a) => PAPER_HREF.test(a.getAttribute("href") ?? "") && a.textContent.trim(),
    );
    const link = article.querySelector("h3 a[href], h2 a[href]") ?? links[0];
    const id = link?.getAttribute("href")?.match(PAPER_HREF)?.[1];
    if (!link || !id || seen.has(id)) continue;
    seen.add(id);
    // The upvote count is the card's first leaf element holding only a number.
    const votes = [...article.querySelectorAll("*")].find(
      (el) => el.children.length === 0 && /^\d+$/.test(el.textContent.trim()),
    );
    // No count found is no proof of 0 votes (the markup may have moved it): the stored count stays.
    if (!votes) unknownUpvotes.add(id);
    const upvotes = votes ? Number(votes.textContent.trim()) : 0;
    papers.push(cardPaper(id, normalizeText(link.textContent), upvotes, date ?? ""));
  }
  if (papers.length === 0)
    throw new ParseError("no paper cards (<article> with a /papers/ link) in the page");
  if (!date || !isCalendarDate(date)) {
    throw new ParseError("paper cards found but the page does not say which day it shows");
  }
  return { date, via: "cards", papers, partial: true, unknownUpvotes, dropped: 0, otherDay: 0 };
}
