// The RateLimit and RateLimit-Policy response fields of draft-ietf-httpapi-ratelimit-headers,
// as Hugging Face sends them (huggingface.co/docs/hub/rate-limits, "HTTP Headers"):
//   RateLimit: "pages";r=0;t=42                      r: requests left, t: seconds to the reset
//   RateLimit-Policy: "fixed window";"pages";q=100;w=300   q: the quota, w: its window (s)
// Written by hand, leniently: that policy is not a valid Structured Field (RFC 9651 allows one
// bare item per member, then key=value parameters), so a strict parser would reject it.
// What cannot be read is left out; nothing here throws.

/** One member of a RateLimit field: a quota's name, the requests it has left, seconds to its reset. */
export interface RateLimitItem {
  name?: string;
  remaining?: number;
  resetSeconds?: number;
}

/** One member of a RateLimit-Policy field: a quota's name, its size and its window in seconds. */
export interface RateLimitPolicy {
  name?: string;
  quota?: number;
  windowSeconds?: number;
}

/** Enough for any real field; a longer one is read no further (the work stays bounded). */
const MAX_FIELD_CHARS = 1024;
const KEY = /^([a-z*][a-z0-9_.*-]*)\s*=\s*(.*)$/s;
/** A non-negative integer of at most 9 digits (the draft's values are; larger is garbage). */
const COUNT = /^\d{1,9}$/;
const TOKEN = /^[A-Za-z*][A-Za-z0-9!#$%&'*+.^_`|~:/-]*$/;

/** Splits on `sep` outside double-quoted strings (a backslash escapes the next character). */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted && c === "\\") i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === sep) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** A bare item: a quoted string (unescaped) or a token; anything else is not one. */
function bareItem(s: string): string | undefined {
  const t = s.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, "$1");
  return TOKEN.test(t) ? t : undefined;
}

/**
 * Each list member's name (its last bare item: Hugging Face's policy puts a kind of window
 * before the name) and its numeric parameters.
 */
function members(value: string | null): { name?: string; numbers: Map<string, number> }[] {
  if (!value) return [];
  return splitOutsideQuotes(value.slice(0, MAX_FIELD_CHARS), ",").flatMap((member) => {
    let name: string | undefined;
    const numbers = new Map<string, number>();
    for (const segment of splitOutsideQuotes(member, ";")) {
      const param = KEY.exec(segment.trim());
      if (param) {
        const v = param[2]!.trim();
        if (COUNT.test(v)) numbers.set(param[1]!, Number(v));
      } else {
        name = bareItem(segment) ?? name;
      }
    }
    return name === undefined && numbers.size === 0 ? [] : [{ name, numbers }];
  });
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const parseRateLimit = (value: string | null): RateLimitItem[] =>
  members(value).map(({ name, numbers }) =>
    defined({ name, remaining: numbers.get("r"), resetSeconds: numbers.get("t") }),
  );

export const parseRateLimitPolicy = (value: string | null): RateLimitPolicy[] =>
  members(value).map(({ name, numbers }) =>
    defined({ name, quota: numbers.get("q"), windowSeconds: numbers.get("w") }),
  );

/** The quota a RateLimit field says is spent (r=0) with the latest reset, if any is. */
export function spentQuota(value: string | null): { name?: string; resetSeconds: number } | undefined {
  let spent: { name?: string; resetSeconds: number } | undefined;
  for (const { name, remaining, resetSeconds } of parseRateLimit(value)) {
    if (remaining !== 0 || resetSeconds === undefined) continue;
    if (!spent || resetSeconds > spent.resetSeconds) spent = defined({ name, resetSeconds });
  }
  return spent;
}
