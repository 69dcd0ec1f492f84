import { z } from "zod";
z.config({ jitless: true });
import { MemoryKv } from "./memoryKv";
import { realisticPage, realItems } from "./pages";
import { scrape } from "../src/scrape";
console.log = () => {};
const DAY = 86_400_000;
const runAt = Date.parse("2026-05-19T06:00:00Z");
let bump = 0;
const cache = new Map<string, Uint8Array>();
function pageFor(url: string) {
  const date = url.match(/\d{4}-\d{2}-\d{2}$/)?.[0] ?? "2026-05-19";
  const items = realItems.slice(0, 40).map((i: any, n: number) => ({ ...i, paper: { ...i.paper, id: `2605.${date.slice(8)}${String(n).padStart(3, "0")}`, upvotes: i.paper.upvotes + bump } }));
  return new TextEncoder().encode(realisticPage(items, date, 440_000).html);
}
const dec = new TextDecoder();
const fetchPage = async (url: string) => { const b = cache.get(url) ?? pageFor(url); return { ok: true, status: 200, headers: new Headers(), body: null, text: async () => dec.decode(b) } as unknown as Response; };
const kv = new MemoryKv();
for (let i = 0; i < 200; i++) {
  bump++; cache.clear();
  for (const u of ["http://hf.test/papers", ...[1,2,3,4,5,6,7].map(d => `http://hf.test/papers/date/${new Date(runAt - d*DAY).toISOString().slice(0,10)}`)]) cache.set(u, pageFor(u));
  await scrape({ kv: kv.asKv(), config: { HF_ORIGIN: "http://hf.test", WINDOW_DAYS: 7, DAYS_PER_RUN: 7 }, fetch: fetchPage, now: runAt, upstream: { sleep: async () => {} } });
}
