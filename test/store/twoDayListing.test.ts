// A paper listed on two days is on both, and its own answer names every day it was listed
// on. Two runs at once, one settling each day (the cron and an admin run), each write the
// paper's record from what they read of it: the slower must not drop the faster's listing
// for good, as overlapping runs lose nothing once a later run has gone by.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer, PapersAnswer } from "../../src/serve/answers";
import { decodePaperRecord, encodePaperRecord } from "../../src/store/values/paperRecord";
import {
  decodeRunRecord,
  encodeRunRecord,
  newRunId,
  type RunRecord,
  runRecordKey,
} from "../../src/store/values/runRecord";
import { fakeOrigin, propsOf } from "../fixtures";
import { answer, forgetStored, LATER, NOW, runScrape } from "../helpers";
import { overlapping, renamedAndListedOn } from "./attackShared";

const X = "2026-05-15";
const Y = "2026-05-14";

it("a run settling one day and a slower run settling the other day of a paper listed on both: its answer names both days after later runs", async () => {
  await runScrape(fakeOrigin(), { targets: [X, Y], now: NOW });
  const id = propsOf(X).dailyPapers[0]!.paper.id;
  const origin = renamedAndListedOn(id, X, Y);
  // The slower run read P's record before the faster wrote it, and writes it after.
  await overlapping(
    env.PAPERS,
    (kv) => runScrape(origin, { kv, targets: [X], now: NOW + 60_000 }),
    () => runScrape(origin, { targets: [Y], now: NOW + 120_000 }),
  );
  // Later runs read both days again, as they show now.
  for (const at of [LATER, LATER + 1_800_000]) await runScrape(origin, { targets: [X, Y], now: at });
  forgetStored();
  expect((await answer(PapersAnswer, `/api/papers?date=${Y}`)).papers.map((p) => p.id)).toContain(id);
  expect((await answer(PaperAnswer, `/api/papers/${id}`)).listed_on).toEqual([X, Y]);
});

it("a run record's listings are read back, each entry that does not validate left out", () => {
  const id = "2026-05-19T07:00:00.000Z:0a0b0c0d";
  const record = {
    id,
    report: {
      trigger: "cron",
      started_at: "2026-05-19T07:00:00.000Z",
      duration_ms: 5,
      ok: true,
      requests: 1,
      days: [],
    },
    observed: [],
    confirmed: [],
    saved: [],
    changed: [],
    unpurged: [],
    unannounced: false,
    wordIndexes: [],
  } satisfies Omit<RunRecord, "listings">;
  const key = runRecordKey(id);
  const listings: [string, string[]][] = [["2605.13301", [X, Y]]];
  expect(decodeRunRecord(encodeRunRecord({ ...record, listings }), key)?.listings).toEqual(listings);
  expect(decodeRunRecord(encodeRunRecord({ ...record, listings: [] }), key)?.listings).toEqual([]);
  const raw = JSON.parse(encodeRunRecord({ ...record, listings: [] }));
  raw.listings = [
    ["2605.13301", [X, Y]],
    ["not an id", [X]],
    ["2605.13302", ["2024-02-30"]],
    ["2605.13303", X],
    null,
  ];
  expect(decodeRunRecord(JSON.stringify(raw), key)?.listings).toEqual(listings);
});

it("a run record naming a day whose summary does not list the paper puts nothing back in the paper's record", async () => {
  await runScrape(fakeOrigin(), { targets: [X, Y], now: NOW });
  const id = propsOf(X).dailyPapers[0]!.paper.id;
  const template = (await env.PAPERS.get((await env.PAPERS.list({ prefix: "run:" })).keys[0]!.name))!;
  const raw = JSON.parse(template);
  const runId = newRunId(new Date(NOW + 60_000).toISOString());
  await env.PAPERS.put(runRecordKey(runId), JSON.stringify({ ...raw, id: runId, listings: [[id, [X, Y]]] }));
  const before = await env.PAPERS.get(`paper:${id}`);
  await runScrape(fakeOrigin(), { targets: [], now: NOW + 120_000 });
  expect(await env.PAPERS.get(`paper:${id}`)).toBe(before);
  forgetStored();
  expect((await answer(PaperAnswer, `/api/papers/${id}`)).listed_on).toEqual([X]);
});

it("a paper record's own version is read back when it is a UTC time, and left out otherwise", () => {
  const paper = { id: "2605.13301" };
  const text = (updated_at: unknown) =>
    JSON.stringify({ v: 3, listed_on: [X], paper, ...(updated_at === undefined ? {} : { updated_at }) });
  const written = encodePaperRecord({ listed_on: [X], updated_at: "2026-05-19T07:00:00.000Z" });
  expect(decodePaperRecord(written, paper.id)?.updated_at).toBe("2026-05-19T07:00:00.000Z");
  for (const bad of ['<bad>&"', "2026-05-19", 17, null, "99999-01-01T00:00:00.000Z"])
    expect(decodePaperRecord(text(bad), paper.id)?.updated_at, String(bad)).toBeUndefined();
  expect(decodePaperRecord(text(undefined), paper.id)?.listed_on).toEqual([X]);
});
