// Rule judge for "write a Python function" prompts (MBPP): is there Python code that defines a function and looks whole?
import { verdict, type RuleJudge, type Verdict } from "./judge.js";
import { codeParsesJudge } from "./rules/code-parses.js";
import { FENCE } from "./rules/fences.js";
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

export const pythonCodeJudge: RuleJudge = {
  name: "python-code",
  kind: "rule",
  extractsAnswers: false,
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
    // The function needs a body: a colon ending its header, then an indented line (or a one-line body).
    const after = code.slice(def.index);
    const header = /^[^\n]*?\)[ \t]*(?:->[^\n:]+)?:[ \t]*(\S[^\n]*)?$/m.exec(after);
    if (!header) return fail("the def header does not end with a colon");
    if (!header[1]) {
      const rest = after.slice(header.index + header[0].length).split("\n").find((l) => l.trim() && !l.trim().startsWith("#"));
      if (rest === undefined || rest.match(/^[ \t]*/)![0].length <= def[1]!.length) return fail("the function has no indented body");
    }
    // Syntax through the Python grammar (the code-parses judge), which also sets usage examples and output blocks aside.
    const parses = codeParsesJudge.judge({ prompt: "", response, expect: { language: "python" } });
    if (!parses.pass) return fail(parses.reasons[0]!);
    return verdict(this.name, true, this.dimensions, ["defines a Python function that parses"]);
  },
};
