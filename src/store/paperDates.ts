// Which days each paper was listed on, under keys.paper(id): what /api/papers/:id reads
// instead of every day record.
import type { IsoDate } from "../core/paper";
import { keys } from "./keys";

export async function getPaperDates(kv: KVNamespace, id: string): Promise<IsoDate[]> {
  const raw = await kv.get(keys.paper(id), "json");
  return Array.isArray(raw) ? raw.filter((d): d is string => typeof d === "string") : [];
}

export async function addPaperDate(kv: KVNamespace, id: string, date: IsoDate): Promise<void> {
  const dates = await getPaperDates(kv, id);
  if (dates.includes(date)) return;
  await kv.put(keys.paper(id), JSON.stringify([...dates, date].sort().reverse()));
}
