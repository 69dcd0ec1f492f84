// The deployment's settings, read from the Worker's vars (wrangler.toml, `--var`) and
// validated once, so a typo in a var fails loudly instead of scraping the wrong thing.
import * as z from "zod";
import { PUBLIC_HF } from "./paper";

/** Where this software lives: the default contact, and where its documentation is. */
export const PROJECT_HOME = "https://github.com/daily-papers-feed/daily-papers-feed";

/** A var broke its rule (wrangler.toml or --var): names the var and the rule. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly rule: string,
    options?: ErrorOptions,
  ) {
    super(`var ${variable}: ${rule}`, options);
    this.name = "ConfigError";
  }
}

const Whole = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .default(fallback);

/** An optional secret: an empty one (`--var NAME:`, an empty line in .dev.vars) means "not set". */
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => v || undefined);

/** An optional http(s) URL; an empty value means "not set". */
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .pipe(z.url({ protocol: /^https?$/ }).optional());

export const Config = z
  .object({
    HF_ORIGIN: z.url({ protocol: /^https?$/ }).default(PUBLIC_HF),
    // How Hugging Face can reach whoever runs this copy: a URL or an email address, sent in the
    // User-Agent of every request, as a polite scraper does.
    CONTACT: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\s()]+$/, "must be one URL or email address, without spaces or parentheses")
      .default(PROJECT_HOME),
    WINDOW_DAYS: Whole(0, 30, 7),
    // Days of the window a window run reads, in rotation: 1 keeps a run near the free plan's
    // 10 ms of CPU (README, "Performance") and still reads each of the window's weekdays every
    // 2.5 hours, 9 or 10 times a day.
    DAYS_PER_RUN: Whole(0, 30, 1),
    FEED_DAYS: Whole(1, 92, 7),
    STALE_AFTER_MINUTES: Whole(1, 100_000, 180),
    // WebSub (www.w3.org/TR/websub): a hub to announce the feeds at and ping after a run that
    // added papers, and this deployment's public address, which the pinged feed URLs start with.
    WEBSUB_HUB: optionalUrl,
    PUBLIC_URL: optionalUrl,
    /** A Worker secret; without it the admin route does not exist. */
    ADMIN_TOKEN: optionalSecret,
    // A Hugging Face access token: sent to HF_ORIGIN only, it doubles the rate limits a free
    // account gets over an anonymous client's (huggingface.co/docs/hub/rate-limits).
    HF_TOKEN: optionalSecret,
  })
  .refine((c) => !c.WEBSUB_HUB || c.PUBLIC_URL, {
    path: ["PUBLIC_URL"],
    message: "is required when WEBSUB_HUB is set: the feed URLs pinged to the hub start with it",
  });
export type Config = z.infer<typeof Config>;

const parsed = new WeakMap<object, Config>();

/**
 * The settings from the Worker's env (vars and secrets), validated once per env object:
 * the runtime hands the same env to every request of an isolate.
 */
export function configOf(env: object): Config {
  const known = parsed.get(env);
  if (known) return known;
  const config = parseConfig(env as Record<string, unknown>);
  parsed.set(env, config);
  return config;
}

function parseConfig(vars: Record<string, unknown>): Config {
  const r = Config.safeParse(Object.fromEntries(Object.keys(Config.shape).map((k) => [k, vars[k]])));
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ConfigError(String(i?.path[0]), i?.message ?? "is invalid", { cause: r.error });
  }
  return r.data;
}
