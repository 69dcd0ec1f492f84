// The front page as a person sees it: headless Chromium (Debian's `chromium`, driven by
// playwright-core) against the Worker under `wrangler dev`, after a scrape of the fixtures.
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "./worker";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// In CI a missing browser is a failure (.ci/run installs it); elsewhere the test says why it skipped.
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`);
if (!haveChromium)
  console.warn(
    `front-page browser test skipped: no ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );

describe.skipIf(!haveChromium)("the front page in Chromium", () => {
  let worker: RunningWorker;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    worker = await startWorker();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Without the background-networking flags Chromium keeps dialling out of a closed network.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(`${worker.base}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it("loads and shows the newest day's papers", async () => {
    await expect(page.title()).resolves.toContain("Hugging Face Daily Papers");
    await expect(page.locator("h2#papers").textContent()).resolves.toBe("Newest day: 2026-05-18");
    const items = page.locator("ol.papers li");
    expect(await items.count()).toBe(10);
    const first = items.first();
    expect(await first.locator("a").first().getAttribute("href")).toMatch(
      /^https:\/\/huggingface\.co\/papers\/\d{4}\.\d{5}$/,
    );
    expect(await first.locator(".votes").textContent()).toMatch(/^▲ \d+/);
    await expect(page.locator("header").textContent()).resolves.toMatch(
      /Last scrape: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/,
    );
    const alternates = await page
      .locator('link[rel="alternate"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute("type")));
    expect(alternates).toEqual(["application/atom+xml", "application/feed+json", "application/rss+xml"]);
  });

  it("the form produces feed URLs that work", async () => {
    await page.fill('input[name="date"]', "2026-05-15");
    await page.fill('input[name="min_upvotes"]', "20");
    const atomUrl = await page.locator('#feed-urls input[data-path="/feed.atom"]').inputValue();
    expect(atomUrl).toBe(`${worker.base}/feed.atom?date=2026-05-15&min_upvotes=20`);
    const atom = await fetch(atomUrl);
    expect(atom.status).toBe(200);
    expect(atom.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const entries = (await atom.text()).match(/<entry>/g) ?? [];
    const jsonUrl = await page.locator('#feed-urls input[data-path="/api/papers"]').inputValue();
    const body = (await (await fetch(jsonUrl)).json()) as { papers: { upvotes: number; date: string }[] };
    // The same papers in both: 15 of Friday's 40 have 20 upvotes or more, a few more once the
    // second run's upvotes land on Friday.
    expect(entries.length).toBe(body.papers.length);
    expect(entries.length).toBeGreaterThanOrEqual(15);
    expect(
      body.papers.every((p: { upvotes: number; date: string }) => p.upvotes >= 20 && p.date === "2026-05-15"),
    ).toBe(true);

    // Picking a range clears the single day, so the URL stays valid.
    await page.fill('input[name="from"]', "2026-05-14");
    await page.fill('input[name="to"]', "2026-05-18");
    const rangeUrl = await page.locator('#feed-urls input[data-path="/feed.json"]').inputValue();
    expect(rangeUrl).toBe(`${worker.base}/feed.json?from=2026-05-14&to=2026-05-18&min_upvotes=20`);
    expect((await fetch(rangeUrl)).status).toBe(200);

    // Submitting the form shows the matching papers.
    await page.click('button[type="submit"]');
    await page.waitForURL(/min_upvotes=20/);
    const votes = await page.locator("ol.papers .votes").allTextContents();
    expect(votes.length).toBeGreaterThan(0);
    expect(votes.every((v) => Number(v.match(/▲ (\d+)/)?.[1]) >= 20)).toBe(true);
  });

  it("offers text search, order, week and month, and the URLs it builds carry them", async () => {
    await page.goto(`${worker.base}/`);
    await page.fill('input[name="q"]', "model");
    await page.selectOption('select[name="sort"]', "rising");
    const url = (path: string) => page.locator(`#feed-urls input[data-path="${path}"]`).inputValue();
    expect(await url("/feed.atom")).toBe(`${worker.base}/feed.atom?q=model&sort=rising`);

    // A week replaces a day, a month replaces the week: one way of naming days at a time.
    await page.fill('input[name="date"]', "2026-05-15");
    await page.fill('input[name="week"]', "2026-W20");
    expect(await page.inputValue('input[name="date"]')).toBe("");
    const params = "week=2026-W20&q=model&sort=rising";
    expect(await url("/feed.json")).toBe(`${worker.base}/feed.json?${params}`);
    expect(await url("/feeds.opml")).toBe(`${worker.base}/feeds.opml?${params}`);
    const feed = (await (await fetch(await url("/feed.json"))).json()) as {
      title: string;
      items: { title: string; content_html: string; _daily_papers: { listed_on: string } }[];
    };
    expect(feed.title).toBe(
      'Hugging Face Daily Papers, week 2026-W20, matching "model", rising fastest first',
    );
    expect(feed.items.length).toBeGreaterThan(0);
    for (const i of feed.items) expect(i._daily_papers.listed_on >= "2026-05-11").toBe(true);
    const opml = await (await fetch(await url("/feeds.opml"))).text();
    expect(opml).toContain(`xmlUrl="${worker.base}/feed.rss?week=2026-W20&amp;q=model&amp;sort=rising"`);

    await page.fill('input[name="month"]', "2026-05");
    expect(await page.inputValue('input[name="week"]')).toBe("");
    expect(await url("/feed.rss")).toBe(`${worker.base}/feed.rss?month=2026-05&q=model&sort=rising`);
    mkdirSync("test/node/screenshots", { recursive: true });
    await page.screenshot({ path: "test/node/screenshots/front-page-form.png", fullPage: false });

    // Submitted, the page shows the papers that match, in the order asked for.
    await page.click('button[type="submit"]');
    await page.waitForURL(/sort=rising/);
    await expect(page.locator("h2#papers").textContent()).resolves.toBe(
      'Hugging Face Daily Papers, 2026-05, matching "model", rising fastest first',
    );
    expect(await page.locator("ol.papers li").count()).toBeGreaterThan(0);
    expect(await page.inputValue('input[name="q"]')).toBe("model");
    expect(await page.inputValue('select[name="sort"]')).toBe("rising");
  });

  it("never builds a digest with an order: picking one clears the other, and the URLs answer 200", async () => {
    await page.goto(`${worker.base}/`);
    const url = (path: string) => page.locator(`#feed-urls input[data-path="${path}"]`).inputValue();
    await page.selectOption('select[name="sort"]', "upvotes");
    await page.selectOption('select[name="digest"]', "day");
    expect(await page.inputValue('select[name="sort"]')).toBe("");
    expect(await url("/feed.atom")).toBe(`${worker.base}/feed.atom?digest=day`);
    expect((await fetch(await url("/feed.atom"))).status).toBe(200);
    expect((await fetch(await url("/feeds.opml"))).status).toBe(200);

    await page.selectOption('select[name="sort"]', "rising");
    expect(await page.inputValue('select[name="digest"]')).toBe("");
    expect(await url("/feed.rss")).toBe(`${worker.base}/feed.rss?sort=rising`);
    expect((await fetch(await url("/feed.rss"))).status).toBe(200);
  });

  it("builds no URL the server refuses: half a range, a year before Daily Papers, a number in another notation, blank text", async () => {
    await page.goto(`${worker.base}/`);
    const url = (path: string) => page.locator(`#feed-urls input[data-path="${path}"]`).inputValue();
    // The node project's types have no DOM: the form is called by the one method used.
    const valid = () =>
      page
        .locator("#filters")
        .evaluate((f) => (f as unknown as { checkValidity(): boolean }).checkValidity());

    // Half a range is left out of the URLs, and the form asks for the other half.
    await page.fill('input[name="from"]', "2026-05-14");
    expect(await url("/feed.atom")).toBe(`${worker.base}/feed.atom`);
    expect(await valid()).toBe(false);
    await page.fill('input[name="to"]', "2026-05-18");
    expect(await url("/feed.atom")).toBe(`${worker.base}/feed.atom?from=2026-05-14&to=2026-05-18`);
    expect(await valid()).toBe(true);
    // A range that ends before it starts, or longer than 92 days, is refused the same way.
    for (const [from, to] of [
      ["2026-05-18", "2026-05-14"],
      ["2026-01-01", "2026-05-14"],
    ] as const) {
      await page.fill('input[name="from"]', from);
      await page.fill('input[name="to"]', to);
      expect(await valid(), `${from}..${to}`).toBe(false);
      expect(await url("/feed.atom")).toBe(`${worker.base}/feed.atom`);
    }
    await page.fill('input[name="from"]', "2026-02-12");
    await page.fill('input[name="to"]', "2026-05-14");
    expect(await valid()).toBe(true);
    expect((await fetch(await url("/feed.atom"))).status).toBe(200);
    await page.fill('input[name="from"]', "");
    await page.fill('input[name="to"]', "");
    expect(await valid()).toBe(true);

    // What the server refuses the form refuses too, and it does not block what the server takes.
    for (const [name, value, takes] of [
      ["date", "2022-12-31", false],
      ["min_upvotes", "1e3", false],
      ["min_upvotes", "-1", false],
      ["q", "   ", false],
      ["author", "  ", false],
      ["min_upvotes", "0000005", true],
      ["min_upvotes", "1000000", true],
      ["q", "a\u2028b", true],
      ["author", "Zoë O'Neil-Smith, J.", true],
      ["date", "2023-05-05", true],
    ] as const) {
      await page.fill(`input[name="${name}"]`, value);
      expect(await valid(), `${name}=${value}`).toBe(takes);
      await page.fill(`input[name="${name}"]`, "");
    }
    await page.fill('input[name="min_upvotes"]', "20");
    expect(await valid()).toBe(true);
    expect((await fetch(await url("/feed.atom"))).status).toBe(200);
  });

  it("draws each paper's upvote sparkline, with a text alternative, and links to the paper's page", async () => {
    await page.goto(`${worker.base}/`);
    const sparks = page.locator("ol.papers svg.spark");
    expect(await sparks.count()).toBe(10);
    const label = await sparks.first().getAttribute("aria-label");
    expect(label).toMatch(/^Upvotes from (\d+) to (\d+) between /);
    const [, from, to] = label!.match(/from (\d+) to (\d+)/)!;
    expect(Number(to) - Number(from)).toBe(7);
    await page.screenshot({ path: "test/node/screenshots/front-page-sparklines.png", fullPage: false });

    await page.locator("ol.papers a", { hasText: "details" }).first().click();
    await page.waitForURL(/\/papers\/\d{4}\.\d{5}$/);
    expect(await page.locator("svg.curve").count()).toBe(1);
    expect(await page.locator("svg.curve text").allTextContents()).toEqual(
      expect.arrayContaining(["upvotes", "time (UTC)"]),
    );
    expect(await page.locator("h2").allTextContents()).toEqual([
      "Upvotes over time",
      "Abstract",
      "Links",
      "Listed on",
    ]);
    mkdirSync("test/node/screenshots", { recursive: true });
    await page.screenshot({ path: "test/node/screenshots/paper-page.png", fullPage: true });
  });

  it("has no console errors, and a screenshot is kept for a look (not in git)", async () => {
    mkdirSync("test/node/screenshots", { recursive: true });
    await page.goto(`${worker.base}/`);
    await page.screenshot({ path: "test/node/screenshots/front-page.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
