// Each test starts from an empty KV namespace: the plugin keeps storage for a whole file.
import { env } from "cloudflare:workers";
import { beforeEach } from "vitest";
import { forgetIndex } from "../src/store";

beforeEach(async () => {
  forgetIndex();
  let cursor: string | undefined;
  do {
    const page = await env.PAPERS.list({ cursor });
    await Promise.all(page.keys.map((k) => env.PAPERS.delete(k.name)));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
});
