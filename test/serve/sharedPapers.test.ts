// Papers an isolate keeps between answers (store/memo.ts: a day record's parsed lines, a
// brief's digest rows), attacked through the routes: every answer built from those shared,
// frozen papers must still be a 200 and the same answer the next time, and a stored value
// that changed must show in the very next answer of the same isolate.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { forgetAnswers } from "../../src/serve/httpCache";
import { forgetIndex } from "../../src/store/days";
import { decodeBrief, encodeBrief } from "../../src/store/values/brief";
import { decodeDayRecord } from "../../src/store/values/dayRecord";
import { paperRecordKey } from "../../src/store/values/paperRecord";
import { fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, LATER, runScrape } from "../helpers";
import { dayKeys } from "../stored";

const DAY = "2026-05-15";
const K = dayKeys(DAY);

/** A fresh answer (none the isolate kept): what the isolate still keeps is the memo alone. */
async function fresh(path: string): Promise<string> {
  forgetAnswers();
  forgetIndex();
  const res = await call(path);
  const body = await res.text();
  expect(res.status, `${path}: ${body.slice(0, 300)}`).toBe(200);
  return body;
}

/** The day's stored papers, and one with an organisation and authors to search for. */
async function storedPapers() {
  const day = decodeDayRecord((await env.PAPERS.get(K.day))!, DAY)!;
  const withOrg = day.papers.find((p) => p.organization && p.authors.length > 1)!;
  return { papers: day.papers, withOrg };
}

/** Every route that reads papers, with the searches, sorts and digests that take other paths. */
function routes(p: { id: string; authors: string[]; organization?: { name: string } }) {
  const author = encodeURIComponent(p.authors[0]!.split(" ").at(-1)!);
  const org = encodeURIComponent(p.organization!.name);
  return [
    "/",
    `/?date=${DAY}`,
    `/feed.atom?date=${DAY}`,
    `/feed.rss?date=${DAY}`,
    `/feed.json?date=${DAY}`,
    "/feed.atom",
    "/api/papers",
    `/api/papers?date=${DAY}`,
    `/api/papers?date=${DAY}&limit=3`,
    "/api/papers?sort=rising",
    "/api/papers?sort=upvotes&limit=7",
    `/api/papers?date=${DAY}&q=model`,
    `/api/papers?date=${DAY}&author=${author}`,
    `/api/papers?date=${DAY}&org=${org}`,
    `/feed.atom?date=${DAY}&author=${author}`,
    `/?date=${DAY}&org=${org}`,
    "/feed.atom?digest=day",
    "/feed.rss?digest=day",
    "/feed.json?digest=day",
    `/feed.json?digest=day&author=${author}`,
    `/papers/${p.id}`,
    `/api/papers/${p.id}`,
  ];
}

