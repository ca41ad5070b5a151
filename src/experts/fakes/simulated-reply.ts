// The deterministic answer a fake model gives when no reply is scripted: useful-looking, derived from the prompt.

import { splitRequest } from "./prompt-parts.js";

const CODE_REQUEST =
  /\b(?:code|function|implement|program|script|class|method|refactor|debug|regex|sql|typescript|javascript|python|rust|golang|java|bash|algorithm)\b/i;

const LANGUAGES: [RegExp, string][] = [
  [/\btypescript\b|\bts\b/i, "typescript"],
  [/\bjavascript\b|\bnode(?:\.js)?\b|\bjs\b/i, "javascript"],
  [/\bpython\b/i, "python"],
  [/\brust\b/i, "rust"],
  [/\bgo(?:lang)?\b/i, "go"],
  [/\bsql\b/i, "sql"],
  [/\bbash\b|\bshell\b/i, "bash"],
];

/**
 * A plausible answer from `model` to `prompt` (the last user message): a fenced code block for a code
 * request, otherwise a short paragraph whose first sentence restates the request. Same input, same text.
 */
export function simulatedReply(model: string, prompt: string): string {
  const request = restate(prompt);
  if (CODE_REQUEST.test(prompt)) return codeReply(model, prompt, request);
  const parts = splitRequest(prompt);
  const topics = keywords(prompt, 3);
  const lines = [
    `You asked: ${request}`,
    parts.length > 1
      ? `This answer takes the ${parts.length} parts in order: ${parts.map((p, i) => `(${i + 1}) ${lowerFirst(trimEnd(p))}`).join("; ")}.`
      : `The short answer depends on ${topics.length > 0 ? topics.join(", ") : "the details you gave"}, which this reply addresses directly.`,
    `In summary, ${model} recommends focusing on ${topics[0] ?? "the main point"} first and checking the result against the request.`,
  ];
  return lines.join(" ");
}

/** The answer after a tool ran: it uses the tool's result, as an agent loop expects. */
export function toolFollowUp(model: string, prompt: string, toolResult: string): string {
  const result = toolResult.replace(/\s+/g, " ").trim();
  const shown = result.length > 200 ? `${result.slice(0, 199)}…` : result;
  return `Based on the tool result (${shown || "empty"}), here is the answer to: ${restate(prompt)} (${model})`;
}

function codeReply(model: string, prompt: string, request: string): string {
  const lang = LANGUAGES.find(([re]) => re.test(prompt))?.[1] ?? "typescript";
  // Name the function after what it does, not after the words that made this a code request.
  const subject = keywords(prompt, 8).filter((w) => !CODE_REQUEST.test(w) && !LANGUAGES.some(([re]) => re.test(w)));
  const name = identifier(subject.slice(0, 2)) || "solve";
  const body: Record<string, string> = {
    python: `def ${snake(name)}(data):\n    """${request}"""\n    result = [item for item in data if item is not None]\n    return result\n`,
    rust: `/// ${request}\npub fn ${snake(name)}(data: &[i64]) -> Vec<i64> {\n    data.iter().copied().filter(|x| *x >= 0).collect()\n}\n`,
    go: `// ${name} handles: ${request}\nfunc ${name}(data []int) []int {\n\tout := make([]int, 0, len(data))\n\tfor _, x := range data {\n\t\tif x >= 0 {\n\t\t\tout = append(out, x)\n\t\t}\n\t}\n\treturn out\n}\n`,
    sql: `-- ${request}\nSELECT id, name\nFROM items\nWHERE name IS NOT NULL\nORDER BY id;\n`,
    bash: `#!/usr/bin/env bash\n# ${request}\nset -euo pipefail\nfor f in "$@"; do\n  echo "processing $f"\ndone\n`,
  };
  const js = `/** ${request} */\nexport function ${name}(data${lang === "typescript" ? ": unknown[]" : ""}) {\n  return data.filter((item) => item !== null && item !== undefined);\n}\n`;
  return [
    `Here is a ${lang} implementation for: ${request}`,
    "",
    "```" + lang,
    (body[lang] ?? js).trimEnd(),
    "```",
    "",
    `(${model}) It keeps the logic small and side-effect free; adapt the filter to your data.`,
  ].join("\n");
}

/** The request as one sentence: first line, whitespace collapsed, capped, ending in punctuation. */
function restate(prompt: string): string {
  const flat = prompt.replace(/\s+/g, " ").trim() || "an unspecified request";
  const capped = flat.length > 160 ? `${flat.slice(0, 157).replace(/\s+\S*$/, "")}…` : flat;
  return /[.!?…]$/.test(capped) ? capped : `${capped}.`;
}

const STOPWORDS = new Set(
  "a an the and or but of to in on for with about from into by at as is are was were be been it its this that these those what which who whom how why when where can could would should will shall do does did please me my your you i we our us them they he she his her write explain give tell make then also some any each there here hi hello hey thanks just like".split(
    " ",
  ),
);

/** The first `n` distinct content words of the prompt, in order. */
export function keywords(prompt: string, n: number): string[] {
  const out: string[] = [];
  for (const w of prompt.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? []) {
    if (!STOPWORDS.has(w) && !out.includes(w)) out.push(w);
    if (out.length === n) break;
  }
  return out;
}

function identifier(words: string[]): string {
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("").replace(/[^A-Za-z0-9]/g, "");
}
const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const trimEnd = (s: string) => s.replace(/[.!?]+$/, "");
