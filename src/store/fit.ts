// A paper as the store can keep it: within LIMITS (core/paper.ts), and small enough in each
// value written from a day's content (the day record's line, the brief, the search text)
// that a day of MAX_PAPERS_PER_DAY papers stays within the size each value's readers size
// their bulk reads by, and within KV's 25 MiB a value (developers.cloudflare.com/kv/platform/limits).
// Real papers are never cut: a collaboration's 2,900 authors or a hostile page's are.
import { LIMITS, type PaperContent } from "../core/paper";
import { cutText } from "../core/text";
import { asciiJson, NON_ASCII } from "./ascii";
import { briefBytes } from "./values/brief";
import { MAX_PAPER_BYTES } from "./values/dayRecord";
import { SEARCH_PAPER_MAX_BYTES, searchBytes } from "./values/searchText";

/**
 * The paper within LIMITS, then, for each value it does not fit, shortened in what that
 * value holds: the brief holds the names, the search text the title, keywords and abstract,
 * and the day record's line all of it (names first, then the longest texts).
 */
export function fitContent(p: PaperContent): PaperContent {
  let out = withinLimits(p);
  if (fitsSurely(out)) return out;
  out = shrink(out, (x) => briefBytes(x) <= MAX_PAPER_BYTES, ["authors", "title"]);
  out = shrink(out, (x) => searchBytes(x) <= SEARCH_PAPER_MAX_BYTES, ["ai_keywords", "summary", "title"]);
  return shrink(out, (x) => asciiJson(x).length <= MAX_PAPER_BYTES, [
    "authors",
    "ai_summary",
    "summary",
    "ai_keywords",
    "title",
  ]);
}

type Shrinkable = "authors" | "ai_keywords" | "summary" | "ai_summary" | "title";

/** The paper with each field in turn cut by a fifth until it fits (or the field is empty). */
function shrink(p: PaperContent, fits: (p: PaperContent) => boolean, fields: Shrinkable[]): PaperContent {
  let out = p;
  for (const field of fields) {
    for (let v = out[field]; !fits(out) && v !== undefined && v.length > 0; v = out[field]) {
      const keep = Math.floor(v.length * 0.8);
      out = { ...out, [field]: typeof v === "string" ? cutText(v, keep) : v.slice(0, keep) };
    }
  }
  return out;
}

/**
 * Whether the paper fits whatever its characters are, from its lengths alone (nearly every
 * paper does, without being written out). A UTF-16 unit takes at most 6 bytes in JSON
 * (\uXXXX) and 5 in the search values (store/ascii.ts), and ASCII takes one; folding a
 * name (NFD) makes at most 4 units of one, and lowercasing makes 2 only of U+0130
 * (Unicode SpecialCasing.txt, unconditional mappings).
 */
function fitsSurely(p: PaperContent): boolean {
  let names = 0;
  for (const a of p.authors) names += a.length + 1;
  const org = (p.organization?.name.length ?? 0) + (p.organization?.fullname?.length ?? 0);
  let keywords = 0;
  let links = 0;
  for (const k of p.ai_keywords ?? []) keywords += k.length + 1;
  for (const u of [p.github_repo, p.project_page, p.thumbnail]) links += u?.length ?? 0;
  const text = p.title.length + p.summary.length + keywords;
  const line = 6 * (text + names + org + links + (p.ai_summary?.length ?? 0)) + 1024;
  const brief = 5 * (p.title.length + 5 * names + 4 * org) + 64;
  const wide = (s: string) => NON_ASCII.test(s);
  const perUnit = wide(p.title) || wide(p.summary) || (p.ai_keywords?.some(wide) ?? false) ? 5 : 1;
  const dotted = (s: string) => s.includes("\u0130");
  const dottedI = dotted(p.title) || dotted(p.summary) || (p.ai_keywords?.some(dotted) ?? false) ? 2 : 1;
  const search = perUnit * dottedI * text + 64;
  return line <= MAX_PAPER_BYTES && brief <= MAX_PAPER_BYTES && search <= SEARCH_PAPER_MAX_BYTES;
}

/** The paper with every text, list and link within LIMITS; the same object when it already is. */
function withinLimits(p: PaperContent): PaperContent {
  const over =
    p.title.length > LIMITS.title ||
    p.summary.length > LIMITS.summary ||
    (p.ai_summary?.length ?? 0) > LIMITS.aiSummary ||
    p.authors.length > LIMITS.authors ||
    p.authors.some((a) => a.length > LIMITS.name) ||
    (p.ai_keywords?.length ?? 0) > LIMITS.keywords ||
    (p.ai_keywords?.some((k) => k.length > LIMITS.keyword) ?? false) ||
    (p.organization?.name.length ?? 0) > LIMITS.name ||
    (p.organization?.fullname?.length ?? 0) > LIMITS.name ||
    [p.github_repo, p.project_page, p.thumbnail].some((u) => (u?.length ?? 0) > LIMITS.url);
  if (!over) return p;
  const out: PaperContent = {
    ...p,
    title: cutText(p.title, LIMITS.title),
    summary: cutText(p.summary, LIMITS.summary),
    authors: p.authors.slice(0, LIMITS.authors).map((a) => cutText(a, LIMITS.name)),
  };
  if (p.ai_summary !== undefined) out.ai_summary = cutText(p.ai_summary, LIMITS.aiSummary);
  if (p.ai_keywords)
    out.ai_keywords = p.ai_keywords.slice(0, LIMITS.keywords).map((k) => cutText(k, LIMITS.keyword));
  if (p.organization) {
    const { name, fullname } = p.organization;
    out.organization =
      fullname === undefined
        ? { name: cutText(name, LIMITS.name) }
        : { name: cutText(name, LIMITS.name), fullname: cutText(fullname, LIMITS.name) };
  }
  // A link cut short would lead elsewhere: one past the limit is left out.
  for (const k of ["github_repo", "project_page", "thumbnail"] as const)
    if ((out[k]?.length ?? 0) > LIMITS.url) delete out[k];
  return out;
}
