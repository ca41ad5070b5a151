// Finds where JSON text stops being JSON (JSON.parse says why but, on Node 20, seldom where), for a reason that points at it.

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** Nesting deeper than this is reported, not followed: the scanner must not overflow the stack on hostile input. */
const MAX_DEPTH = 512;

class Stop {
  constructor(readonly at: number, readonly why: string) {}
}

/** The offset where `text` stops being one JSON value, and what was expected there; null when it is JSON. */
export function jsonSyntaxError(text: string): { at: number; why: string } | null {
  let i = 0;
  const skip = () => {
    WS.lastIndex = i;
    WS.exec(text);
    i = WS.lastIndex;
  };
  const token = (re: RegExp) => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const expect = (c: string, what: string) => {
    skip();
    if (text[i] !== c) throw new Stop(i, what);
    i++;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Stop(i, `nesting deeper than ${MAX_DEPTH}`);
    skip();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      skip();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          skip();
          if (!token(STRING)) throw new Stop(i, "a property name in double quotes");
          expect(":", "a colon after the property name");
        }
        value(depth + 1);
        skip();
        if (text[i] === close) return void i++;
        expect(",", `a comma or "${close}"`);
      }
    }
    if (token(STRING) || token(NUMBER) || token(LITERAL)) return;
    throw new Stop(i, i >= text.length ? "more input (the JSON ends too early)" : "a value (a string, number, object, array, true, false or null)");
  };
  try {
    value(0);
    skip();
    return i < text.length ? { at: i, why: "the end of the JSON (there is more after the value)" } : null;
  } catch (e) {
    if (e instanceof Stop) return { at: e.at, why: e.why };
    throw e;
  }
}
