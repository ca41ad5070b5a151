// Parses code with the CodeMirror project's Lezer grammars (pure JS, no eval: fine in Workers) and reports its first syntax error.
import type { Tree } from "@lezer/common";
import { parser as jsParser } from "@lezer/javascript";
import { parser as pyParser } from "@lezer/python";
import type { Parseable } from "./code-language.js";

/** Where code first fails to parse, 1-based, with the offending line's text. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** Longer code is not parsed: an answer this long is not a snippet, and the judge must stay fast in a cascade. */
export const MAX_CODE_CHARS = 64_000;

/**
 * The dialects tried for each language, in order; code parses when one of them accepts it. Answers tagged
 * `javascript` are often React (JSX), and `<T>(x) => x` is a TS generic but JSX in a .tsx file.
 */
const DIALECTS: Record<Parseable, ReadonlyArray<typeof jsParser>> = {
  python: [pyParser],
  javascript: [jsParser, jsParser.configure({ dialect: "jsx" })],
  jsx: [jsParser.configure({ dialect: "jsx" })],
  typescript: [jsParser.configure({ dialect: "ts" }), jsParser.configure({ dialect: "ts jsx" })],
  tsx: [jsParser.configure({ dialect: "ts jsx" })],
};

function at(code: string, offset: number, message: string): SyntaxProblem {
  // An error at the very end belongs to the last line that has anything on it.
  offset = Math.min(offset, code.trimEnd().length);
  const before = code.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const text = (code.split("\n")[line - 1] ?? "").trim();
  return { line, column, message: text ? `${message} near "${text.length > 60 ? `${text.slice(0, 57)}...` : text}"` : message };
}

/** Whether a Python string literal's text (prefix, quotes, body) ends with its closing quote, unescaped. */
function pythonStringCloses(text: string): boolean {
  const m = /^[A-Za-z]*("""|'''|"|')/.exec(text);
  if (!m) return true;
  const q = m[1]!;
  const body = text.slice(m[0].length);
  if (body.length < q.length || !body.endsWith(q)) return false;
  const raw = /r/i.test(text.slice(0, m[0].length - q.length));
  const slashes = /\\*$/.exec(body.slice(0, -q.length))![0].length;
  return raw || slashes % 2 === 0;
}

/**
 * The first problem in a parse tree: an error node (Lezer marks what it had to skip or insert with `⚠`);
 * for Python also a string that never closes (Lezer's tokenizer ends it at the line's end silently) and a
 * Python 2 `print` statement (Lezer accepts it; Python 3 does not).
 */
function firstProblem(tree: Tree, code: string, python: boolean): SyntaxProblem | null {
  const cursor = tree.cursor();
  do {
    const { type, from, to } = cursor;
    if (type.isError) return at(code, from, from >= code.length ? "syntax error: the code ends too early" : "syntax error");
    if (python && (type.name === "String" || type.name === "FormatString") && !pythonStringCloses(code.slice(from, to))) {
      return at(code, from, "a string that never closes");
    }
    if (python && type.name === "PrintStatement") return at(code, from, "a Python 2 print statement");
  } while (cursor.next());
  return null;
}

/** The first syntax problem of `code` in `language`, or null when it parses. */
export function syntaxProblem(code: string, language: Parseable): SyntaxProblem | null {
  if (code.length > MAX_CODE_CHARS) return { line: 1, column: 1, message: `the code is longer than ${MAX_CODE_CHARS} characters; not parsed` };
  let first: SyntaxProblem | null = null;
  for (const dialect of DIALECTS[language]) {
    const problem = firstProblem(dialect.parse(code), code, language === "python");
    if (!problem) return null;
    first ??= problem;
  }
  return first;
}
