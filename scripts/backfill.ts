// Fills a deployment's archive with past days by driving POST /api/admin/scrape in batches.
// The token is read from the ADMIN_TOKEN environment variable only: a command-line
// argument would land in shell history and process listings.
import { parseArgs } from "node:util";
import * as z from "zod";

const BATCH_DAYS = 3; // the Worker's limit per call (src/serve/query.ts, MAX_SCRAPE_DAYS)
const DAY = 86_400_000;
const USAGE = `usage: npm run backfill -- --from YYYY-MM-DD --to YYYY-MM-DD [--url https://your.worker.dev]

Scrapes every day from --from to --to (inclusive) on a deployed Worker, ${BATCH_DAYS} days per call
to POST /api/admin/scrape, and prints each day's outcome.

  --from, --to   the first and last day to read
  --url          the Worker (default http://127.0.0.1:8787, as \`npm start\` serves it)
  --help         this text

The Worker's ADMIN_TOKEN secret must be in the environment:
  ADMIN_TOKEN=… npm run backfill -- --from 2026-01-01 --to 2026-03-31 --url https://daily-papers-feed.you.workers.dev`;

/** What this script reads of the Worker's answer: each day's report (src/core/runReport.ts, DayReport). */
const ScrapeAnswer = z.object({
  days: z.array(
    z.object({
      asked: z.string(),
      date: z.string().optional(),
      outcome: z.string(),
      count: z.number().optional(),
      error: z.string().optional(),
    }),
  ),
});
/** The Worker hides its admin route until a token is set (README, "Endpoints"): say so, as a 404 does not. */
const NOT_FOUND_HINT =
  "\n  (the admin route exists only where the Worker has an ADMIN_TOKEN: `npx wrangler secret put ADMIN_TOKEN` " +
  "when deployed, ADMIN_TOKEN=… in .dev.vars locally, then restart `npm start`)";

/** What it reads of a refusal: an RFC 9457 problem's title and detail (src/serve/answers.ts, Problem). */
const Refusal = z.object({ title: z.string().optional(), detail: z.string().optional() });

function fail(msg: string, usage = false): never {
  console.error(`backfill: ${msg}${usage ? `\n\n${USAGE}` : ""}`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        from: { type: "string" },
        to: { type: "string" },
        url: { type: "string", default: "http://127.0.0.1:8787" },
        token: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    // parseArgs says what is wrong ("Unknown option '--form'"); say it without a stack trace.
    const message = e instanceof Error ? e.message : String(e);
    return fail(message.replace(/^Unknown/, "unknown").replace(/\. To specify a positional.*$/s, ""), true);
  }
}

const values = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.token) fail("do not pass the token as an argument; set ADMIN_TOKEN in the environment");
const token = process.env.ADMIN_TOKEN;
if (!token)
  fail("set ADMIN_TOKEN in the environment (the Worker's secret, `wrangler secret put ADMIN_TOKEN`)", true);
const isDate = (s: string | undefined): s is string =>
  /^\d{4}-\d{2}-\d{2}$/.test(s ?? "") && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s ?? "");
const { from: first, to: last } = values;
if (!isDate(first) || !isDate(last)) fail("--from and --to must be dates written YYYY-MM-DD", true);
if (first > last) fail("--from must not be after --to");

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const batches: [string, string][] = [];
for (let t = day(first); t <= day(last); t += BATCH_DAYS * DAY) {
  batches.push([iso(t), iso(Math.min(t + (BATCH_DAYS - 1) * DAY, day(last)))]);
}
const totalDays = (day(last) - day(first)) / DAY + 1;

const started = Date.now();
let done = 0;
let failedDays = 0;
// A deferred day was not stored: the run had no KV operations left for it, and an admin run's
// days are not read again on their own (README, "A run, step by step").
let deferredDays = 0;
for (const [i, [from, to]] of batches.entries()) {
  const endpoint = new URL("/api/admin/scrape", values.url);
  endpoint.searchParams.set("from", from);
  endpoint.searchParams.set("to", to);
  let res: Response;
  try {
    res = await fetch(endpoint, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
    fail(`cannot reach ${values.url}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) fail(`${from}..${to}: ${problemLine(res, body)}${res.status === 404 ? NOT_FOUND_HINT : ""}`);
  const answer = ScrapeAnswer.safeParse(body);
  if (!answer.success)
    fail(`${from}..${to}: the Worker's answer is not a scrape report: ${z.prettifyError(answer.error)}`);
  const { days } = answer.data;
  const line = days.map(
    (d) =>
      `${d.asked}${d.date && d.date !== d.asked ? `→${d.date}` : ""} ${d.outcome}${d.count ? ` (${d.count})` : ""}`,
  );
  failedDays += days.filter((d) => d.outcome === "failed").length;
  deferredDays += days.filter((d) => d.outcome === "deferred").length;
  done += (day(to) - day(from)) / DAY + 1;
  const left = totalDays - done;
  const eta = left > 0 ? `, about ${Math.ceil((((Date.now() - started) / done) * left) / 1000)} s to go` : "";
  console.log(
    `[${i + 1}/${batches.length}] ${from}..${to}: ${line.join(", ")} · ${done} of ${totalDays} days done, ${left} left${eta}`,
  );
  for (const d of days.filter((d) => d.error)) console.log(`    ${d.asked}: ${d.error}`);
}
const deferred = deferredDays
  ? `, ${deferredDays} day(s) deferred (not stored: run the backfill again for them)`
  : "";
console.log(`backfill: done, ${batches.length} call(s), ${failedDays} day(s) failed${deferred}`);
process.exit(failedDays || deferredDays ? 1 : 0);

/** "401 Unauthorized: Missing or wrong bearer token": an RFC 9457 problem's status, title and detail. */
function problemLine(res: Response, body: unknown): string {
  const problem = Refusal.safeParse(body).data;
  const title = problem?.title ?? res.statusText;
  return problem?.detail ? `${res.status} ${title}: ${problem.detail}` : `${res.status} ${title}`;
}
