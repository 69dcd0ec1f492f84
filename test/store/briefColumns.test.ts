// A brief whose column has another number of lines than its ids, with the right content
// hash and a checksum that matches (so only the line count is wrong): the searches and the
// digest answer as before, the day is queued for repair, and the repair pass writes the
// brief again as it was.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PapersAnswer } from "../../src/serve/answers";
import { REPAIR_QUEUE_KEY } from "../../src/store/values/repairQueue";
import { encodeSections } from "../../src/store/values/sectioned";
import { fakeOrigin } from "../fixtures";
import { answer, call, forgetStored, LATER, runScrape } from "../helpers";
import { dayKeys, repairPass, storedDay } from "../stored";

const DAY = "2026-05-15";
const K = dayKeys(DAY);
const FORMAT = {
  head: "brief",
  version: 2,
  hashed: true,
  sections: ["ids", "authors", "organization", "titles", "names"],
};

const repair = async (date: string) =>
  (await repairPass({ date, now: LATER, settledBefore: "2026-05-12" }))?.outcome;

/** The stored brief with one column changed, written again with its content hash (so a checksum that matches). */
async function plant(column: number, change: (s: string) => string) {
  const original = (await env.PAPERS.get(K.brief))!;
  const [head, ...sections] = original.split("\f");
  sections[column] = change(sections[column]!);
  await env.PAPERS.put(K.brief, encodeSections(FORMAT, head!.split(" ")[2], sections));
  await env.PAPERS.delete(REPAIR_QUEUE_KEY);
  forgetStored();
  return original;
}

describe("a brief column with another number of lines than its ids", () => {
  for (const [name, column, change] of [
    ["the names one short", 4, (s: string) => s.slice(0, s.lastIndexOf("\n"))],
    ["the titles one long", 3, (s: string) => `${s}\nextra`],
    ["the authors one short", 1, (s: string) => s.slice(0, s.lastIndexOf("\n"))],
    ["the organisations three long", 2, (s: string) => `${s}\n\n\n`],
  ] as const) {
    it(`${name}: searches and the digest answer as before, and the repair pass restores it`, async () => {
      await runScrape(fakeOrigin(), { targets: [DAY] });
      const day = (await storedDay(DAY))!;
      const author = day.papers[0]!.authors[0]!;
      const org = day.papers.find((p) => p.organization?.name)?.organization?.name;
      expect(org).toBeDefined();
      const queries = [
        `date=${DAY}&author=${encodeURIComponent(author)}`,
        `date=${DAY}&org=${encodeURIComponent(org!)}`,
      ];
      forgetStored();
      const before = await Promise.all(queries.map((q) => answer(PapersAnswer, `/api/papers?${q}`)));
      expect(before.every((a) => a.papers.length > 0)).toBe(true);
      const digestBefore = await (await call(`/feed.json?digest=day&date=${DAY}`)).text();

      const original = await plant(column, change);
      const after = await Promise.all(queries.map((q) => answer(PapersAnswer, `/api/papers?${q}`)));
      expect(after.map((a) => a.papers.map((p) => p.id))).toEqual(
        before.map((a) => a.papers.map((p) => p.id)),
      );
      const digest = await call(`/feed.json?digest=day&date=${DAY}`);
      expect(digest.status).toBe(200);
      expect(await digest.text()).toBe(digestBefore);

      expect((await env.PAPERS.get(REPAIR_QUEUE_KEY)) ?? "none").toContain(DAY);
      expect(await repair(DAY)).toBe("repaired");
      expect(await env.PAPERS.get(K.brief)).toBe(original);
    });
  }
});
