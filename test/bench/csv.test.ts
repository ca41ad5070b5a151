// The CSV parser: quoted cells with commas, doubled quotes and line breaks; empty cells; line endings.
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/bench/csv.js";

describe("parseCsv", () => {
  it("splits plain rows and keeps empty cells as empty strings", () => {
    expect(parseCsv("a,b,c\n1,,3\n,,\n")).toEqual([["a", "b", "c"], ["1", "", "3"], ["", "", ""]]);
  });

  it("reads quoted cells with commas, doubled quotes and line breaks", () => {
    const text = `id,prompt\n1,"hello, ""world""\nsecond line"\n2,"['x']"\n`;
    expect(parseCsv(text)).toEqual([["id", "prompt"], ["1", 'hello, "world"\nsecond line'], ["2", "['x']"]]);
  });

  it("accepts CRLF, a missing final newline and a byte-order mark", () => {
    expect(parseCsv("\ufeffa,b\r\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(parseCsv('a\r\n"x\r\ny"\r\n')).toEqual([["a"], ["x\r\ny"]]);
  });

  it("names the line of an unterminated quoted cell", () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\nmore')).toThrow(/opened on line 3/);
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/after a quoted cell on line 2/);
  });
});
