// A strict JSON reader for tests: what JSON.parse reads, but a member name written twice in
// one object is an error (RFC 8259 section 4: names SHOULD be unique; parsers disagree on
// which duplicate wins, some keep the first, some refuse the text). By hand: JSON.parse
// cannot tell, and these sixty lines are less than a dependency for one test's check.
export function strictParse(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  /** Steps over the closing bracket of a value just read. */
  const closed = <T>(out: T): T => {
    i++;
    return out;
  };
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at ${i}: ${text.slice(Math.max(0, i - 60), i + 60)}`);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') {
      if (i >= text.length) fail("unterminated string");
      i += text[i] === "\\" ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") return closed(out);
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a name");
        const k = str();
        if (seen.has(k)) fail(`duplicate name ${JSON.stringify(k)}`);
        seen.add(k);
        ws();
        if (text[i++] !== ":") fail("expected :");
        Object.defineProperty(out, k, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return closed(out);
        else fail("expected , or }");
      }
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === "]") return closed(out);
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return closed(out);
        else fail("expected , or ]");
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail("unexpected character");
    i += m![0].length;
    return JSON.parse(m![0]);
  };
  const v = value();
  ws();
  if (i !== text.length) fail("trailing text");
  return v;
}
