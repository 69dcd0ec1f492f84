// Finding a needle in the search values (text:D, brief:D, words:D): plain string search,
// started from the needle's rarest character, in time linear in the text whatever the
// needle is.

/**
 * Letters by how often they occur in abstracts, most frequent first, after the space
 * (counted over the real papers in fixtures/pages).
 */
const BY_FREQUENCY = " etianorslcdmguhpfvybwkxzqj";

/**
 * Where the search for a needle starts: at its rarest character (anything but a letter
 * counts as rarer than every letter), leaving at least 4 characters to search for.
 */
function anchorOf(needle: string): number {
  let best = 0;
  let bestRank = -1;
  for (let i = 0; i <= needle.length - Math.min(needle.length, 4); i++) {
    const rank = BY_FREQUENCY.indexOf(needle[i]!);
    const r = rank < 0 ? BY_FREQUENCY.length : rank;
    if (r > bestRank) {
      best = i;
      bestRank = r;
    }
  }
  return best;
}

/**
 * Calls `visit` with where `needle` occurs in `text`, going on from where visit says (not
 * before it), or stopping when it says -1.
 *
 * indexOf finds a pattern by scanning for its first character and comparing the rest there
 * (V8, src/strings/string-search.h), so its cost is the first character's frequency: the
 * search looks for the part of the needle that starts at its rarest character, at most 6
 * long, then checks the whole needle in place. A needle that repeats what the text repeats
 * ("xxxx…b" in "xxxx…") would make those checks quadratic: once they have compared more
 * characters than the text holds, the rest is searched for the whole needle with indexOf,
 * which V8 runs as Boyer-Moore for needles of 7 characters or more, linear in the text.
 */
export function eachMatch(text: string, needle: string, visit: (at: number) => number): void {
  if (needle === "") return;
  const from0 = anchorOf(needle);
  const head = needle.slice(from0, from0 + 6);
  let budget = text.length + needle.length;
  let earliest = 0;
  let from = 0;
  while (budget > 0) {
    const headAt = text.indexOf(head, from);
    if (headAt < 0) return;
    const at = headAt - from0;
    budget -= needle.length;
    if (at < earliest || !text.startsWith(needle, at)) {
      from = headAt + 1;
      continue;
    }
    earliest = visit(at);
    if (earliest < 0) return;
    from = earliest + from0;
  }
  // Past the budget: the whole needle, from where the anchored search had got to.
  for (let at = text.indexOf(needle, Math.max(earliest, from - from0)); at >= 0; ) {
    earliest = visit(at);
    if (earliest < 0) return;
    at = text.indexOf(needle, earliest);
  }
}

/**
 * The numbers of the lines of `section` that contain `needle`, in order. A needle holds no
 * line feed (serve/query.ts forbids controls), so a match never spans two lines.
 */
export function linesContaining(section: string, needle: string): number[] {
  const found: number[] = [];
  let line = 0;
  let lineStart = 0;
  eachMatch(section, needle, (at) => {
    for (let nl = section.indexOf("\n", lineStart); nl >= 0 && nl < at; nl = section.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    found.push(line);
    // One match is enough for a line: go on from the next one.
    const end = section.indexOf("\n", at);
    if (end < 0) return -1;
    line++;
    lineStart = end + 1;
    return lineStart;
  });
  return found;
}
