// A read counts as older than the stored content (olderRead) when it is stamped before the day
// record's updated_at. But a run that read nothing of the day also writes that record and stamps
// it: a run folding back a paper another run's record names (or the repair pass putting back a
// line). Its stamp says when it wrote content older reads observed, not when that content was
// observed: a read stamped just before it, of a newer page, is no older read, and its title must
// not be thrown away (found reviewing settle.ts; overlapFuzz.test.ts's title model hits it).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { encodePaperRecord, paperRecordKey } from "../../src/store/values/paperRecord";
import { madeUpDay, runIdAt, slowWrites, untilBlocked } from "./attackShared";

const { DAY, K, T0, MIN, paper, run, settle } = madeUpDay();

it("a read stamped just before a run that only folded back another run's paper keeps its newer title", async () => {
  const [a, b, q] = ["2605.30001", "2605.30002", "2605.30003"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  // Run X read a third paper; its paper record landed, its day writes were undone by a slower run.
  const x = T0 + 10 * MIN;
  await env.PAPERS.put(paperRecordKey(q), encodePaperRecord({ listed_on: [DAY], paper: paper(q, 3) }));
  const observation = {
    date: DAY,
    at: x / 1000,
    ids: [a, b, q],
    counters: [{ upvotes: 1 }, { upvotes: 2 }, { upvotes: 3 }],
  };
  // Ten minutes on, two runs: F (upstream down for it) folds X's record back; R, stamped 30 s
  // before F, read the page after the first paper was renamed, and writes after F.
  const r = T0 + 20 * MIN;
  const folded = await run(r + 30_000, { observed: [{ runId: runIdAt(x), observation }] });
  expect(folded.contentWritten).toBe(true);
  await settle(r, [paper(a, 4, "The renamed title"), paper(b, 2), paper(q, 3)]);
  const record = decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!;
  expect(record.papers.find((p) => p.id === a)?.title).toBe("The renamed title");
});

it("a read older than a day record whose summary has not landed yet still keeps the record's newer title", async () => {
  const [a, b] = ["2605.30011", "2605.30012"];
  await settle(T0, [paper(a, 1), paper(b, 2)]);
  // N (stamped later, the renamed page) has written the day record; its summary write is held.
  const n = T0 + 10 * MIN + 60_000;
  const slow = slowWrites(env.PAPERS, (key) => key === K.summary);
  const newer = run(n, { papers: [paper(a, 1, "The renamed title"), paper(b, 2)], kv: slow.kv });
  await untilBlocked(slow.blocked);
  // O, stamped before N, read the page before the rename, with a paper only it saw.
  const o = T0 + 10 * MIN;
  await settle(o, [paper(a, 1), paper(b, 2), paper("2605.30013", 0)]);
  slow.release();
  await newer;
  const record = decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!;
  expect(record.papers.find((p) => p.id === a)?.title).toBe("The renamed title");
  expect(record.papers.map((p) => p.id)).toContain("2605.30013");
});
