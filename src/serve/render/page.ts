// The front page: plain HTML and CSS served by the Worker (no build step), readable on a
// phone. Every interpolated string goes through escapeHtml.

import { FIRST_LIST_YEAR } from "../../core/dates";
import type { HistoryPoint, Paper } from "../../core/paper";
import {
  DEFAULT_SORT,
  DIGESTS,
  type Digest,
  type ListQuery,
  MIN_UPVOTES,
  NOT_IN_A_DIGEST,
  SORTS,
  type Sort,
} from "../query";
import { sparkline } from "./chart";
import { bdi, escapeHtml, isolatedNames, isolatedWhereNeeded } from "./escape";
import { FEED_TITLE, feedTitle, HF_PAPERS, type ListView } from "./view";

function paperItem(p: Paper, history?: HistoryPoint[]): string {
  const more = p.authors.length > 6 ? ` and ${p.authors.length - 6} more` : "";
  const authors = `${isolatedNames(p.authors.slice(0, 6))}${more}`;
  const votes = `<span class="votes" title="upvotes">▲ ${p.upvotes}${sparkline(history)}</span>`;
  const own = `<a href="/papers/${escapeHtml(p.id)}">details</a>`;
  const arxiv = `<a href="${escapeHtml(p.arxiv_url)}">arXiv</a>`;
  const meta = `${authors}${authors ? " · " : ""}${escapeHtml(p.date)} · ${arxiv} · ${own}`;
  return `<li>${votes}<div><a href="${escapeHtml(p.url)}">${bdi(escapeHtml(p.title))}</a>
<div class="meta">${meta}</div></div></li>`;
}

// The form's choices, one for each value serve/query.ts takes (the default left out of URLs).
const SORT_LABELS: Record<Sort, string> = {
  date: "newest day first",
  upvotes: "most upvoted first",
  rising: "rising: most upvotes in 24 hours",
};
const SORT_CHOICES = SORTS.map((s): [string, string] => [s === DEFAULT_SORT ? "" : s, SORT_LABELS[s]]);
const DIGEST_LABELS: Record<Digest, string> = { day: "one per day (digest)" };
const DIGEST_CHOICES: [string, string][] = [
  ["", "one per paper"],
  ...DIGESTS.map((d): [string, string] => [d, DIGEST_LABELS[d]]),
];

/**
 * A pattern of the whole numbers from 0 to `max` in digits, leading zeros allowed, as the
 * server reads them: by hand, since HTML checks a range only on number inputs, which also
 * take "1e3" and which the server refuses. Numbers of fewer digits, then those of as many
 * that are below `max` from some digit on, then `max` itself. A range from 0 only (the type
 * says so): another minimum would need a pattern of its own.
 */
export function wholeUpTo({ max }: { min: 0; max: number }): string {
  const digits = String(max);
  const rest = (i: number) => digits.length - 1 - i;
  const shorter = digits.length > 1 ? [`\\d{1,${digits.length - 1}}`] : [];
  const below = [...digits].flatMap((d, i) => {
    // A first digit of 0 makes a shorter number, which 0* and `shorter` take (a one-digit max has none).
    const low = i === 0 && digits.length > 1 ? 1 : 0;
    const top = Number(d) - 1;
    if (top < low) return [];
    return [`${digits.slice(0, i)}[${low}-${top}]${rest(i) ? `\\d{${rest(i)}}` : ""}`];
  });
  return `0*(${[...shorter, ...below, digits].join("|")})`;
}

// What the form can check before sending: the rules of serve/query.ts that HTML can say.
const FIRST_DAY = `${FIRST_LIST_YEAR}-01-01`;
// [\s\S], not ".": a dot does not match U+2028 or U+2029, which the server takes.
const NOT_BLANK = 'pattern="[\\s\\S]*\\S[\\s\\S]*" title="Some text other than spaces"';
const UPVOTES_PATTERN = `pattern="${wholeUpTo(MIN_UPVOTES)}"`;
const UPVOTES_TITLE = `title="A whole number from ${MIN_UPVOTES.min} to ${MIN_UPVOTES.max.toLocaleString("en")}, in digits"`;

const options = (chosen: string, all: [string, string][]) =>
  all
    .map(([v, label]) => `  <option value="${v}"${v === chosen ? " selected" : ""}>${label}</option>`)
    .join("\n");

function lastRunLine({ at, ok }: { at: string; ok: boolean }): string {
  const when = `<time datetime="${escapeHtml(at)}">${escapeHtml(at.replace("T", " ").slice(0, 16))} UTC</time>`;
  return `Last scrape: ${when}${ok ? "" : ' (with errors, see <a href="/api/status">status</a>)'}.`;
}

