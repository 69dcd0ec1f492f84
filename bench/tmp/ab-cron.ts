// A/B of a scheduled run, old code (baseline worktree) against this checkout, alternating in one process.
import * as z from "zod";
z.config({ jitless: true });
import { MemoryKv } from "../memoryKv";
import { realItems, realisticPage } from "../pages";

const DAY = 86_400_000;
const runAt = Date.parse("2026-05-19T06:00:00Z");
const dates = Array.from({ length: 30 }, (_, i) => new Date(runAt - i * DAY).toISOString().slice(0, 10));
let bump = 0;
const itemsFor = (date: string) =>
  realItems.slice(0, 50).map((i: any, n: number) => ({
    ...i,
    paper: { ...i.paper, id: `2605.${date.slice(8)}${String(n).padStart(3, "0")}`, upvotes: i.paper.upvotes + bump, submittedOnDailyAt: `${date}T00:00:00.000Z` },
  }));
const enc = new TextEncoder();
function respond(url: string): Response {
  const u = new URL(url);
  if (u.pathname === "/api/daily_papers") {
    const d = u.searchParams.get("date") ?? dates[0]!;
    return new Response(enc.encode(u.searchParams.get("p") === "0" ? JSON.stringify(itemsFor(d)) : "[]"), { headers: { "content-length": "1" } });
  }
  const d = u.pathname.match(/\d{4}-\d{2}-\d{2}$/)?.[0] ?? dates[0]!;
  return new Response(enc.encode(realisticPage(itemsFor(d), d, 520_000).html));
}
const pre = new Map<string, Response>();
const fetchPage = async (url: string) => respond(url);

async function setup(root: string) {
  const { scrape } = await import(`${root}/src/scrape/run.ts`);
  const kv = new MemoryKv();
  // The archive: every day read once (whole window, backfill of 30 days).
  for (let i = 0; i < 30; i += 3)
    await scrape({ kv: kv.asKv(), config: { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7, DAYS_PER_RUN: 1 }, fetch: fetchPage, now: runAt - 3600_000, upstream: { sleep: async () => {} } }, dates.slice(i, i + 3));
  let slot = 0;
  return async () => {
    const now = runAt + slot++ * 1800_000;
    const t = process.cpuUsage();
    const report = await scrape({ kv: kv.asKv(), config: { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7, DAYS_PER_RUN: 1 }, fetch: fetchPage, now, upstream: { sleep: async () => {} }, repair: true });
    const d = process.cpuUsage(t);
    if (!report.ok) throw new Error(JSON.stringify(report.days));
    return (d.user + d.system) / 1000;
  };
}
const [a, b] = [await setup("/work/wt/baseline"), await setup("/work/main")];
const A: number[] = [], B: number[] = [];
for (let i = 0; i < 40; i++) { bump++; A.push(await a()); B.push(await b()); }
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
const p90 = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length * 0.9)]!;
console.log(`old: median ${med(A).toFixed(2)} p90 ${p90(A).toFixed(2)}; new: median ${med(B).toFixed(2)} p90 ${p90(B).toFixed(2)}; new/old ${(med(B) / med(A)).toFixed(2)}`);
