// A fresh deployment's first scrape: at most one try every BOOTSTRAP_WAIT_S, however many
// requests reach the empty archive.
import { BOOTSTRAP_KEY, BOOTSTRAP_WAIT_S, encodeBootstrap } from "./values/bootstrap";

/** Claims the next try, if none started within the wait. Returns whether this caller has it. */
export async function claimBootstrap(kv: KVNamespace, now: number): Promise<boolean> {
  if ((await kv.get(BOOTSTRAP_KEY)) !== null) return false;
  await kv.put(BOOTSTRAP_KEY, encodeBootstrap(now), { expirationTtl: BOOTSTRAP_WAIT_S });
  return true;
}
