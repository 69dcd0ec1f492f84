// WebSub: with WEBSUB_HUB set, every feed names the hub (in its body and a Link header), and
// a run that added papers pings the hub for the unfiltered feeds. Without it, nothing changes.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { scrape } from "../../src/scrape/run";
import { type FakeOrigin, fakeOrigin, pageWith, propsOf } from "../fixtures";
import { call, LATER, runScrape, SCRAPE_CONFIG } from "../helpers";

const HUB = "https://hub.example/websub";
const PUBLIC = "https://papers.example.org";
const withHub = { ...env, WEBSUB_HUB: HUB, PUBLIC_URL: PUBLIC };

beforeEach(async () => {
  await runScrape(fakeOrigin());
});

describe("feeds name the hub", () => {
  it("Atom, RSS and JSON Feed carry the hub and self links under PUBLIC_URL, and so does the Link header", async () => {
    const atom = await call("/feed.atom?min_upvotes=20", undefined, withHub);
    // WebSub section 4: the self link is the topic the hub is pinged for, under PUBLIC_URL.
    const self = `${PUBLIC}/feed.atom?min_upvotes=20`;
    expect(atom.headers.get("link")).toBe(`<${HUB}>; rel="hub", <${self}>; rel="self"`);
    const xml = await atom.text();
    expect(xml).toContain(`<link rel="hub" href="${HUB}"/>`);
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${self}"/>`);
    expect(await (await call("/feed.rss", undefined, withHub)).text()).toContain(
      `<atom:link rel="hub" href="${HUB}"/>`,
    );
    const json = (await (await call("/feed.json", undefined, withHub)).json()) as { hubs?: unknown };
    expect(json.hubs).toEqual([{ type: "WebSub", url: HUB }]);
  });

  it("without a hub, no feed names one", async () => {
    const atom = await call("/feed.atom");
    expect(atom.headers.get("link")).toBeNull();
    expect(await atom.text()).not.toContain('rel="hub"');
    expect(await (await call("/feed.json")).json()).not.toHaveProperty("hubs");
  });
});