function urlItem(label: string, path: string, url: string, digests: boolean): string {
  const data = `data-path="${path}" data-digests="${digests}"`;
  const input = `<input readonly aria-label="${label} URL" ${data} value="${escapeHtml(url)}">`;
  return `<li><span>${label}</span>${input}<a href="${escapeHtml(url)}" ${data}>open</a></li>`;
}

function paperList(view: ListView): string {
  const { papers, total, nextUrl } = view;
  if (!papers.length) return "<p>No papers match.</p>";
  const shown = nextUrl ? `, first ${papers.length} shown` : "";
  const count = `<p class="muted">${total} paper${total === 1 ? "" : "s"}${shown}.</p>`;
  const next = nextUrl ? `\n<p><a rel="next" href="${escapeHtml(nextUrl)}">Next page</a></p>` : "";
  return `${count}<ol class="papers">\n${papers.map((p) => paperItem(p, view.histories?.[p.id])).join("\n")}\n</ol>${next}`;
}

/**
 * The title the page gives its answer, with the text the visitor typed (q, author, org) each
 * isolated: a right-to-left override in one then reorders only itself, not the filters named
 * after it, as in a paper's title (Unicode UAX #9, rules X5c and X6a). Plain text, so it can
 * go in an attribute too.
 */
const pageTitle = (q: ListQuery) =>
  feedTitle({
    ...q,
    ...(q.q ? { q: isolatedWhereNeeded(q.q) } : {}),
    ...(q.author ? { author: isolatedWhereNeeded(q.author) } : {}),
    ...(q.org ? { org: isolatedWhereNeeded(q.org) } : {}),
  });

