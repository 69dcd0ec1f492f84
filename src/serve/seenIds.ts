// The arXiv ids a selection has seen, to keep each paper's first (newest) listing. By hand,
// not a Set: a Set hashes each of a 92-day range's 3,300 fresh id strings, and that was the
// largest item of a `sort=rising` answer (bench/FINDINGS.md, "Store reads, checked once").
// An id of the usual form `yymm.nnnnn` is read as the number yymm·10⁵ + nnnnn, under 2³¹ and
// one to one with the id, and kept in an open-addressing table of Int32s; any other id (one
// with a version, the four-digit form) in a Set.

const EMPTY = -1;

/** The id as a number when it is exactly `dddd.ddddd`; -1 otherwise. */
export function idNumber(id: string): number {
  if (id.length !== 10 || id.charCodeAt(4) !== 46) return -1;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4) continue;
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

export class SeenIds {
  private slots: Int32Array;
  private count = 0;
  private others: Set<string> | undefined;

  constructor(expected = 64) {
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(16, 2 * expected)))).fill(EMPTY);
  }

  /** Records the id; whether it had not been seen before. */
  add(id: string): boolean {
    const n = idNumber(id);
    if (n < 0) {
      this.others ??= new Set();
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    if (!this.insert(this.slots, n)) return false;
    // At most half full, so a probe meets an empty slot soon.
    if (++this.count * 2 > this.slots.length) this.grow();
    return true;
  }

  /**
   * Puts `n` in `slots`, a power of two long; false when it is there already. Linear probing
   * from the high bits of a multiplicative (Fibonacci) hash, which spread consecutive ids.
   */
  private insert(slots: Int32Array, n: number): boolean {
    const mask = slots.length - 1;
    for (let at = Math.imul(n, 0x9e3779b1) >>> (Math.clz32(slots.length) + 1); ; at = (at + 1) & mask) {
      const slot = slots[at]!;
      if (slot === n) return false;
      if (slot === EMPTY) {
        slots[at] = n;
        return true;
      }
    }
  }

  private grow(): void {
    const bigger = new Int32Array(2 * this.slots.length).fill(EMPTY);
    for (const n of this.slots) if (n !== EMPTY) this.insert(bigger, n);
    this.slots = bigger;
  }
}
