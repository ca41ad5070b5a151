// Extracts the final answer from a longer response: \boxed{…}, "#### 42", "The answer is …", "**Answer:** B", "BBBBB".

export interface FinalAnswer {
  text: string;
  /** How it was found, for reasons. */
  how: "boxed" | "####" | "stated" | "repeated letter";
}

/** The contents of the last `\boxed{…}` (or `\fbox{…}`), braces balanced, and where it is. */
function lastBoxed(text: string): { text: string; at: number } | undefined {
  const at = Math.max(text.lastIndexOf("\\boxed{"), text.lastIndexOf("\\fbox{"));
  if (at < 0) return undefined;
  let i = text.indexOf("{", at) + 1;
  const start = i;
  for (let depth = 1; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return { text: text.slice(start, i), at };
  }
  return undefined;
}

/** "The final answer is X", "Answer: X", "**Answer:** X", "answer = X" (X on the same line or the next); the last one wins. */
const STATED = /(?:^|[^\p{L}])(?:the\s+)?(?:final\s+|correct\s+)?answer\**\s*(?:is\b|:|=)[ \t:]*\n?[ \t]*([^\n]+)/giu;
/** JudgeBench asks for the option letter written five times ("BBBBB"); models write four to six. */
const REPEATED_LETTER = /(?<![\p{L}\p{N}])([A-J])\1{3,9}(?![\p{L}\p{N}])/gu;
const ONLY_REPEATED_LETTER = /^([A-J])\1{3,9}$/;

/** Cleans an extracted answer: Markdown emphasis and code marks, math delimiters, a trailing sentence or full stop. */
function tidy(s: string): string {
  return s
    .replace(/\\text\{([^{}]*)\}/g, "$1")
    .replace(/\*\*|__|`+/g, "")
    .replace(/\.\s+\S[\s\S]*$/, "")
    .replace(/[.\s]+$/, "")
    .replace(/^\s*(?:\$\$?|\\\(|\\\[)\s*|\s*(?:\$\$?|\\\)|\\\])\s*$/g, "")
    .trim();
}

/** The last "answer is …" statement; one nested in another ("Final Answer: The final answer is 7") gives the inner one. */
function lastStated(response: string): { text: string; at: number } | undefined {
  let stated: { text: string; at: number } | undefined;
  for (let text = response, i = 0; i < 3; i++) {
    const m = [...text.matchAll(STATED)].at(-1);
    if (!m || !tidy(m[1]!)) break;
    stated = { text: tidy(m[1]!), at: stated?.at ?? m.index };
    text = stated.text;
  }
  return stated;
}

/**
 * The response's final answer when it marks one: the last of a `\boxed{}`, a `####` line, an "answer is"
 * statement and a repeated option letter — whichever the response ends on.
 */
export function finalAnswer(response: string): FinalAnswer | undefined {
  const boxed = lastBoxed(response);
  const hashes = [...response.matchAll(/^#### *(.+)$/gm)].at(-1);
  const stated = lastStated(response);
  const letter = [...response.matchAll(REPEATED_LETTER)].at(-1);
  const found: Array<FinalAnswer & { at: number }> = [];
  if (boxed && tidy(boxed.text)) found.push({ text: tidy(boxed.text), how: "boxed", at: boxed.at });
  if (hashes && tidy(hashes[1]!)) found.push({ text: tidy(hashes[1]!), how: "####", at: hashes.index });
  if (stated) found.push({ ...stated, how: "stated" });
  if (letter) found.push({ text: letter[1]!, how: "repeated letter", at: letter.index });
  const last = found.sort((a, b) => b.at - a.at)[0];
  if (!last) return undefined;
  return ONLY_REPEATED_LETTER.test(last.text) ? { text: last.text[0]!, how: "repeated letter" } : { text: last.text, how: last.how };
}
