// Manual runs and backfill: POST /api/admin/scrape, behind a bearer token.
import type { Config } from "../core/config";
import { addDays, daysBetween } from "../core/dates";
import { sha256 } from "../core/hash";
import type { Target } from "../core/runReport";
import { NotFoundError, UnauthorizedError } from "./errors";
import type { ScrapeQuery } from "./query";

/** The days a scrape query names, oldest first. */
export function scrapeTargets(q: ScrapeQuery): Target[] {
  if (q.date) return [q.date];
  const { from, to } = q as Required<Pick<ScrapeQuery, "from" | "to">>;
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
}

/**
 * Checks `Authorization: Bearer <token>` against the ADMIN_TOKEN secret in constant time
 * (both sides hashed first, so lengths match: timingSafeEqual needs equal lengths).
 * Without a configured secret the route does not exist.
 */
export async function authorize(request: Request, config: Pick<Config, "ADMIN_TOKEN">): Promise<void> {
  if (!config.ADMIN_TOKEN)
    throw new NotFoundError(`Route ${request.method} ${new URL(request.url).pathname}`);
  const given = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1] ?? "";
  const [a, b] = await Promise.all([sha256(given), sha256(config.ADMIN_TOKEN)]);
  if (!given || !crypto.subtle.timingSafeEqual(a, b)) throw new UnauthorizedError();
}
