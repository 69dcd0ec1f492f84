// The front page keeps its feed URLs "up to date for copying as you type ... so the URLs stay
// valid" (README, "The front page"). A field whose value the server refuses, and which the
// form itself flags as invalid (pattern), must not be carried into the URLs it offers: a copied
// URL would answer 400.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BadRequestError } from "../../src/serve/errors";
import { parseListQuery } from "../../src/serve/query";
import { renderPage } from "../../src/serve/render/page";
import { sampleView } from "../serve/render/sample";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ORIGIN = "http://front.test";
const haveChromium = existsSync(CHROMIUM);
let browser: Browser;

beforeAll(async () => {
  if (!haveChromium) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
});
afterAll(async () => browser?.close());

/** The server's answer to a URL's query: the rule it breaks, or "ok". */
function verdict(url: string): string {
  try {
    parseListQuery(new URL(url).searchParams);
    return "ok";
  } catch (e) {
    if (e instanceof BadRequestError) return `400 ${e.message}`;
    throw e;
  }
}

it.skipIf(!haveChromium)("leaves out of the URLs a field the server would refuse", async () => {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: renderPage(sampleView()) }),
  );
  await page.goto(`${ORIGIN}/`);
  await page.fill('input[name="min_upvotes"]', "1e3");
  await page.fill('input[name="q"]', "   ");
  expect(
    await page
      .locator('input[name="min_upvotes"]')
      .evaluate((e) => (e as unknown as { validity: { valid: boolean } }).validity.valid),
  ).toBe(false);
  const urls = await page
    .locator("#feed-urls input[data-path]")
    .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) expect(verdict(url), url).toBe("ok");
});
