// A run record's observation keeps the content of the papers its read renamed (Observation.renamed):
// read back as written; a record written without it reads as none; a damaged entry hides only itself;
// past the caps none is kept, and the record says so.
import { expect, it } from "vitest";
import type { PaperContent } from "../../src/core/paper";
import {
  decodeRunRecord,
  encodeRunRecord,
  MAX_RENAMED_KEPT,
  type RunRecord,
  runRecordKey,
} from "../../src/store/values/runRecord";

const id = "2026-05-19T07:00:00.000Z:0a0b0c0d";
const AT = Date.parse("2026-05-19T07:00:00.000Z") / 1000;
const record = (observed: RunRecord["observed"]): RunRecord => ({
  id,
  report: {
    trigger: "cron",
    started_at: "2026-05-19T07:00:00.000Z",
    duration_ms: 5,
    ok: true,
    requests: 1,
    days: [],
  },
  observed,
  confirmed: [],
  saved: [],
  changed: [],
  unpurged: [],
  unannounced: false,
  wordIndexes: [],
  listings: [],
});
const paper = (n: number, title = `Renamed ${n}`, summary = `Abstract ${n}`): PaperContent => ({
  id: `2605.${String(13300 + n)}`,
  title,
  summary,
  authors: ["Ada Lovelace"],
  url: `https://huggingface.co/papers/2605.${13300 + n}`,
  arxiv_url: `https://arxiv.org/abs/2605.${13300 + n}`,
  pdf_url: `https://arxiv.org/pdf/2605.${13300 + n}`,
});
const observation = {
  date: "2026-05-18",
  at: AT,
  ids: ["2605.13301", "2605.13302"],
  counters: [{ upvotes: 1 }, { upvotes: 2 }],
  content: "0123456789abcdef0123456789abcdef",
};
const roundTrip = (r: RunRecord) => decodeRunRecord(encodeRunRecord(r), runRecordKey(id))!;

it("keeps the renamed papers' content, read back as written", () => {
  const back = roundTrip(record([{ ...observation, renamed: [paper(1), paper(2)] }]));
  expect(back.observed[0]!.renamed).toEqual([paper(1), paper(2)]);
  expect(back.observed[0]!.renamedLost).toBeUndefined();
});

it("reads a record written without renamed papers as keeping none", () => {
  const back = roundTrip(record([observation]));
  expect(back.observed[0]!.renamed).toBeUndefined();
  expect(back.observed[0]!.renamedLost).toBeUndefined();
  expect(encodeRunRecord(record([observation]))).not.toContain("renamed");
});

it("leaves out a damaged entry and keeps the others", () => {
  const text = encodeRunRecord(record([{ ...observation, renamed: [paper(1), paper(2), paper(3)] }]));
  const raw = JSON.parse(text);
  raw.observed[0].renamed[0].title = 42;
  raw.observed[0].renamed[2] = "not a paper";
  raw.observed[0].renamed.push(paper(2, "A second of one paper"));
  const back = decodeRunRecord(JSON.stringify(raw), runRecordKey(id))!;
  expect(back.observed[0]!.renamed).toEqual([paper(2)]);
  expect(back.observed[0]!.ids).toEqual(observation.ids);
  raw.observed[0].renamed = "nothing";
  expect(decodeRunRecord(JSON.stringify(raw), runRecordKey(id))!.observed[0]!.renamed).toBeUndefined();
});

it("keeps none past the caps, and says so", () => {
  const many = Array.from({ length: MAX_RENAMED_KEPT + 1 }, (_, i) => paper(i + 1));
  const big = [
    paper(1, "Renamed", "x".repeat(9000)),
    ...Array.from({ length: 9 }, (_, i) => paper(i + 2, "R", "y".repeat(9000))),
  ];
  for (const renamed of [many, big]) {
    const back = roundTrip(record([{ ...observation, renamed }]));
    expect(back.observed[0]!.renamed).toBeUndefined();
    expect(back.observed[0]!.renamedLost).toBe(true);
  }
});

it("keeps when the renames were read where before the observation's time, and drops renames it cannot date", () => {
  const back = roundTrip(record([{ ...observation, renamed: [paper(1)], renamed_at: AT - 60 }]));
  expect(back.observed[0]!.renamed_at).toBe(AT - 60);
  expect(
    roundTrip(record([{ ...observation, renamed: [paper(1)], renamed_at: AT }])).observed[0]!.renamed_at,
  ).toBe(undefined);
  const raw = JSON.parse(
    encodeRunRecord(record([{ ...observation, renamed: [paper(1)], renamed_at: AT - 60 }])),
  );
  for (const damaged of [AT + 60, "not a time", -1]) {
    raw.observed[0].renamed_at = damaged;
    const o = decodeRunRecord(JSON.stringify(raw), runRecordKey(id))!.observed[0]!;
    expect(o.renamed, `renamed_at ${damaged}`).toBeUndefined();
    expect(o.ids, "the rest of the observation").toEqual(observation.ids);
  }
});
