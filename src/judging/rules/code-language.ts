// Which programming language code is in: a fence tag or a caller's name, the prompt's request, or the code's own look.

/** The languages the code-parses judge has a parser for. */
export const PARSEABLE = ["python", "javascript", "typescript", "jsx", "tsx"] as const;
export type Parseable = (typeof PARSEABLE)[number];

const ALIASES: Record<string, Parseable> = {
  python: "python", py: "python", python3: "python", py3: "python",
  javascript: "javascript", js: "javascript", node: "javascript", nodejs: "javascript", mjs: "javascript", cjs: "javascript",
  typescript: "typescript", ts: "typescript",
  jsx: "jsx", tsx: "tsx",
};

/**
 * Tags that mark a block as not code to parse: transcripts (a `>>>` session), program output, shell
 * commands, data. They are neither counted as code in the wanted language nor as code in another one.
 */
const NOT_CODE = new Set(["pycon", "console", "output", "text", "txt", "plaintext", "plain", "shell", "sh", "bash", "zsh", "json", "yaml", "yml", "toml", "csv", "markdown", "md", "diff", "log"]);

/** A language name or fence tag as one of the parseable languages; undefined for others (java, cpp, …) and for none. */
export function parseableLanguage(name: string | undefined): Parseable | undefined {
  return name ? ALIASES[name.trim().toLowerCase()] : undefined;
}

/** Whether a fence tag says the block is not code at all (output, a shell session, data). */
export const isNotCode = (tag: string) => NOT_CODE.has(tag);

const PROMPT_LANGUAGE: ReadonlyArray<[RegExp, Parseable]> = [
  [/\btsx\b/i, "tsx"],
  [/\btypescript\b|\bts\b(?= (?:function|code|file|type|interface))/i, "typescript"],
  [/\bjsx\b|\breact component\b/i, "jsx"],
  [/\bjavascript\b|\bnode\.?js\b|\bjs\b(?= (?:function|code|file))/i, "javascript"],
  [/\bpython\b/i, "python"],
];

/**
 * The language a prompt asks for when it names exactly one ("a python function" → python); undefined when it
 * names none or several ("port this Python to TypeScript" names two: the answer's language is not certain).
 */
export function languageAskedIn(prompt: string): Parseable | undefined {
  const named = PROMPT_LANGUAGE.filter(([re]) => re.test(prompt)).map(([, l]) => l);
  return named.length === 1 ? named[0] : undefined;
}

/** Whether a prompt asks for code ("write a function", "implement", "a script that …"). */
export function asksForCode(prompt: string): boolean {
  return /\b(?:write|implement|create|give me|provide|complete|fix)\b[^.?!\n]{0,60}\b(?:function|program|script|class|method|code|snippet|implementation)\b/i.test(prompt);
}

const PYTHON_LOOK = /^[ \t]*(?:def|class)[ \t]+\w+[ \t]*[(:]|^[ \t]*(?:import \w+|from [\w.]+ import)\b|^[ \t]*(?:elif|except)\b.*:[ \t]*$|\bprint\(|^[ \t]*if __name__ ==/m;
const JS_LOOK = /^[ \t]*(?:function\*?\s+\w+\s*\(|(?:const|let|var)\s+[\w{[]|export\s|import\s.*\sfrom\s['"])|=>|console\.log\(|;\s*$/m;
const TS_LOOK = /^[ \t]*(?:interface|type)\s+\w+|:\s*(?:string|number|boolean|void|any|unknown)\b/m;

/** A guess from the code itself, for an untagged block when neither the caller nor the prompt names a language. */
export function languageByLook(code: string): Parseable | undefined {
  const py = PYTHON_LOOK.test(code);
  const js = JS_LOOK.test(code);
  if (py && !js) return "python";
  if (js && !py) return TS_LOOK.test(code) ? "typescript" : "javascript";
  return undefined;
}
