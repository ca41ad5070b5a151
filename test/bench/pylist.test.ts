// The Python list-literal parser on the shapes RouterBench cells take: both quote styles, escapes, odd cases.
import { describe, expect, it } from "vitest";
import { parsePyList, PyLiteralError } from "../../src/bench/pylist.js";

describe("parsePyList", () => {
  it("reads both quote styles, with the other quote inside", () => {
    expect(parsePyList(`['single', "double"]`)).toEqual(["single", "double"]);
    expect(parsePyList(`["it's here", 'say "hi"']`)).toEqual(["it's here", 'say "hi"']);
  });

  it("decodes escapes as Python does", () => {
    expect(parsePyList(String.raw`['a\nb\tc\\d\'e\"f']`)).toEqual(["a\nb\tc\\d'e\"f"]);
    expect(parsePyList(String.raw`['\x41\u00e9\U0001F600\101']`)).toEqual(["Aé😀A"]);
    // An unknown escape keeps its backslash; backslash-newline joins lines.
    expect(parsePyList(String.raw`['\d+\w']`)).toEqual(["\\d+\\w"]);
    expect(parsePyList("['one \\\ntwo']")).toEqual(["one two"]);
  });

  it("reads raw, unicode-prefixed, triple-quoted and adjacent literals, and empty lists", () => {
    expect(parsePyList(String.raw`[r'\n stays', u'x']`)).toEqual(["\\n stays", "x"]);
    expect(parsePyList(`['''multi\nline''', """with "quotes" inside"""]`)).toEqual(["multi\nline", 'with "quotes" inside']);
    expect(parsePyList(`['ab' "cd", 'e']`)).toEqual(["abcd", "e"]);
    expect(parsePyList(` [ ] `)).toEqual([]);
    expect(parsePyList(`['a', None, 'b',]`)).toEqual(["a", "b"]);
  });

  it("keeps a real RouterBench prompt cell intact", () => {
    const cell = String.raw`['Which is bigger?\nA) "one"\nB) two\nPrint only a single choice  from "A" or "B" without explanation.\nAnswer:']`;
    expect(parsePyList(cell)).toEqual(['Which is bigger?\nA) "one"\nB) two\nPrint only a single choice  from "A" or "B" without explanation.\nAnswer:']);
  });

  it("rejects what is not a list of strings, saying where", () => {
    expect(() => parsePyList(`'no list'`)).toThrow(PyLiteralError);
    expect(() => parsePyList(`['unterminated]`)).toThrow(/unterminated string/);
    expect(() => parsePyList(`['a' 1]`)).toThrow(/expected , or \]/);
    expect(() => parsePyList(`['a'] extra`)).toThrow(/after the closing/);
    expect(() => parsePyList(String.raw`['\xZZ']`)).toThrow(/bad \\x escape/);
  });
});
