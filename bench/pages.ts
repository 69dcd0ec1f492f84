// Realistic Daily Papers pages for the benchmarks: real items from fixtures/, embedded and
// carded like the real page, padded with the markup the real cards carry (icons, avatar
// lists) to the real page's size: about 440 KB for 40 papers.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const fixture = (path: string) => readFileSync(join(import.meta.dirname, "../fixtures", path), "utf8");
const escapeAttr = (s: string) =>
  s
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
const escapeText = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The 50 real items of the 2026-05-18 API answer. */
export const realItems: any[] = JSON.parse(fixture("api/2026-05-18.json"));

const ICON = `<svg class="text-gray-400" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false" role="img" width="1em" height="1em" preserveAspectRatio="xMidYMid meet" viewBox="0 0 32 32"><path d="M17.74 30L16 29l4-7h6a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h9v2H6a4 4 0 0 1-4-4V8a4 4 0 0 1 4-4h20a4 4 0 0 1 4 4v12a4 4 0 0 1-4 4h-4.84z" fill="currentColor"></path><path d="M8 10h16v2H8z" fill="currentColor"></path><path d="M8 16h10v2H8z" fill="currentColor"></path></svg>`;

function card(item: any): string {
  const p = item.paper;
  const avatars = p.authors
    .slice(0, 12)
    .map(
      (a: any) =>
        `<li class="-mr-2 h-4 w-4 overflow-hidden rounded-full ring-2 ring-white"><img src="https://cdn-avatars.huggingface.co/v1/production/uploads/${a._id}/avatar.png" alt="${escapeAttr(a.name)}" class="h-full w-full object-cover" loading="lazy"></li>`,
    )
    .join("");
  return `<article class="relative flex flex-col overflow-hidden rounded-xl border border-gray-100 bg-white shadow-sm dark:border-gray-850 dark:bg-gray-925">
<a href="/papers/${p.id}" class="shadow-alternate group flex-1 cursor-pointer"><img src="${escapeAttr(item.thumbnail ?? "")}" alt="" class="aspect-video w-full object-cover object-top" loading="lazy"></a>
<div class="from-gray-50-to-white border-t border-gray-100 bg-gradient-to-b px-3 py-2 dark:border-gray-850"><div class="flex items-start gap-2"><div class="flex flex-col items-center rounded-lg border px-2 py-1.5">${ICON}<div class="leading-none">${p.upvotes}</div></div>
<div class="w-full"><h3 class="mb-1 text-lg font-semibold leading-[1.2] hover:underline"><a href="/papers/${p.id}" class="line-clamp-3 cursor-pointer text-balance">${escapeText(p.title)}</a></h3>
<div class="flex items-center text-sm text-gray-400">${ICON}<ul class="flex items-center flex-row-reverse text-sm">${avatars}</ul><span class="ml-2">· ${p.authors.length} authors</span></div>
<div class="flex items-center gap-2 text-sm text-gray-500">${ICON}<span>${item.numComments ?? 0}</span>${ICON}${ICON}</div></div></div></div>
</article>`;
}

/** A page of `items`, all listed on `date`, padded to `targetBytes` like the real page. */
export function realisticPage(
  items: any[],
  date: string,
  targetBytes: number,
): { html: string; payload: string } {
  const dated = items.map((i) => ({
    ...i,
    paper: { ...i.paper, submittedOnDailyAt: `${date}T00:00:00.000Z` },
  }));
  const payload = JSON.stringify({
    dailyPapers: dated,
    dateString: date,
    prevDate: null,
    periodType: "day",
    query: {},
    isTrending: false,
    canSubmit: false,
    publisher: null,
    authLight: null,
  });
  const head = `<!doctype html><html><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title><link rel="canonical" href="https://huggingface.co/papers/date/${date}"></head><body><main>`;
  const start = `<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="${escapeAttr(payload)}">`;
  const cards = dated.map(card).join("\n");
  const tail = `</div></main><footer></footer>`;
  const base = head + start + cards + tail;
  // The rest of the real page: header, footer and the hub's own scripts.
  const filler = `<script>window.__hubConfig=${JSON.stringify({ padding: "x".repeat(Math.max(0, targetBytes - base.length - 60)) })};</script>`;
  return { html: `${base}${filler}</body></html>`, payload };
}

export const page40 = (date = "2026-05-15") =>
  realisticPage(
    realItems.filter((i) => i.paper.submittedOnDailyAt.startsWith("2026-05-15")),
    date,
    440_000,
  );
export const page50 = (date = "2026-05-18") => realisticPage(realItems, date, 520_000);
