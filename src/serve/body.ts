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
  // A byte a character and a sixteenth more: an answer's text is ASCII but for some names and
  // titles, so it fits without growing or copying. Where a run does not fit, encodeInto says how
  // much it read, and the buffer grows to hold the rest at the most bytes a UTF-16 unit can take.
  let buffer = new Uint8Array(chars + (chars >> 4) + 64);
  let at = 0;
  let left = chars;
  let run: string[] = [];
  let runChars = 0;
  const write = () => {
    let text = run.length === 1 ? run[0]! : run.join("");
    for (;;) {
      const { read, written } = encoder.encodeInto(text, buffer.subarray(at));
      at += written;
      left -= read;
      if (read === text.length) break;
      text = text.slice(read);
      const grown = new Uint8Array(Math.max(2 * buffer.length, at + 3 * left));
      grown.set(buffer.subarray(0, at));
      buffer = grown;
    }
    run = [];
    runChars = 0;
  };
  for (const p of pieces) {
    run.push(p);
    runChars += p.length;
    if (runChars >= RUN_CHARS) write();
  }
  if (run.length) write();
  // A view of what was written, where little is left over: the isolate keeps answers and counts
  // each by the buffer it holds (serve/httpCache.ts). Copied where most of the buffer is unused.
  return buffer.length - at <= buffer.length >> 2 ? buffer.subarray(0, at) : buffer.slice(0, at);
}
