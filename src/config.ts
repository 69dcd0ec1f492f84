// The deployment's settings, read from the Worker's vars (wrangler.toml, `--var`) and
// validated once, so a typo in a var fails loudly instead of scraping the wrong thing.
import { z } from "zod";
import { ConfigError } from "./errors";
import { PUBLIC_HF } from "./model";

const Whole = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .default(fallback);

export const Config = z.object({
  HF_ORIGIN: z.url({ protocol: /^https?$/ }).default(PUBLIC_HF),
  // 7 days back plus the newest list: 8 pages a run, far inside the 50 subrequests one
  // invocation may make on the free plan.
  WINDOW_DAYS: Whole(0, 30, 7),
  FEED_DAYS: Whole(1, 92, 7),
});
export type Config = z.infer<typeof Config>;

export function readConfig(env: Partial<Record<keyof Config, unknown>>): Config {
  const r = Config.safeParse({ HF_ORIGIN: env.HF_ORIGIN, WINDOW_DAYS: env.WINDOW_DAYS, FEED_DAYS: env.FEED_DAYS });
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ConfigError(`var ${String(i?.path[0])}: ${i?.message}`, { cause: r.error });
  }
  return r.data;
}
