// Rule judge for "write a Python function" prompts (MBPP): is there Python code that defines a function and looks whole?
import { verdict, type RuleJudge, type Verdict } from "./judge.js";

const FENCE = /```[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;
const PYTHON_TAGS = new Set(["", "python", "py", "python3", "pycon"]);
const DEF = /^([ \t]*)(?:async[ \t]+)?def[ \t]+[A-Za-z_]\w*[ \t]*\(/m;
/** Lines that are not Python: another language's function or statement shapes. */
const FOREIGN = /^\s*(?:function\s+\w+\s*\(|#include\b|(?:public|private|static)\s+[\w<>[\]]+\s+\w+\s*\(|func\s+\w+\s*\(|fn\s+\w+\s*\(|(?:const|let|var)\s+\w+\s*=|int\s+main\s*\()/m;

/**
 * The Python code of an answer: its fenced blocks tagged python (or untagged), else the whole answer when it
 * is not fenced at all. Blocks tagged with another language are reported, not read as Python.
 */
export function pythonCodeOf(response: string): { code: string; otherLanguages: string[] } {
  const blocks = [...response.matchAll(FENCE)];
  if (blocks.length === 0) return { code: response, otherLanguages: [] };
  const python = blocks.filter((b) => PYTHON_TAGS.has(b[1]!.toLowerCase()));
  const other = blocks.map((b) => b[1]!.toLowerCase()).filter((t) => !PYTHON_TAGS.has(t));
  return { code: python.map((b) => b[2]!).join("\n"), otherLanguages: [...new Set(other)] };
}

/**
 * Whether brackets balance and strings close, reading Python's lexical rules for strings and comments
 * (single, double and triple quotes; prefixes; escapes; `#` comments). A truncated answer fails here.
 * Returns the first problem, or null.
 */
export function bracketProblem(code: string): string | null {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === "#") {
      const nl = code.indexOf("\n", i);
      i = nl < 0 ? code.length : nl;
    } else if (c === '"' || c === "'") {
      const triple = code.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      for (;;) {
        if (j >= code.length || (!triple && code[j] === "\n")) return `a string opened at offset ${i} does not close`;
        if (code[j] === "\\") j += 2;
        else if (code.startsWith(close, j)) break;
        else j++;
      }
      i = j + close.length;
    } else {
      if (c === "(" || c === "[" || c === "{") stack.push(c);
      else if (c === ")" || c === "]" || c === "}") {
        if (stack.pop() !== pairs[c]) return `unbalanced "${c}" at offset ${i}`;
      }
      i++;
    }
  }
  return stack.length ? `"${stack.at(-1)}" is never closed` : null;
}

export const pythonCodeJudge: RuleJudge = {
  name: "python-code",
  kind: "rule",
  dimensions: ["format"],
  appliesTo: ({ response }) => DEF.test(pythonCodeOf(response).code),
  judge({ response }): Verdict {
    const fail = (why: string): Verdict => verdict(this.name, false, this.dimensions, [why]);
    if (!response.trim()) return fail("the answer is empty");
    const { code, otherLanguages } = pythonCodeOf(response);
    if (!code.trim()) return fail(`the code is not Python (${otherLanguages.join(", ") || "no code block"})`);
    const def = DEF.exec(code);
    if (!def) return fail("no Python function is defined (no def)");
    if (FOREIGN.test(code)) return fail("the code has lines of another language");
    const problem = bracketProblem(code);
    if (problem) return fail(`the code does not parse: ${problem}`);
    // The function needs a body: a colon ending its header, then an indented line (or a one-line body).
    const after = code.slice(def.index);
    const header = /^[^\n]*?\)[ \t]*(?:->[^\n:]+)?:[ \t]*(\S[^\n]*)?$/m.exec(after);
    if (!header) return fail("the def header does not end with a colon");
    if (!header[1]) {
      const rest = after.slice(header.index + header[0].length).split("\n").find((l) => l.trim() && !l.trim().startsWith("#"));
      if (rest === undefined || rest.match(/^[ \t]*/)![0].length <= def[1]!.length) return fail("the function has no indented body");
    }
    return verdict(this.name, true, this.dimensions, ["defines a Python function that parses"]);
  },
};
