// GET /papers/:id on this Worker: one paper, its upvote curve with labelled axes, its
// abstract, authors and links, and the days it was listed on.
import { type HistoryPoint, linkable, type Paper } from "../../core/paper";
import { curve } from "./chart";
import { starsText } from "./entryHtml";
import { bdi, escapeHtml, isolatedNames, isolatedText } from "./escape";
import { FEED_TITLE } from "./view";

export interface PaperPage {
  paper: Paper;
  listedOn: string[];
  history?: HistoryPoint[];
}

export function renderPaperPage({ paper: p, listedOn, history }: PaperPage): string {
  const links = [
    ["Hugging Face", p.url],
    ["arXiv", p.arxiv_url],
    ["PDF", p.pdf_url],
    ["GitHub", linkable(p.github_repo), starsText(p.github_stars)],
    ["Project page", linkable(p.project_page)],
  ].filter((l): l is [string, string, string?] => !!l[1]);
  const days = listedOn
    .map((d) => `<li><a href="/?date=${escapeHtml(d)}">${escapeHtml(d)}</a></li>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(isolatedText(p.title))} · ${escapeHtml(FEED_TITLE)}</title>
<link rel="icon" href="data:,">
<style>
:root { color-scheme: light dark; --muted: #6b7280; --accent: #d97706; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem; }
h1 { font-size: 1.4rem; } .muted { color: var(--muted); font-size: .9rem; }
svg.curve { max-width: 100%; height: auto; color: var(--accent); }
figure { margin: 1rem 0; } figcaption { color: var(--muted); font-size: .85rem; }
</style>
</head>
<body>
<p class="muted"><a href="/">${escapeHtml(FEED_TITLE)}</a></p>
<main>
<h1>${bdi(escapeHtml(p.title))}</h1>
<p class="muted">${isolatedNames(p.authors)}</p>
<p><strong>▲ ${p.upvotes} upvote${p.upvotes === 1 ? "" : "s"}</strong></p>
<h2>Upvotes over time</h2>
${curve(history)}
<h2>Abstract</h2>
<p>${escapeHtml(p.summary)}</p>
<h2>Links</h2>
<ul>${links.map(([name, url, after = ""]) => `<li><a href="${escapeHtml(url)}">${name}</a>${after}</li>`).join("")}</ul>
<h2>Listed on</h2>
<ul>${days}</ul>
</main>
</body>
</html>
`;
}