describe("pings", () => {
  /** A stand-in hub that records each ping, in front of the fixtures. */
  function withStandInHub(origin: FakeOrigin, answer = () => new Response(null, { status: 204 })) {
    const pings: URLSearchParams[] = [];
    const fetch: FakeOrigin["fetch"] = async (input, init) => {
      if (String(input) !== HUB) return origin.fetch(input, init);
      pings.push(new URLSearchParams(String(init?.body)));
      return answer();
    };
    return { pings, fetch };
  }
  const config = { ...SCRAPE_CONFIG, WEBSUB_HUB: HUB, PUBLIC_URL: PUBLIC };

  /** Friday's page with one more paper, `id`: a run that reads it adds a paper. */
  function fridayWith(id: string) {
    const props = propsOf("2026-05-15");
    const added = structuredClone(props.dailyPapers[0]!);
    added.paper.id = id;
    props.dailyPapers.push(added);
    return props;
  }

  /** A run that reads Friday's page as `props`, with a stand-in hub that answers `answer`. */
  async function runFriday(
    props: ReturnType<typeof propsOf>,
    options: { answer?: () => Response; runConfig?: typeof config | typeof SCRAPE_CONFIG } = {},
  ) {
    const hub = withStandInHub(
      fakeOrigin((url) => (url.endsWith("2026-05-15") ? new Response(pageWith(props)) : undefined)),
      options.answer,
    );
    const waits: number[] = [];
    const report = await scrape(
      {
        kv: env.PAPERS,
        config: options.runConfig ?? config,
        fetch: hub.fetch,
        now: LATER,
        upstream: { sleep: async (ms) => void waits.push(ms) },
      },
      ["2026-05-15"],
    );
    return { report, pings: hub.pings, waits };
  }

  it("a run that added papers publishes the unfiltered feeds, within the run's request budget", async () => {
    const { report, pings } = await runFriday(fridayWith("2605.66666"));
    expect(pings.map((p) => [p.get("hub.mode"), p.get("hub.url")])).toEqual(
      ["/feed.atom", "/feed.rss", "/feed.json"].map((path) => ["publish", `${PUBLIC}${path}`]),
    );
    expect(report.websub).toEqual({
      hub: HUB,
      topics: ["/feed.atom", "/feed.rss", "/feed.json"].map((p) => `${PUBLIC}${p}`),
    });
    expect(report.requests).toBe(1 + 3);
  });

  it("a run that only moved upvotes pings nothing", async () => {
    const props = propsOf("2026-05-15");
    for (const i of props.dailyPapers) i.paper.upvotes += 1;
    const { report, pings } = await runFriday(props);
    expect(report.days[0]!.outcome).toBe("stored");
    expect(pings).toEqual([]);
    expect(report.websub).toBeUndefined();
  });

  it("a hub that fails is tried again once for each feed, and the run reports it without failing", async () => {
    const { report, pings } = await runFriday(fridayWith("2605.66667"), {
      answer: () => new Response("busy", { status: 503 }),
    });
    expect(pings.map((p) => p.get("hub.url"))).toEqual(
      ["/feed.atom", "/feed.atom", "/feed.rss", "/feed.rss", "/feed.json", "/feed.json"].map(
        (p) => `${PUBLIC}${p}`,
      ),
    );
    expect(report.websub?.topics).toEqual([]);
    expect(report.websub?.failed?.map((f) => f.topic)).toEqual(
      ["/feed.atom", "/feed.rss", "/feed.json"].map((p) => `${PUBLIC}${p}`),
    );
    expect(report.websub?.error).toMatch(/hub answered 503/);
    expect(report.ok).toBe(true);
  });

  it("one refused feed does not keep the others back, and the report names only what the hub took", async () => {
    let answered = 0;
    const { report, pings } = await runFriday(fridayWith("2605.66672"), {
      answer: () => new Response(null, { status: ++answered <= 2 ? 503 : 204 }),
    });
    expect(pings).toHaveLength(4);
    expect(report.websub?.topics).toEqual(["/feed.rss", "/feed.json"].map((p) => `${PUBLIC}${p}`));
    expect(report.websub?.failed?.map((f) => f.topic)).toEqual([`${PUBLIC}/feed.atom`]);
  });

  it("papers a failed ping did not announce are announced by the next run, even one that adds none", async () => {
    await runFriday(fridayWith("2605.66673"), { answer: () => new Response("busy", { status: 503 }) });
    const hub = withStandInHub(fakeOrigin());
    const next = await scrape(
      {
        kv: env.PAPERS,
        config,
        fetch: hub.fetch,
        now: LATER + 1_800_000,
        upstream: { sleep: async () => {} },
      },
      ["2026-05-14"],
    );
    expect(next.days[0]!.outcome).toBe("unchanged");
    expect(hub.pings).toHaveLength(3);
    expect(next.websub?.topics).toHaveLength(3);
    // Once announced, the run after that has nothing to announce.
    const after = await scrape(
      {
        kv: env.PAPERS,
        config,
        fetch: hub.fetch,
        now: LATER + 3_600_000,
        upstream: { sleep: async () => {} },
      },
      ["2026-05-14"],
    );
    expect(after.websub).toBeUndefined();
  });

  it("feeds under a PUBLIC_URL with a path are announced with that path", async () => {
    const hub = withStandInHub(
      fakeOrigin((url) =>
        url.endsWith("2026-05-15") ? new Response(pageWith(fridayWith("2605.66674"))) : undefined,
      ),
    );
    await scrape(
      {
        kv: env.PAPERS,
        config: { ...config, PUBLIC_URL: "https://feeds.example/base/" },
        fetch: hub.fetch,
        now: LATER,
        upstream: { sleep: async () => {} },
      },
      ["2026-05-15"],
    );
    expect(hub.pings.map((p) => p.get("hub.url"))).toEqual([
      "https://feeds.example/base/feed.atom",
      "https://feeds.example/base/feed.rss",
      "https://feeds.example/base/feed.json",
    ]);
    const feed = await call("/feed.atom", undefined, {
      ...withHub,
      PUBLIC_URL: "https://feeds.example/base",
    });
    expect(feed.headers.get("link")).toContain('<https://feeds.example/base/feed.atom>; rel="self"');
  });

  it("counts the time spent waiting for the hub in the run's duration", async () => {
    let clock = 1_000_000;
    const hub = withStandInHub(
      fakeOrigin((url) =>
        url.endsWith("2026-05-15") ? new Response(pageWith(fridayWith("2605.66675"))) : undefined,
      ),
      () => {
        clock += 2_000;
        return new Response(null, { status: 204 });
      },
    );
    const report = await scrape(
      {
        kv: env.PAPERS,
        config,
        fetch: hub.fetch,
        now: LATER,
        clock: () => clock,
        upstream: { sleep: async () => {} },
      },
      ["2026-05-15"],
    );
    expect(report.duration_ms).toBeGreaterThanOrEqual(6_000);
  });

  it("a hub that says how long to wait is waited for as told; a hub that redirects is not followed", async () => {
    let busy = true;
    const told = await runFriday(fridayWith("2605.66670"), {
      answer: () => {
        const answer = busy
          ? new Response("later", { status: 429, headers: { "retry-after": "3" } })
          : new Response(null, { status: 204 });
        busy = false;
        return answer;
      },
    });
    expect(told.waits).toContain(3000);
    expect(told.report.websub?.error).toBeUndefined();
    const moved = await runFriday(fridayWith("2605.66671"), {
      answer: () => Response.redirect("https://elsewhere.example/hub", 307),
    });
    expect(moved.pings).toHaveLength(3); // one a feed, none followed
    expect(moved.report.websub?.error).toMatch(/hub answered 307/);
  });

  it("without a hub, a run that added papers pings nothing", async () => {
    const { pings } = await runFriday(fridayWith("2605.66668"), { runConfig: SCRAPE_CONFIG });
    expect(pings).toEqual([]);
  });
});
