// GET /feeds.opml: the feeds as one OPML subscription list, with the list parameters asked
// for carried into every feed URL. It reads nothing stored.

import { BadRequestError } from "./errors";
import { FEEDS } from "./formats";
import { linkUnder } from "./listAnswer";
import { canonicalParams, parseListQuery } from "./query";
import { renderOpml } from "./render/opml";

/** The OPML document for a request's parameters; links start at `base`. */
export function opmlOf(params: URLSearchParams, base: string): string {
  const query = parseListQuery(params);
  if (query.cursor)
    throw new BadRequestError("cursor", "does not apply to a list of feeds, which start at their first page");
  const qs = canonicalParams(query).toString();
  return renderOpml({
    query,
    feeds: FEEDS.map((f) => ({ label: f.label, xmlUrl: linkUnder(base, f.path, qs) })),
    htmlUrl: linkUnder(base, "/", qs),
  });
}
