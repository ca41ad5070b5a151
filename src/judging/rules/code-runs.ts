// Tells an answer's prose lines from its code lines, so code written without a fence (or mixed with prose in one) can be parsed alone.

/** Words that start a statement: a line opening with one is code, whatever follows. */
const KEYWORD_START = /^(?:def|class|return|import|from|if|elif|else|for|while|try|except|finally|with|print|assert|raise|lambda|yield|async|await|pass|break|continue|del|global|nonlocal|function|const|let|var|export|switch|case|throw|new|interface|type)\b/;
/** A plain word or number, possibly with the quotes and punctuation of prose around it. */
const WORD = /^[("'`]?(?:[A-Za-z][A-Za-z'’-]*|\d+(?:\.\d+)?)[)"'`]?[,.:;!?]?$/;
/** A short label line such as "Examples:", "Output:", "Example usage:". */
const LABEL = /^[A-Z][A-Za-z ]{0,40}:$/;
/** A line shaped like a statement: an assignment, a call statement, a keyword line, a decorator or a comment. */
const STATEMENT = /^[ \t]*(?:(?:def|class|return|import|from|for|while|if|with|try|function|const|let|var|export|print)\b|@\w|#|\/\/|[\w.[\]'"]+[ \t]*(?:[-+*/%|&^]|\*\*|\/\/)?=[^=]|[\w.]+\(.*\)[ \t;]*$)/m;

/** Whether an unindented line reads as prose: mostly plain words, not opening with a keyword, or a label. */
export function isProseLine(line: string): boolean {
  if (/^[ \t]/.test(line) || !line.trim()) return false;
  const s = line.trim().replace(/^(?:[-*•]|\d+[.)])\s+/, "");
  if (KEYWORD_START.test(s)) return false;
  if (LABEL.test(s)) return true;
  const tokens = s.split(/\s+/);
  return tokens.length >= 4 && tokens.filter((t) => WORD.test(t)).length / tokens.length >= 0.7;
}

/** Whether text has a line shaped like a statement (else it is program output or an example, not code). */
export const hasStatements = (text: string) => STATEMENT.test(text);

export interface CodeRun {
  code: string;
  /** The 0-based line of the text where the run starts. */
  line: number;
}

/** The runs of consecutive non-prose lines that have at least one statement-shaped line. */
export function codeRuns(text: string): CodeRun[] {
  const runs: CodeRun[] = [];
  let current: string[] = [];
  let start = 0;
  const flush = () => {
    const code = current.join("\n");
    if (code.trim() && hasStatements(code)) runs.push({ code, line: start });
    current = [];
  };
  text.split("\n").forEach((line, i) => {
    if (isProseLine(line)) flush();
    else {
      if (current.length === 0) start = i;
      current.push(line);
    }
  });
  flush();
  return runs;
}
