// Fills a deployment's archive with past days by driving POST /api/admin/scrape in chunks.
//   ADMIN_TOKEN=… npm run backfill -- --from 2026-01-01 --to 2026-03-31 [--url https://your.worker]
// The token is read from the ADMIN_TOKEN environment variable only: a command-line
// argument would land in shell history and process listings.
import { parseArgs } from "node:util";

const CHUNK_DAYS = 3; // the Worker's limit per call (src/query.ts, MAX_SCRAPE_DAYS)
const DAY = 86_400_000;

const { values } = parseArgs({
  options: {
    from: { type: "string" },
    to: { type: "string" },
    url: { type: "string", default: "http://127.0.0.1:8787" },
    token: { type: "string" },
  },
});
const fail = (msg) => {
  console.error(`backfill: ${msg}`);
  process.exit(2);
};
if (values.token) fail("do not pass the token as an argument; set ADMIN_TOKEN in the environment");
const token = process.env.ADMIN_TOKEN;
if (!token)
  fail("set ADMIN_TOKEN in the environment (the Worker's secret, `wrangler secret put ADMIN_TOKEN`)");
const isDate = (s) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s ?? "") && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
if (!isDate(values.from) || !isDate(values.to)) fail("--from and --to must be dates written YYYY-MM-DD");
if (values.from > values.to) fail("--from must not be after --to");

const day = (s) => Date.parse(`${s}T00:00:00Z`);
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const chunks = [];
for (let t = day(values.from); t <= day(values.to); t += CHUNK_DAYS * DAY)
  chunks.push([iso(t), iso(Math.min(t + (CHUNK_DAYS - 1) * DAY, day(values.to)))]);

let failedDays = 0;
for (const [i, [from, to]] of chunks.entries()) {
  const endpoint = new URL("/api/admin/scrape", values.url);
  endpoint.searchParams.set("from", from);
  endpoint.searchParams.set("to", to);
  let res;
  try {
    res = await fetch(endpoint, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  } catch (e) {
    fail(`cannot reach ${values.url}: ${e.cause?.message ?? e.message}`);
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) fail(`${from}..${to}: HTTP ${res.status} ${body.error ?? ""}`);
  const line = body.days.map(
    (d) =>
      `${d.asked}${d.date && d.date !== d.asked ? `→${d.date}` : ""} ${d.outcome}${d.count ? ` (${d.count})` : ""}`,
  );
  failedDays += body.days.filter((d) => d.outcome === "failed").length;
  console.log(`[${i + 1}/${chunks.length}] ${from}..${to}: ${line.join(", ")}`);
  for (const d of body.days.filter((d) => d.error)) console.log(`    ${d.asked}: ${d.error}`);
}
console.log(`backfill: done, ${chunks.length} call(s), ${failedDays} day(s) failed`);
process.exit(failedDays ? 1 : 0);
