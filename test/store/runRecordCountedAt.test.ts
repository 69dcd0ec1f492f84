// A run record's observation keeps, per paper, when its counters were observed where that is before
// the observation's time (a paper the run kept without counting it): read back as written, and each
// damaged entry as the observation's own time, as records written before such times were kept.
import { expect, it } from "vitest";
import {
  decodeRunRecord,
  encodeRunRecord,
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
const observation = {
  date: "2026-05-18",
  at: AT,
  ids: ["2605.13301", "2605.13302", "2605.13303"],
  counters: [{ upvotes: 1 }, { upvotes: 2 }, { upvotes: 3 }],
};

it("an observation's per-paper counter times are read back as written, and not written where all are its time", () => {
  const key = runRecordKey(id);
  const kept = { ...observation, counted_at: [AT - 600, AT, 0] };
  const text = encodeRunRecord(record([kept]));
  expect(JSON.parse(text).observed[0].counted_at, "written: null for the observation's own time").toEqual([
    AT - 600,
    null,
    0,
  ]);
  expect(decodeRunRecord(text, key)?.observed[0]?.counted_at).toEqual([AT - 600, AT, 0]);
  const plain = encodeRunRecord(record([{ ...observation, counted_at: [AT, AT, AT] }]));
  expect(JSON.parse(plain).observed[0].counted_at).toBeUndefined();
  expect(decodeRunRecord(plain, key)?.observed[0]?.counted_at).toBeUndefined();
});

it("a damaged per-paper counter time reads as the observation's time, and goes with a paper left out", () => {
  const key = runRecordKey(id);
  const raw = JSON.parse(encodeRunRecord(record([{ ...observation, counted_at: [AT - 600, AT - 60, 0] }])));
  raw.observed[0].counted_at = [AT + 60, "x", 1.5];
  raw.observed[0].ids = `not-an-id ${raw.observed[0].ids.split(" ").slice(1).join(" ")}`;
  const read = decodeRunRecord(JSON.stringify(raw), key)?.observed[0];
  expect(read?.ids).toEqual(["2605.13302", "2605.13303"]);
  expect(read?.counted_at).toEqual([AT, AT]);
});
