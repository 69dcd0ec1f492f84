// Builds the test fixtures in fixtures/ from the real API responses kept in
// ../shared/reference (see SOURCE-NOTES.md). Run it by hand when the reference data
// changes: `npm run fixtures -- [path/to/reference]`. Its output is committed, so CI and
// users never need the reference folder.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";

const ref = process.argv[2] ?? new URL("../../shared/reference", import.meta.url).pathname;
const out = new URL("../fixtures/", import.meta.url).pathname;
mkdirSync(join(out, "pages"), { recursive: true });
mkdirSync(join(out, "api"), { recursive: true });

/** What this script reads of an /api/daily_papers item; every other field is kept as it is. */
const Item = z.looseObject({
  paper: z.looseObject({
    id: z.string(),
    authors: z.array(z.looseObject({ name: z.string(), hidden: z.boolean().optional() })),
    upvotes: z.number(),
    title: z.string(),
    summary: z.string(),
    submittedOnDailyAt: z.string().optional(),
  }),
  publishedAt: z.string(),
  title: z.string(),
  summary: z.string().optional(),
  thumbnail: z.string().nullish(),
  submittedBy: z.looseObject({ fullname: z.string().optional() }).nullish(),
});
type Item = z.infer<typeof Item>;
// Checked, not rebuilt: zod would put the fields it knows first, and the pages embed the
// items with their fields in the order the API sent them.
const Items = z.array(z.custom<Item>((item) => Item.safeParse(item).success, "not a daily_papers item"));
const readItems = (file: string) => Items.parse(JSON.parse(readFileSync(join(ref, file), "utf8")));

const api2026 = readItems("hf-api-daily-papers-2026-05-18.json");
const api2024 = readItems("hf-api-daily-papers-2024-10-25.json");

// The page escapes its hydration props like any HTML attribute value.
const escapeAttr = (s: string) =>
  s
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
const escapeText = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

// One visible card, shaped like the real ones: utility classes that change, a title link
// in an h3, an upvote count, an author count and a date (SOURCE-NOTES.md, "Pages").
function card(item: Item): string {
  const p = item.paper;
  const authors = p.authors.filter((a) => !a.hidden).length;
  return `<article class="relative flex flex-col overflow-hidden rounded-xl border">
<a href="/papers/${p.id}" class="shadow-alternate flex-1"><img src="${escapeAttr(item.thumbnail ?? "")}" alt="" class="aspect-video w-full object-cover" loading="lazy"></a>
<div class="from-gray-50-to-white bg-gradient-to-b px-3 py-2"><div class="flex gap-2"><div class="flex flex-col items-center"><div class="leading-none">${p.upvotes}</div></div>
<div class="w-full"><h3 class="mb-1 text-lg font-semibold leading-[1.2]"><a href="/papers/${p.id}" class="line-clamp-3 cursor-pointer">${escapeText(p.title)}</a></h3>
<div class="flex items-center text-sm text-gray-400"><ul class="flex items-center"></ul><span>${authors} authors</span></div></div></div>
<div class="text-sm">Submitted by <span>${escapeText(item.submittedBy?.fullname ?? "")}</span> · ${(p.submittedOnDailyAt ?? item.publishedAt).slice(0, 10)}</div></div>
</article>`;
}

function page(date: string, items: Item[], { prevDate }: { prevDate: string }): string {
  const props = {
    dailyPapers: items,
    dateString: date,
    prevDate,
    periodType: "day",
    query: {},
    isTrending: false,
    canSubmit: false,
    publisher: null,
    authLight: null,
  };
  return `<!doctype html>
<html class=""><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0, user-scalable=no">
<title>Daily Papers - Hugging Face</title>
<link rel="canonical" href="https://huggingface.co/papers/date/${date}">
<link rel="stylesheet" href="/front/build/kube-1a2b3c/style.css"></head>
<body class="flex flex-col min-h-dvh bg-white dark:bg-gray-950 text-black PapersPage">
<div class="flex min-h-dvh flex-col"><header class="border-b border-gray-100"><nav aria-label="Main"><a href="/">Hugging Face</a></nav></header>
<main class="flex flex-1 flex-col"><div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="${escapeAttr(JSON.stringify(props))}">
<section class="container"><h1>Daily Papers</h1><p>by AK and the research community</p>
<div class="relative grid grid-cols-1 gap-14 lg:grid-cols-2 xl:grid-cols-3">
${items.map(card).join("\n")}
</div></section></div></main>
<footer><a href="/terms-of-service">TOS</a></footer></div>
<script>window.hubConfig = {"features":{"signupDisabled":false}};</script>
<script type="module" src="/front/build/kube-1a2b3c/index.js"></script>
</body></html>
`;
}

const byDay = (items: Item[], day: string) =>
  items.filter((i) => i.paper.submittedOnDailyAt?.startsWith(day));
const fri = byDay(api2026, "2026-05-15");
const mon = byDay(api2026, "2026-05-18");

