// One paper as the HTML body of a feed entry: upvotes, authors, abstract, links.

import { linkable, type Paper } from "../../core/paper";
import { bdi, escapeHtml, escaperFor, isolatedNames } from "./escape";
import { type DigestDay, HF_PAPERS } from "./view";

const upvoteLine = (p: Pick<Paper, "upvotes">) => `${p.upvotes} upvote${p.upvotes === 1 ? "" : "s"}`;

/**
 * A repository's stars as shown beside its link, e.g. " (1,234 stars)"; empty when unknown.
 * Grouped by hand: toLocaleString goes through Intl on every call, and a feed has hundreds.
 */
export const starsText = (stars: number | undefined) =>
  stars === undefined
    ? ""
    : ` (${String(stars).replace(/\B(?=(\d{3})+(?!\d))/g, ",")} star${stars === 1 ? "" : "s"})`;

/** Pushed as pieces onto `out`, so a whole feed is joined once (a 7-day feed is about 1 MB). */
export function pushEntryHtml(p: Paper, out: string[], esc = escaperFor(p)): void {
  out.push("<p><strong>", upvoteLine(p), "</strong> · listed ", p.date);
  if (p.authors.length) out.push(" · ", isolatedNames(p.authors, esc));
  out.push("</p>");
  if (p.summary) out.push("\n<p>", escapeHtml(p.summary), "</p>");
  if (p.ai_summary) out.push("\n<p><em>AI summary:</em> ", escapeHtml(p.ai_summary), "</p>");
  out.push(
    '\n<p><a href="',
    escapeHtml(p.url),
    '">Hugging Face</a> · <a href="',
    escapeHtml(p.arxiv_url),
    '">arXiv</a> · <a href="',
    escapeHtml(p.pdf_url),
    '">PDF</a>',
  );
  // Checked again here: links stored before ingest checked them could have any scheme.
  const github = linkable(p.github_repo);
  const project = linkable(p.project_page);
  if (github) out.push(' · <a href="', escapeHtml(github), '">GitHub</a>', starsText(p.github_stars));
  if (project) out.push(' · <a href="', escapeHtml(project), '">Project page</a>');
  out.push("</p>");
}

export function entryHtml(p: Paper): string {
  const out: string[] = [];
  pushEntryHtml(p, out);
  return out.join("");
}

/** A day's digest as HTML: its papers ranked by upvotes, each linked, with authors and upvotes. */
export function digestHtml(day: DigestDay): string {
  const items = day.papers.map((p) => {
    const authors = p.authors.length ? ` · ${isolatedNames(p.authors)}` : "";
    return `<li><a href="${escapeHtml(p.url)}">${bdi(escapeHtml(p.title))}</a> · <strong>${upvoteLine(p)}</strong>${authors}</li>`;
  });
  return `<ol>\n${items.join("\n")}\n</ol>`;
}

/** A digest entry's title, e.g. "Daily Papers of 2026-05-15: 40 papers". */
export const digestTitle = (day: DigestDay) =>
  `Daily Papers of ${day.date}: ${day.papers.length} paper${day.papers.length === 1 ? "" : "s"}`;

/** Where a listed day lives on Hugging Face: the digest entry's link and id. */
export const dayUrl = (date: string) => `${HF_PAPERS}/date/${date}`;
