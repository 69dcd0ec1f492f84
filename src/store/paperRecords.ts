// One record per paper (keys.paper): its content without upvotes, and every day it was
// listed on. Selection reads these for the papers a page returns when they are spread over
// many days; /api/papers/:id reads one.
import type { IsoDate, Paper } from "../core/paper";
import { keys } from "./keys";
import { getTexts, parseStored, readJson } from "./kvJson";
import { asPaperRecord, contentOf, encodePaperRecord, type PaperRecord } from "./records";

export async function getPaperRecord(kv: KVNamespace, id: string): Promise<PaperRecord | null> {
  return asPaperRecord(await readJson(kv, keys.paper(id)));
}

export async function getPaperRecords(
  kv: KVNamespace,
  ids: string[],
): Promise<Map<string, PaperRecord | null>> {
  const texts = await getTexts(kv, ids.map(keys.paper));
  return new Map(
    ids.map((id) => [id, asPaperRecord(parseStored(texts.get(keys.paper(id)) ?? null, keys.paper(id)))]),
  );
}

/**
 * Brings the records of a day's papers in line with it: each lists the day, and holds the
 * paper's current content. Writes only the records that differ, so re-saving a day also
 * repairs a listing that two concurrent runs lost.
 */
export async function updatePaperRecords(kv: KVNamespace, date: IsoDate, papers: Paper[]): Promise<number> {
  const stored = await getPaperRecords(
    kv,
    papers.map((p) => p.id),
  );
  const writes: Promise<void>[] = [];
  for (const p of papers) {
    const record = stored.get(p.id);
    const content = contentOf(p);
    const listed = record?.listed_on.includes(date) ?? false;
    const current = record?.paper !== undefined && JSON.stringify(record.paper) === JSON.stringify(content);
    if (listed && current) continue;
    const listed_on = [...new Set([...(record?.listed_on ?? []), date])].sort().reverse();
    writes.push(kv.put(keys.paper(p.id), encodePaperRecord({ listed_on, paper: content })));
  }
  await Promise.all(writes);
  return writes.length;
}