describe("answers from papers an isolate shares between them", () => {
  it("every route answers 200, and the same, when its papers come frozen from an earlier answer", async () => {
    await runScrape(fakeOrigin());
    const { withOrg } = await storedPapers();
    const paths = routes(withOrg);
    const first = new Map<string, string>();
    for (const path of paths) first.set(path, await fresh(path));
    // In another order: an answer that copies lines after one that did not, and back.
    for (const path of [...paths].reverse()) expect(await fresh(path), path).toBe(first.get(path));
    for (const path of paths) expect(await fresh(path), path).toBe(first.get(path));
    // Each search found something: an empty answer would not have read a paper at all.
    for (const path of paths.filter((p) => /[?&](q|author|org)=/.test(p) && p.startsWith("/api/")))
      expect(JSON.parse(first.get(path)!).papers.length, path).toBeGreaterThan(0);
  });

  it("a paper whose own record lost its content is read from the shared day record's line, twice", async () => {
    await runScrape(fakeOrigin());
    const { withOrg } = await storedPapers();
    await fresh(`/api/papers?date=${DAY}`); // the day's lines parsed and kept
    await env.PAPERS.put(paperRecordKey(withOrg.id), JSON.stringify({ v: 3, listed_on: [DAY] }));
    for (const path of [`/papers/${withOrg.id}`, `/api/papers/${withOrg.id}`]) {
      const once = await fresh(path);
      expect(once).toContain(withOrg.title);
      expect(await fresh(path)).toBe(once);
    }
  });

  it("a paper renamed by a later scrape is renamed in the next answer of every route", async () => {
    await runScrape(fakeOrigin());
    const { withOrg } = await storedPapers();
    const paths = routes(withOrg);
    for (const path of paths) await fresh(path);
    const props = propsOf(DAY);
    const item = props.dailyPapers.find((i) => i.paper.id === withOrg.id)!;
    const paper = item.paper as unknown as { title: string; authors: { name: string }[] };
    paper.title = "Renamed By The Second Run";
    paper.authors[0]!.name = "Quillon Zebedee";
    item.title = paper.title;
    await runScrape(
      fakeOrigin((url) => (url.endsWith(`/papers/date/${DAY}`) ? new Response(pageWith(props)) : undefined)),
      { now: LATER, targets: [DAY] },
    );
    const renamed = (await storedPapers()).papers.find((p) => p.id === withOrg.id)!;
    expect(renamed.title).toBe("Renamed By The Second Run");
    for (const path of [
      `/api/papers?date=${DAY}`,
      `/feed.atom?date=${DAY}`,
      `/feed.json?date=${DAY}`,
      "/feed.atom?digest=day",
      "/feed.json?digest=day",
      `/papers/${withOrg.id}`,
      `/api/papers/${withOrg.id}`,
    ]) {
      const body = await fresh(path);
      expect(body, path).toContain("Renamed By The Second Run");
      expect(body, path).toContain("Quillon Zebedee");
    }
    expect(
      JSON.parse(await fresh(`/api/papers?date=${DAY}&author=zebedee`)).papers.map(
        (p: { id: string }) => p.id,
      ),
    ).toEqual([withOrg.id]);
  });

  it("a day record changed in storage under the same content hash shows its change in the next answer", async () => {
    await runScrape(fakeOrigin());
    // The record's last paper: a change far from the record's head and first lines.
    const last = (await storedPapers()).papers.at(-1)!;
    const before = await fresh(`/api/papers?date=${DAY}`);
    expect(await fresh(`/feed.atom?date=${DAY}`)).toContain(last.id);
    const text = (await env.PAPERS.get(K.day))!;
    const planted = text.replace(`"title":${JSON.stringify(last.title)}`, '"title":"Planted Title"');
    expect(planted.indexOf("Planted Title")).toBeGreaterThan(text.length / 2);
    expect(planted).not.toBe(text);
    await env.PAPERS.put(K.day, planted);
    for (const path of [`/api/papers?date=${DAY}`, `/feed.atom?date=${DAY}`, `/feed.json?date=${DAY}`]) {
      const body = await fresh(path);
      expect(body, path).toContain("Planted Title");
    }
    await env.PAPERS.put(K.day, text);
    expect(await fresh(`/api/papers?date=${DAY}`)).toBe(before);
  });

  it("a brief changed in storage under the same content hash shows its names in the next digest", async () => {
    await runScrape(fakeOrigin());
    const { papers, withOrg } = await storedPapers();
    const digest = `/feed.json?digest=day&date=${DAY}`;
    expect(await fresh(digest)).toContain(JSON.stringify(withOrg.authors[0]).slice(1, -1));
    const raw = (await env.PAPERS.get(K.brief))!;
    const hash = decodeBrief(raw, DAY)!.content!;
    const ids = decodeBrief(raw, DAY)!.ids;
    const byId = new Map(papers.map((p) => [p.id, p]));
    const renamed = ids.map((id) => {
      const p = byId.get(id)!;
      return id === withOrg.id ? { ...p, title: "Brief Title", authors: ["Brief Author"] } : p;
    });
    await env.PAPERS.put(K.brief, encodeBrief(renamed, hash));
    const body = await fresh(digest);
    expect(body).toContain("Brief Title");
    expect(body).toContain("Brief Author");
    await env.PAPERS.put(K.brief, raw);
    expect(await fresh(digest)).not.toContain("Brief Author");
  });
});
