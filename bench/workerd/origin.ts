// A stand-in for huggingface.co serving a realistic archive: every listed weekday has 50 real
// papers (fixtures/api/2026-05-18.json) with ids of their own, in a page built like the real
// one (pages.ts, about 520 KB). Like the real site, /papers shows the newest list and a day
// without one (a weekend) shows the newest list on or before it. The harness moves the
// site's clock (`today`) with the runs it fires, and the upvotes (`bump`) between runs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { realItems, realisticPage } from "../pages";

const DAY = 86_400_000;
export const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The `count` weekdays up to and including `newest` (or the weekday before it), newest first. */
export function weekdaysUpTo(newest: string, count: number): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${newest}T00:00:00Z`); out.length < count; t -= DAY) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) out.push(isoDate(t));
  }
  return out;
}

export interface ArchiveOrigin {
  url: string;
  /** The listed days, newest first. */
  days: string[];
  /** Upvotes added to every paper's count, times a factor of its own (1 to 31): raise it between runs. */
  bump: number;
  /** The site's date: /papers shows the newest list on or before it. */
  today: string;
  /** The JSON API lists a weekday after the archive's newest day, up to `today`: a run's day whose list is up. */
  listsToday: boolean;
  /** The JSON API lists nothing at all (so a newest list is read from its page). */
  apiEmpty: boolean;
  /** Requests answered, by path. */
  served: string[];
  /** The page /papers or /papers/date/D shows now. */
  pageFor(asked?: string): string;
  close(): Promise<void>;
}

/**
 * Day n's papers (n = 0 is the archive's newest; a day after it counts as 0): ids of their
 * own (from the day of the month, so a day after the archive's newest has its own too),
 * upvotes varying by day and paper.
 */
function itemsOf(date: string, n: number, bump: number) {
  return realItems.slice(0, 50).map((item, k) => ({
    ...item,
    paper: {
      ...item.paper,
      id: `${date.slice(2, 4)}${date.slice(5, 7)}.${date.slice(8, 10)}${String(k).padStart(3, "0")}`,
      upvotes: ((item.paper.upvotes * (n + 3)) % 400) + bump * (1 + ((k * 7) % 31)),
    },
  }));
}

/** How many weekdays `date` (a weekday) lies before `newest`: its papers' numbering. */
function weekdaysBefore(date: string, newest: string): number {
  let n = 0;
  for (let t = Date.parse(`${newest}T00:00:00Z`); isoDate(t) > date; t -= DAY) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) n++;
  }
  return n;
}

/**
 * The site over `days` (newest first). Every weekday has a list, the ones before the archive
 * too (a scheduled run's window may reach past a short archive); none after `today` or the
 * archive's newest day.
 */
export async function startArchiveOrigin(days: string[], today = days[0]!): Promise<ArchiveOrigin> {
  const origin: ArchiveOrigin = {
    url: "",
    days,
    bump: 0,
    today,
    listsToday: false,
    apiEmpty: false,
    served: [],
    pageFor(asked) {
      // The newest list is the archive's newest day, whatever `today` says.
      const limit = [asked ?? origin.today, origin.today, days[0]!].sort()[0]!;
      const shown = weekdaysUpTo(limit, 1)[0]!;
      const n = weekdaysBefore(shown, days[0]!);
      return realisticPage(itemsOf(shown, n, origin.bump), shown, 520_000).html;
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    origin.served.push(path);
    if (path === "/api/daily_papers") {
      // The JSON API: the day's own items (none for a weekend or a day after the newest list).
      const date = url.searchParams.get("date") ?? days[0]!;
      const weekday = ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
      const listed =
        !origin.apiEmpty &&
        weekday &&
        date <= origin.today &&
        (date <= days[0]! || origin.listsToday) &&
        url.searchParams.get("p") === "0";
      const items = listed
        ? itemsOf(date, weekdaysBefore(date, days[0]!), origin.bump).map((i) => ({
            ...i,
            paper: { ...i.paper, submittedOnDailyAt: `${date}T00:00:00.000Z` },
          }))
        : [];
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(items));
      return;
    }
    const dated = path.match(/^\/papers\/date\/(\d{4}-\d{2}-\d{2})$/);
    const page = path === "/papers" || dated ? origin.pageFor(dated?.[1]) : undefined;
    if (page === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  origin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return origin;
}
