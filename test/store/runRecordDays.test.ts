// A run record is read back as what other runs observed, and the next run merges what it
// observed into the day it names. A record naming a day no page may claim (after the run's
// day plus one, or before the first list) must not make that day: a page claiming it is
// refused, so an observation of it was never made by a run.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { PaperAnswer } from "../../src/serve/answers";
import { decodeSummary } from "../../src/store/values/summary";
import { fakeOrigin } from "../fixtures";
import { answer, forgetStored, LATER, NOW, runScrape } from "../helpers";
import { dayKeys, paperRecord, storedIndex } from "../stored";
import { down, plantRunRecord } from "./attackShared";

const DAY = "2026-05-15";

for (const far of ["2099-01-01", "2001-01-01"])
  it(`a run record observing a stored paper on ${far} (no page may claim it) does not list the paper there`, async () => {
    await runScrape(fakeOrigin(), { targets: [DAY] });
    const template = (await env.PAPERS.get((await storedIndex()).last_run!.key))!;
    const summary = decodeSummary((await env.PAPERS.get(dayKeys(DAY).summary))!, DAY)!;
    const id = summary.ids[0]!;
    await plantRunRecord(env.PAPERS, template, NOW + 60_000, [
      { date: far, at: NOW / 1000 + 60, ids: id, counters: [[summary.counters[0]!.upvotes, null, null]] },
    ]);
    const report = await runScrape(down(), { targets: [DAY], now: LATER });
    forgetStored();
    const found = await answer(PaperAnswer, `/api/papers/${id}`);
    expect(found.listed_on).toEqual([DAY]);
    expect(found.paper.date).toBe(DAY);
    expect(report.merged_days ?? []).not.toContain(far);
    expect(await env.PAPERS.get(dayKeys(far).summary)).toBeNull();
    expect((await paperRecord(id))!.listed_on).not.toContain(far);
  });
