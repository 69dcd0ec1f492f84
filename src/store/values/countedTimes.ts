// Per-paper counter times, as summaries and run records' observations both keep them beside one
// time for all their counters: a read that kept a paper without counting it (not on its page, a
// card without a count) holds an older value's counters, and dated at the read they would win over
// a slower, older read's newer count. Both values' encoders and decoders, and the rules that weigh
// an observation's papers, use these; the module imports nothing, so any store module can.

/**
 * Per-paper times as stored beside one time for all (`at`, unix seconds): each before it, null for
 * one at it; undefined (not written) where none is before it.
 */
export const countedBefore = (times: readonly number[] | undefined, at: number) =>
  times?.some((t) => t < at) ? times.map((t) => (t < at ? t : null)) : undefined;

/**
 * A stored per-paper time (countedBefore): whole seconds from 0 (no read counted the paper) up to, not
 * including, `at`. Anything else, or none, is `at`: as written before per-paper times were kept.
 */
export const countedTimeOf = (v: unknown, at: number): number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < at ? (v as number) : at;

/** When an observation's counters of its `i`th paper were observed: its own time where it keeps one. */
export const countedSeenAt = (o: { at: number; counted_at?: readonly number[] }, i: number) =>
  o.counted_at?.[i] ?? o.at;

// Comments and stars have a time of their own: a card shows upvotes and not them, so a read through
// the cards counts a paper's upvotes now and holds its comments and stars as some older value had
// them. Dated with the upvotes they would win over a slower, older read's newer stars.

/**
 * Per-paper times of comments and stars as stored beside the papers' counter times (`counted`, each
 * paper's own, in the same order): each before its paper's, null for one at it; undefined (not
 * written) where none is before it.
 */
export const starsBefore = (times: readonly number[] | undefined, counted: readonly number[]) =>
  times?.some((t, i) => t < counted[i]!) ? times.map((t, i) => (t < counted[i]! ? t : null)) : undefined;

/**
 * When an observation's comments and stars of its `i`th paper were observed: their own time where it
 * keeps one, else the paper's counter time.
 */
export const starsSeenAt = (
  o: { at: number; counted_at?: readonly number[]; stars_at?: readonly number[] },
  i: number,
) => o.stars_at?.[i] ?? countedSeenAt(o, i);
