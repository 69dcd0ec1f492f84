// A rendered answer's pieces written straight into one UTF-8 buffer, the body of its
// Response. Joining them first makes one string of the whole body (two bytes a character
// once any piece holds one beyond Latin-1) that `new Response` then transcodes again: in
// workerd that was about half of a 200-entry feed's CPU, and writing the pieces as bytes
// took 16 to 54 % off the big answers (bench/FINDINGS.md, "Where the time goes",
// "Experiments"). By hand: no library writes many strings into one buffer.

const encoder = new TextEncoder();
/** Pieces are joined into runs of about this many characters: one native call per run, not per piece. */
const RUN_CHARS = 16 * 1024;

/** The UTF-8 bytes of the pieces, in order: what `new TextEncoder().encode(pieces.join(""))` gives. */
export function utf8Body(pieces: readonly string[]): Uint8Array {
  let chars = 0;
  for (const p of pieces) chars += p.length;
  // Mostly ASCII: about a byte a character; grown when a run could not fit (3 bytes a UTF-16 unit at most).
  let buffer = new Uint8Array(chars + 3 * RUN_CHARS);
  let at = 0;
  let run: string[] = [];
  let runChars = 0;
  const write = () => {
    const text = run.length === 1 ? run[0]! : run.join("");
    if (at + 3 * text.length > buffer.length) {
      const grown = new Uint8Array(Math.max(2 * buffer.length, at + 3 * text.length));
      grown.set(buffer.subarray(0, at));
      buffer = grown;
    }
    at += encoder.encodeInto(text, buffer.subarray(at)).written;
    run = [];
    runChars = 0;
  };
  for (const p of pieces) {
    run.push(p);
    runChars += p.length;
    if (runChars >= RUN_CHARS) write();
  }
  if (run.length) write();
  // A copy of what was written: the isolate keeps answers, and counts them by their length.
  return at === buffer.length ? buffer : buffer.slice(0, at);
}
