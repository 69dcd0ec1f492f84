// A fresh deployment's first scrape: at most one try every BOOTSTRAP_WAIT_S, however many
// requests reach the empty archive.
import { BOOTSTRAP_KEY, BOOTSTRAP_WAIT_S, encodeBootstrap } from "./values/bootstrap";

/**
 * The claim this isolate is making. Requests that arrive together (a reader fetching the three
 * feeds of the OPML list) would each read no marker before the first wrote one: they wait for
 * that claim instead. KV has no compare-and-set, so isolates elsewhere may still each claim one.
 */
let claiming: Promise<boolean> | undefined;

async function claim(kv: KVNamespace, now: number): Promise<boolean> {
  if ((await kv.get(BOOTSTRAP_KEY)) !== null) return false;
  await kv.put(BOOTSTRAP_KEY, encodeBootstrap(now), { expirationTtl: BOOTSTRAP_WAIT_S });
  return true;
}

/** Claims the next try, if none started within the wait. Returns whether this caller has it. */
export async function claimBootstrap(kv: KVNamespace, now: number): Promise<boolean> {
  if (claiming)
    return claiming.then(
      () => false,
      () => false,
    );
  claiming = claim(kv, now);
  try {
    return await claiming;
  } finally {
    claiming = undefined;
  }
}
