// A staged read none of whose papers validates (or that lists none: no run stages an empty
// read) is damage, not a read of an empty page: it hides only itself, and the run reads the
// day for itself instead of reporting the list empty and the run failed.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ROUND_MS } from "../../src/core/schedule";
import { stagedReadKey } from "../../src/store/values/stagedRead";
import { fakeOrigin } from "../fixtures";
import { NOW, runScrape } from "../helpers";

const DAY = "2026-05-18";

describe.each(["newest", "window"] as const)("a %s run finding a staged read with no valid paper", (task) => {
  const targets = task === "newest" ? ["latest"] : [DAY];
  const run = (now: number) => runScrape(fakeOrigin(), { targets, now, stage: task });

  it.each([
    [
      "every paper damaged",
      (papers: Record<string, unknown>[]) => papers.map((p) => ({ ...p, upvotes: "many" })),
    ],
    ["no paper at all", () => []],
  ])("%s: reads the day for itself", async (_, damage) => {
    const key = stagedReadKey(task);
    // A window day read from its page: the fixtures' API has no list of it.
    const origin = fakeOrigin((url) =>
      url.includes("/api/") ? new Response("down", { status: 503 }) : undefined,
    );
    const staging = await runScrape(origin, { targets, now: NOW, stage: task });
    expect(staging.days[0]).toMatchObject({ outcome: "staged", date: DAY });
    const v = JSON.parse((await env.PAPERS.get(key))!);
    v.papers = damage(v.papers);
    await env.PAPERS.put(key, JSON.stringify(v));
    const report = await run(NOW + ROUND_MS);
    expect(report).not.toHaveProperty("staged");
    expect(report.ok).toBe(true);
    expect(report.days[0]).not.toMatchObject({ outcome: "empty" });
  });
});