// A day whose titles and abstracts need every kind of escaping: made from real items with
// their text replaced, so the structure stays the real one.
const AWKWARD = [
  { upvotes: 3, title: "Q&A <b>is not a tag</b>: \"Quotes\", 'apostrophes' & AT&T" },
  { upvotes: 0, title: "Ünïcödé — naïve café: 数据 and emoji 🚀🧪" },
  { upvotes: 42, title: "Hard\n  wrapped\n  title with a bell\u0007 and &amp; literally" },
  { upvotes: 7, title: "Scripts: </script><script>alert(1)</script> & ]]> in a title" },
];
const awkward = AWKWARD.map(({ upvotes, title }, n) => {
  const item = fri[n];
  if (!item) throw new Error(`the reference lists fewer than ${AWKWARD.length} papers on 2026-05-15`);
  const copy = structuredClone(item);
  const p = copy.paper;
  p.id = `2605.990${n}${n}`;
  p.submittedOnDailyAt = "2026-05-14T00:00:00.000Z";
  p.upvotes = upvotes;
  p.title = title;
  p.summary = `First line of an abstract\n  that was hard-wrapped, with <tags> & "quotes".\n\n  ${p.summary}`;
  copy.title = p.title;
  copy.summary = p.summary;
  if (n === 0) p.authors = [{ _id: "x", name: "Hidden Person", hidden: true }, ...p.authors];
  return copy;
});

writeFileSync(join(out, "pages", "2026-05-18.html"), page("2026-05-18", mon, { prevDate: "2026-05-15" }));
writeFileSync(join(out, "pages", "2026-05-15.html"), page("2026-05-15", fri, { prevDate: "2026-05-14" }));
writeFileSync(join(out, "pages", "2026-05-14.html"), page("2026-05-14", awkward, { prevDate: "2026-05-13" }));
writeFileSync(join(out, "pages", "2024-10-25.html"), page("2024-10-25", api2024, { prevDate: "2024-10-24" }));
// The older page template (SOURCE-NOTES.md, "Shapes over time"): props name the day in `date`
// as a timestamp beside `prevDate` and `nextDate`, items have no `submittedOnDailyAt`, the day
// is named by a <time datetime> around date links `/papers?date=…`, og:url carries no date,
// and cards are <div><article> with `h3 > a` and the count in a leaf element; some cards
// show a <video> where others show an <img>.
function olderCard(item: Item, n: number): string {
  const p = item.paper;
  const media =
    n % 3 === 0
      ? `<video src="${escapeAttr(item.thumbnail ?? "")}" muted loop></video>`
      : `<img src="${escapeAttr(item.thumbnail ?? "")}" alt="">`;
  return `<div class="w-full"><article class="flex flex-col overflow-hidden rounded-xl border">
<a href="/papers/${p.id}" class="block">${media}</a>
<div class="px-2 py-1"><div class="flex"><div class="mr-2 flex flex-col items-center"><div class="leading-none">${p.upvotes}</div></div>
<div><h3 class="text-lg font-semibold"><a href="/papers/${p.id}">${escapeText(p.title)}</a></h3>
<div class="text-sm text-gray-500">${p.authors.filter((a) => !a.hidden).length} authors</div></div></div></div>
</article></div>`;
}

function olderPage(
  date: string,
  items: Item[],
  { prevDate, nextDate }: { prevDate: string; nextDate: string },
): string {
  const props = {
    canSubmit: false,
    date: `${date}T00:00:00.000Z`,
    dailyPapers: items,
    nextDate,
    prevDate,
    publisher: null,
  };
  return `<!doctype html>
<html class=""><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title>
<meta property="og:url" content="https://huggingface.co/papers">
<meta property="og:title" content="Daily Papers - Hugging Face"></head>
<body class="flex flex-col min-h-screen bg-white dark:bg-gray-950 text-black PapersPage">
<div class="flex min-h-screen flex-col"><header><nav><a href="/">Hugging Face</a></nav></header>
<main class="flex flex-1 flex-col"><div class="SVELTE_HYDRATER contents" data-target="UserMenu" data-props="{}"></div>
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="${escapeAttr(JSON.stringify(props))}">
<section class="container"><div class="flex items-center"><a href="/papers?date=${prevDate}">Previous</a>
<time datetime="${date}T00:00:00.000Z">${date}</time><a href="/papers?date=${nextDate}">Next</a></div>
<div class="grid grid-cols-1 gap-10 lg:grid-cols-2 xl:grid-cols-3">
${items.map(olderCard).join("\n")}
</div></section></div></main></div>
</body></html>
`;
}

mkdirSync(join(out, "templates"), { recursive: true });
writeFileSync(
  join(out, "templates", "2024-10-25-older-template.html"),
  olderPage("2024-10-25", api2024, { prevDate: "2024-10-24", nextDate: "2024-10-28" }),
);
writeFileSync(join(out, "api", "2026-05-18.json"), `${JSON.stringify(api2026, null, 1)}\n`);
writeFileSync(join(out, "api", "2024-10-25.json"), `${JSON.stringify(api2024, null, 1)}\n`);
console.log(`fixtures written to ${out}`);
