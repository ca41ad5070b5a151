// Parses a Python list literal of strings (`['…', "…"]`), as RouterBench's CSV cells hold prompts and responses.

/** Thrown for text that is not a list of Python string literals; `offset` is where parsing stopped. */
export class PyLiteralError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = "PyLiteralError";
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
};

/**
 * The strings of a Python list literal: `['a', "b\n"]` → ["a", "b\n"]. Handles both quote styles, triple
 * quotes, the `r`/`u` prefixes, adjacent literals ('a' 'b' is "ab"), every escape Python knows in a str
 * (\n \t \\ \' \" \xHH \uHHHH \UHHHHHHHH octal, backslash-newline) and keeps unknown escapes such as `\d`
 * as they are, as Python does. `None` elements are dropped. Anything else throws PyLiteralError.
 */
export function parsePyList(text: string): string[] {
  const p = new Parser(text);
  p.skipSpace();
  p.expect("[");
  const out: string[] = [];
  p.skipSpace();
  while (!p.peek("]")) {
    if (p.peekWord("None")) p.i += 4;
    else out.push(p.strings());
    p.skipSpace();
    if (p.peek(",")) {
      p.i++;
      p.skipSpace();
    } else if (!p.peek("]")) throw new PyLiteralError("expected , or ]", p.i);
  }
  p.i++;
  p.skipSpace();
  if (p.i !== text.length) throw new PyLiteralError("text after the closing ]", p.i);
  return out;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  peek(c: string): boolean {
    return this.s[this.i] === c;
  }

  peekWord(w: string): boolean {
    return this.s.startsWith(w, this.i);
  }

  expect(c: string): void {
    if (this.s[this.i] !== c) throw new PyLiteralError(`expected ${c}`, this.i);
    this.i++;
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  /** One string literal, or several adjacent ones concatenated. */
  strings(): string {
    let out = this.literal();
    for (;;) {
      const save = this.i;
      this.skipSpace();
      if (/^[rRuU]?['"]/.test(this.s.slice(this.i, this.i + 2))) out += this.literal();
      else {
        this.i = save;
        return out;
      }
    }
  }

  private literal(): string {
    let raw = false;
    const prefix = this.s[this.i];
    if (prefix === "r" || prefix === "R") {
      raw = true;
      this.i++;
    } else if (prefix === "u" || prefix === "U") this.i++;
    const q = this.s[this.i];
    if (q !== "'" && q !== '"') throw new PyLiteralError("expected a string literal", this.i);
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const close = triple ? q.repeat(3) : q;
    this.i += close.length;
    let out = "";
    for (;;) {
      if (this.i >= this.s.length) throw new PyLiteralError("unterminated string", this.i);
      const c = this.s[this.i]!;
      if (this.s.startsWith(close, this.i)) {
        this.i += close.length;
        return out;
      }
      if (c === "\n" && !triple) throw new PyLiteralError("newline in a single-quoted string", this.i);
      if (c !== "\\") {
        out += c;
        this.i++;
        continue;
      }
      if (raw) {
        // In a raw string a backslash stays, but it still keeps the next quote from closing the string.
        out += c + (this.s[this.i + 1] ?? "");
        this.i += 2;
        continue;
      }
      out += this.escape();
    }
  }

  /** The escape sequence at `i` (which is a backslash), decoded. */
  private escape(): string {
    const s = this.s;
    const e = s[this.i + 1];
    if (e === undefined) throw new PyLiteralError("unterminated escape", this.i);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      this.i += 2;
      return simple;
    }
    if (e === "\n") {
      this.i += 2;
      return "";
    }
    const hex = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hex > 0) {
      const digits = s.slice(this.i + 2, this.i + 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new PyLiteralError(`bad \\${e} escape`, this.i);
      this.i += 2 + hex;
      return String.fromCodePoint(parseInt(digits, 16));
    }
    const octal = /^[0-7]{1,3}/.exec(s.slice(this.i + 1, this.i + 4));
    if (octal) {
      this.i += 1 + octal[0].length;
      return String.fromCodePoint(parseInt(octal[0], 8));
    }
    // Python keeps an unknown escape as written: '\d' is backslash, d.
    this.i += 2;
    return `\\${e}`;
  }
}