export function renderPage(view: ListView): string {
  const q = view.query;
  // Days asked for are named even when none is stored; without them the newest stored days
  // are shown, so none means an empty archive.
  const heading =
    q.date || q.from || q.week || q.month
      ? pageTitle(q)
      : view.days.length === 0
        ? "No papers stored yet"
        : `Newest day: ${view.days[0]}`;
  const run = view.lastRun ? lastRunLine(view.lastRun) : "No scrape has run yet.";
  const feedDays = view.feedDays === 1 ? "stored day" : `${view.feedDays} stored days`;
  const value = (v: unknown) => (v === undefined ? "" : escapeHtml(String(v)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(FEED_TITLE)}: feeds and archive</title>
<link rel="icon" href="data:,">
${view.formats
  .filter((f) => f.discoverable)
  .map(
    (f) =>
      `<link rel="alternate" type="${f.contentType.split(";")[0]}" ` +
      `title="${escapeHtml(pageTitle(q))} (${f.label})" href="${escapeHtml(f.url)}">`,
  )
  .join("\n")}
<style>
:root { color-scheme: light dark; --muted: #6b7280; --accent: #d97706; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 52rem; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.muted, .meta { color: var(--muted); font-size: .9rem; }
form { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
label { display: flex; flex-direction: column; font-size: .9rem; }
input, select { font: inherit; padding: .3rem .4rem; min-width: 0; }
input[type=number] { width: 8rem; }
button { font: inherit; padding: .3rem .8rem; cursor: pointer; }
.urls { list-style: none; padding: 0; margin: .75rem 0 0; display: grid; gap: .4rem; }
.urls li { display: grid; grid-template-columns: 6rem 1fr auto; gap: .5rem; align-items: center; }
.urls input { width: 100%; font-family: ui-monospace, monospace; font-size: .85rem; }
ol.papers { list-style: none; padding: 0; }
ol.papers li { display: flex; gap: .75rem; padding: .5rem 0; border-bottom: 1px solid #8883; }
.votes { color: var(--accent); font-weight: 600; min-width: 5.5rem; white-space: nowrap;
  display: flex; flex-direction: column; gap: .15rem; }
@media (max-width: 32rem) { .urls li { grid-template-columns: 1fr auto; } .urls li span { grid-column: 1 / -1; } }
</style>
</head>
<body>
<header>
<h1>${escapeHtml(FEED_TITLE)}</h1>
<p class="muted">An archive of the papers listed on <a href="${HF_PAPERS}">huggingface.co/papers</a>,
day by day, with their upvotes. ${run}
<a href="/openapi.json">API description (OpenAPI)</a> · <a href="/api/status">status</a></p>
</header>
<main>
<section aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe</h2>
<form id="filters" method="get" action="/">
<label>Day <input type="date" name="date" min="${FIRST_DAY}" value="${value(q.date)}"></label>
<label>From <input type="date" name="from" min="${FIRST_DAY}" value="${value(q.from)}"></label>
<label>To <input type="date" name="to" min="${FIRST_DAY}" value="${value(q.to)}"></label>
<label>Week <input type="week" name="week" min="${FIRST_LIST_YEAR}-W01" pattern="\\d{4}-W\\d{2}" placeholder="2026-W20"
  value="${value(q.week)}"></label>
<label>Month <input type="month" name="month" min="${FIRST_LIST_YEAR}-01" pattern="\\d{4}-\\d{2}" placeholder="2026-05"
  value="${value(q.month)}"></label>
<label>Minimum upvotes <input type="text" name="min_upvotes" inputmode="numeric" ${UPVOTES_PATTERN}
  ${UPVOTES_TITLE} value="${value(q.min_upvotes)}"></label>
<label>Text <input type="search" name="q" maxlength="200" ${NOT_BLANK} placeholder="title, abstract, keywords"
  value="${value(q.q)}"></label>
<label>Author <input type="text" name="author" maxlength="200" ${NOT_BLANK} value="${value(q.author)}"></label>
<label>Organisation <input type="text" name="org" maxlength="200" ${NOT_BLANK} value="${value(q.org)}"></label>
<label>Order <select name="sort">
${options(q.sort ?? "", SORT_CHOICES)}
</select></label>
<label>Feed entries <select name="digest">
${options(q.digest ?? "", DIGEST_CHOICES)}
</select></label>
<button type="submit">Show papers</button>
</form>
<p class="muted">Pick a day, a range (at most ${view.maxRangeDays} days), a week or a month, and any filters; copy a URL
into your feed reader, or import the OPML list of every feed. Without a day the feeds show at least the newest
${feedDays}, and link weekly archives for the rest.</p>
<ul class="urls" id="feed-urls">
${view.formats.map(({ label, path, digests, url }) => urlItem(label, path, url, digests)).join("\n")}
</ul>
</section>
<section aria-labelledby="papers">
<h2 id="papers">${escapeHtml(heading)}</h2>
${paperList(view)}
</section>
</main>
<script>
// Keeps the feed URLs in step with the form, so they can be copied without submitting it.
(() => {
  const form = document.getElementById("filters");
  // The query's parameters in canonical order (the server's), and the ways of naming days,
  // of which a query takes one: picking one clears the others, so the URLs stay valid.
  const order = ${JSON.stringify(view.filterNames)};
  const dayGroups = [["date"], ["from", "to"], ["week"], ["month"]];
  // A digest takes none of these (serve/query.ts): choosing either side clears the other.
  const notInDigest = ${JSON.stringify(Object.keys(NOT_IN_A_DIGEST))};
  const update = (changed) => {
    const group = changed && changed.value && dayGroups.find((g) => g.includes(changed.name));
    if (group) for (const other of dayGroups) if (other !== group) for (const name of other) form[name].value = "";
    if (changed && changed.value && changed.name === "digest") for (const name of notInDigest) form[name].value = "";
    if (changed && changed.value && notInDigest.includes(changed.name)) form.digest.value = "";
    // Half a range is no range: the form asks for the other half, and the URLs leave it out;
    // so it does with a range that ends before it starts or is longer than the server takes.
    const half = !form.from.value !== !form.to.value;
    form.from.required = form.to.required = half;
    const span = form.from.value && form.to.value ? (Date.parse(form.to.value) - Date.parse(form.from.value)) / 864e5 + 1 : 1;
    const wrong =
      span < 1 ? "must not be before From" : span > ${view.maxRangeDays} ? "makes a range of more than ${view.maxRangeDays} days" : "";
    form.to.setCustomValidity(wrong);
    const noRange = half || wrong !== "";
    // A field that breaks a rule HTML checks (its pattern, its minimum) is left out too: the
    // server would refuse it, and a copied URL would answer 400.
    const usable = (name) => form[name] && form[name].value && form[name].validity.valid;
    const params = new URLSearchParams();
    for (const name of order)
      if (usable(name) && !(noRange && (name === "from" || name === "to"))) params.set(name, form[name].value);
    for (const el of document.querySelectorAll("#feed-urls [data-path]")) {
      const own = new URLSearchParams(params);
      if (el.dataset.digests === "false") own.delete("digest");
      const query = own.toString();
      const full = location.origin + el.dataset.path + (query ? "?" + query : "");
      if (el.tagName === "INPUT") el.value = full; else el.href = full;
    }
  };
  form.addEventListener("input", (e) => update(e.target));
  for (const input of document.querySelectorAll("#feed-urls input")) input.addEventListener("focus", () => input.select());
})();
</script>
</body>
</html>
`;
}
