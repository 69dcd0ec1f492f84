// digest=day: one entry per listed day, its papers ranked by upvotes; an entry's id is
// stable and its `updated` moves only when the day gains a paper.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { PapersAnswer, Problem } from "../../src/serve/answers";
import { selectDigest } from "../../src/serve/select";
import { Archive } from "../../src/store/archive";
import { JsonFeedAnswer, jsonFeedErrors, parseAtom } from "../feedValidators";
import { COUNTS, countingKv, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { answer, call, LATER, runScrape, testHost } from "../helpers";
import { dayKeys, planFor } from "../stored";

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

const atom = async (qs: string) => parseAtom(await (await call(`/feed.atom?${qs}`)).text());
const entryFor = (entries: ReturnType<typeof parseAtom>["entries"], date: string) =>
  entries.find((e) => e.id === `https://huggingface.co/papers/date/${date}`)!;

describe("digest=day", () => {
  it("gives one entry per listed day, each listing that day's papers ranked by upvotes, linked, with authors", async () => {
    const { feed, entries } = await atom("digest=day");
    expect(feed.title["#text"]).toBe("Hugging Face Daily Papers, daily digest");
    expect(entries.map((e) => e.id)).toEqual(
      Object.keys(COUNTS).map((d) => `https://huggingface.co/papers/date/${d}`),
    );
    const friday = entryFor(entries, "2026-05-15");
    expect(friday.title["#text"]).toBe(`Daily Papers of 2026-05-15: ${COUNTS["2026-05-15"]} papers`);
    expect(friday.published).toBe("2026-05-15T00:00:00Z");
    const html: string = friday.content["#text"];
    const votes = [...html.matchAll(/<strong>(\d+) upvotes?<\/strong>/g)].map((m) => Number(m[1]));
    expect(votes).toHaveLength(COUNTS["2026-05-15"]);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
    expect(html).toContain('<li><a href="https://huggingface.co/papers/2605.13301">');
    expect(html).toMatch(
      /2605\.13301">(<bdi>[^<]+<\/bdi>|[^<]+)<\/a> · <strong>140 upvotes<\/strong> · (<bdi>[^<]+<\/bdi>|[^<])+<\/li>/,
    );
  });

  it("is the same in RSS and JSON Feed, and valid in each", async () => {
    const raw = await (await call("/feed.json?digest=day&week=2026-W20")).json();
    expect(jsonFeedErrors(raw)).toEqual([]);
    const json = JsonFeedAnswer.omit({ items: true }).parse(raw);
    expect(json.title).toBe("Hugging Face Daily Papers, week 2026-W20, daily digest");
    const items = (raw as { items: { id: string; date_modified: string }[] }).items;
    expect(items.map((i) => i.id)).toEqual(
      ["2026-05-15", "2026-05-14"].map((d) => `https://huggingface.co/papers/date/${d}`),
    );
    const rss = await (await call("/feed.rss?digest=day&week=2026-W20")).text();
    expect(rss.match(/<item>/g)).toHaveLength(2);
    expect(rss).toContain('<guid isPermaLink="false">https://huggingface.co/papers/date/2026-05-15</guid>');
  });

  it("keeps each entry's id and updated when upvotes change, and moves updated when a paper is added", async () => {
    const before = entryFor((await atom("digest=day")).entries, "2026-05-15");
    const props = propsOf("2026-05-15");
    for (const i of props.dailyPapers) i.paper.upvotes += 5;
    await runScrape(
      fakeOrigin((url) => (url.endsWith("2026-05-15") ? new Response(pageWith(props)) : undefined)),
      {
        targets: ["2026-05-15"],
        now: LATER,
      },
    );
    const afterVotes = entryFor((await atom("digest=day")).entries, "2026-05-15");
    expect(afterVotes.content["#text"]).not.toBe(before.content["#text"]); // the new counts are shown
    expect([afterVotes.id, afterVotes.updated]).toEqual([before.id, before.updated]);

    const added = structuredClone(props.dailyPapers[0]!);
    added.paper.id = "2605.77777";
    props.dailyPapers.push(added);
    await runScrape(
      fakeOrigin((url) => (url.endsWith("2026-05-15") ? new Response(pageWith(props)) : undefined)),
      {
        targets: ["2026-05-15"],
        now: LATER + 30 * 60_000,
      },
    );
    const afterAdd = entryFor((await atom("digest=day")).entries, "2026-05-15");
    expect(afterAdd.id).toBe(before.id);
    expect(Date.parse(afterAdd.updated)).toBeGreaterThan(Date.parse(before.updated));
    expect(afterAdd.title["#text"]).toBe(`Daily Papers of 2026-05-15: ${COUNTS["2026-05-15"] + 1} papers`);
  });

  it("combines with min_upvotes and the date parameters", async () => {
    const { entries } = await atom("digest=day&min_upvotes=50&month=2026-05");
    // Only days with a paper of 50 or more upvotes have an entry.
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.id).toMatch(/papers\/date\/2026-05-/);
    const friday = entryFor(entries, "2026-05-15");
    expect(friday.title["#text"]).toBe("Daily Papers of 2026-05-15: 6 papers");
    for (const m of friday.content["#text"].matchAll(/<strong>(\d+) upvotes?<\/strong>/g))
      expect(Number(m[1])).toBeGreaterThanOrEqual(50);
    expect((await atom("digest=day&date=2026-05-14")).entries).toHaveLength(1);
  });

  it("is for the feeds: the JSON API refuses it, and a digest has no cursor", async () => {
    const api = await call("/api/papers?digest=day");
    expect(api.status).toBe(400);
    expect(Problem.parse(await api.json())).toMatchObject({ parameter: "digest" });
    expect((await call("/feed.atom?digest=week")).status).toBe(400);
  });

  it.each(["rising", "upvotes", "date"])(
    "takes no sort (%s), which it would ignore: a 400 naming sort and the rule, as OpenAPI says",
    async (sort) => {
      const res = await call(`/feed.atom?digest=day&sort=${sort}`);
      expect(res.status).toBe(400);
      const { rule } = Problem.parse(await res.json()) as { rule?: string };
      expect(Problem.parse(await (await call(`/feed.json?digest=day&sort=${sort}`)).json())).toMatchObject({
        parameter: "sort",
        rule,
      });
      expect(rule).toMatch(/digest/);
      const doc = (await (await call("/openapi.json")).json()) as {
        paths: Record<string, { get: { parameters: { name: string; description: string }[] } }>;
      };
      const described = doc.paths["/feed.atom"]!.get.parameters.find((p) => p.name === "sort")!.description;
      expect(described).toContain(rule);
    },
  );

  it("the front page offers it, and passes it to the feeds' URLs but not the API's", async () => {
    const html = await (await call("/?digest=day")).text();
    expect(html).toContain('<option value="day" selected>');
    expect(html).toContain(`value="${testHost()}/feed.atom?digest=day"`);
    expect(html).toContain(`value="${testHost()}/api/papers"`);
  });

  it("shows titles and authors from the days' briefs, reading no day record; older days from their records, the same", async () => {
    const digestOf = async (kv: KVNamespace) =>
      (await selectDigest(new Archive(kv), await planFor("/feed.atom", "digest=day"))).digest;
    const kv = countingKv(env.PAPERS);
    const fromBriefs = await digestOf(kv);
    expect(kv.gets.filter((k) => k.startsWith("day:"))).toEqual([]);
    const friday = fromBriefs.find((d) => d.date === "2026-05-15")!;
    const listed = await answer(PapersAnswer, "/api/papers?date=2026-05-15");
    const { title, authors } = listed.papers.find((p) => p.id === "2605.13301")!;
    expect(friday.papers.find((p) => p.id === "2605.13301")).toEqual({
      id: "2605.13301",
      title,
      authors,
      upvotes: 140,
      url: "https://huggingface.co/papers/2605.13301",
    });
    // A day stored before briefs existed.
    await env.PAPERS.delete(dayKeys("2026-05-15").brief);
    const older = countingKv(env.PAPERS);
    expect(await digestOf(older)).toEqual(fromBriefs);
    expect(older.gets.filter((k) => k.startsWith("day:"))).toEqual(["day:2026-05-15"]);
  });

  it("asks for every listed day's brief at once, not one day after another", async () => {
    const kv = countingKv(env.PAPERS);
    const get = kv.get.bind(kv) as (key: string | string[], ...rest: unknown[]) => Promise<unknown>;
    // For each read of briefs: the keys, and how many such reads had answered when it was asked.
    const asked: { keys: string[]; answeredBefore: number }[] = [];
    let answered = 0;
    const watched = new Proxy(kv, {
      get: (target, prop) =>
        prop === "get"
          ? async (key: string | string[], ...rest: unknown[]) => {
              const keys = Array.isArray(key) ? key : [key];
              if (!keys.some((k) => k.startsWith("brief:"))) return get(key, ...rest);
              asked.push({ keys, answeredBefore: answered });
              const value = await get(key, ...rest);
              answered++;
              return value;
            }
          : Reflect.get(target, prop),
    });
    const { digest } = await selectDigest(new Archive(watched), await planFor("/feed.atom", "digest=day"));
    expect(digest.length).toBeGreaterThan(2);
    expect(asked.flatMap((a) => a.keys).sort()).toEqual(digest.map((d) => dayKeys(d.date).brief).sort());
    expect(asked.map((a) => a.answeredBefore)).toEqual(asked.map(() => 0));
  });
});
