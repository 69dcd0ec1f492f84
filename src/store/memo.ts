// What an isolate derived from stored texts it read last, kept against those exact texts:
// an isolate answers many requests from the same few values (the newest day's above all),
// and deriving again what it derived before was most of some answers' CPU
// (bench/FINDINGS.md). A text that changed is derived again. By hand: a least-recently-used
// map bounded by the characters it keeps alive is a dozen lines, and what the values hold
// is the caller's to freeze.

export class TextMemo<T> {
  /** Oldest use first (a Map keeps the order of insertion). */
  private readonly kept = new Map<string, { texts: readonly string[]; value: T; chars: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}

  /** The value kept for `key` when it was derived from these same texts; the entry becomes the newest. */
  get(key: string, texts: readonly string[]): T | undefined {
    const entry = this.kept.get(key);
    if (!entry || entry.texts.length !== texts.length || entry.texts.some((t, i) => t !== texts[i]))
      return undefined;
    this.kept.delete(key);
    this.kept.set(key, entry);
    return entry.value;
  }

  /**
   * Keeps `value` as derived from `texts`, as the newest, dropping the oldest beyond the bounds
   * (a value over them is not kept). `chars` is what the entry keeps alive, when more than the
   * texts: a text sliced from a larger one keeps that one alive in V8.
   */
  set(
    key: string,
    texts: readonly string[],
    value: T,
    chars = texts.reduce((n, t) => n + t.length, 0),
  ): void {
    this.kept.delete(key);
    if (chars > this.maxChars) return;
    this.kept.set(key, { texts, value, chars });
    let total = 0;
    let entries = 0;
    for (const [k, e] of [...this.kept].reverse()) {
      if (entries < this.maxEntries && total + e.chars <= this.maxChars) {
        entries++;
        total += e.chars;
      } else this.kept.delete(k);
    }
  }
}

/** Every object and array in `value`, frozen: what a memo hands out, nothing an answer does reaches the next. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
