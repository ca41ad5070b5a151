// Finds the code blocks of an answer: Markdown fences (closed or cut off by a length limit) and code-llama's [PYTHON] tags.

/**
 * A fence: its info string's first word is the language tag; it closes at a line that starts with ```
 * (as in CommonMark, so ``` inside a string of the code does not close it); one never closed runs to the end.
 * The info string is bounded: on a long run of backticks without a newline, an unbounded one is quadratic.
 */
export const FENCE = /```[ \t]*([\w+#.-]*)[^\n]{0,200}\n([\s\S]*?)(?:(?<=\n)[ \t]*```|$)/g;
/** code-llama writes `[PYTHON] … [/PYTHON]` instead of a fence (and `[TESTS]` for its asserts, which are Python too). */
const TAGGED = /\[(PYTHON|TESTS)\]\n?([\s\S]*?)(?:\[\/\1\]|$)/g;

export interface CodeBlock {
  /** The language tag, lower-cased ("" when the fence has none). */
  tag: string;
  code: string;
  /** The 1-based line of the answer where the code starts, so reasons can point into the answer. */
  line: number;
  /** False when the answer ends before the block does (an answer cut off by a token limit). */
  closed: boolean;
}

/** Line numbers of ascending offsets, counted incrementally (an answer with thousands of fences stays linear). */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}

/** The fenced (or tagged) blocks of an answer, in order; none when the answer has no fence. */
export function codeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let lineAt = lineCounter(text);
  for (const m of text.matchAll(FENCE)) {
    const start = m.index + m[0].indexOf("\n") + 1;
    blocks.push({ tag: m[1]!.toLowerCase(), code: m[2]!, line: lineAt(start), closed: m[0].endsWith("```") });
  }
  if (blocks.length > 0) return blocks;
  lineAt = lineCounter(text);
  for (const m of text.matchAll(TAGGED)) {
    const start = m.index + m[0].indexOf(m[2]!);
    blocks.push({ tag: "python", code: m[2]!, line: lineAt(start), closed: m[0].endsWith(`[/${m[1]}]`) });
  }
  return blocks;
}

const PROMPT_LINE = /^[ \t]*(?:>>>|\.\.\.)(?: |$)/;

/**
 * The code of an interactive session (`>>> f(1)` then its output, `...` continuation lines): the prompted
 * lines without their prompts; output lines are dropped. Code that is not a session is returned as it is.
 */
export function sessionCode(code: string): string {
  const lines = code.split("\n");
  if (!lines.some((l) => /^[ \t]*>>>(?: |$)/.test(l))) return code;
  return lines.filter((l) => PROMPT_LINE.test(l)).map((l) => l.replace(/^[ \t]*(?:>>>|\.\.\.) ?/, "")).join("\n");
}
